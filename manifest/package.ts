/**
 * Builds and validates the Teams app package (`npm run package`).
 *
 *   tsx manifest/package.ts [--dev] [--env <name>] [--out <dir>]
 *   tsx manifest/package.ts --verify <zip> [--dev]
 *
 * Build: reads `manifest/manifest.json` and the files it refers to (icons, localisation files), fills
 * the `${{…}}` placeholders from the environment (TEAMS_APP_ID, BOT_ID, AAD_APP_CLIENT_ID, APP_DOMAIN,
 * optional APP_NAME_SUFFIX), checks every rule in `manifest/validate.ts` and writes
 * `build/appPackage/appPackage.<env>.zip` with all files at the zip root. The written zip is read back
 * and checked again.
 *
 * `--dev` fills variables that are not set with clearly fake values, for a development package that
 * can be inspected or validated but not installed. Without `--dev` a missing variable is an error.
 * `--env` names the package (default `dev` with `--dev`, else `$TEAMSFX_ENV`, else `prod`).
 *
 * Verify: checks an existing zip (for example one made by the Agents Toolkit's
 * `teamsApp/zipAppPackage`) against the same rules.
 *
 * Exit code 0 when every rule holds; 1 with one `[rule] message` line per problem otherwise.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import type { TeamsManifestV1D30 } from '@microsoft/app-manifest';
import {
  Issue,
  PackageValidationError,
  PackageVariables,
  RULES,
  checkZipLayout,
  fillPlaceholders,
  packageFileNames,
  parseJson,
  textAt,
  resolveVariables,
  validatePackageFiles,
} from './validate';

/** Clearly fake but valid values for `--dev`. */
export const DEV_DEFAULTS: Readonly<Record<string, string>> = {
  TEAMS_APP_ID: '00000000-0000-4000-8000-0000000000a1',
  BOT_ID: '00000000-0000-4000-8000-0000000000b0',
  AAD_APP_CLIENT_ID: '00000000-0000-4000-8000-0000000000c1',
  APP_DOMAIN: 'kvalitet.example.org',
  APP_NAME_SUFFIX: ' (dev)',
};

export const DEFAULT_MANIFEST_DIR = __dirname;
export const DEFAULT_OUT_DIR = resolve(__dirname, '..', 'build', 'appPackage');

/** A fixed timestamp for zip entries so the same input gives the same zip. */
const ZIP_DATE = new Date('2025-01-01T00:00:00Z');

export interface BuildOptions {
  /** Fill missing variables with {@link DEV_DEFAULTS}. */
  dev?: boolean;
  /** Package name used in `appPackage.<env>.zip`. */
  env?: string;
  /** Where the variables come from; default `process.env`. */
  vars?: Record<string, string | undefined>;
  /** Folder holding manifest.json, the icons and the localisation files; default `manifest/`. */
  manifestDir?: string;
  /** Output folder; default `build/appPackage/` at the repository root. */
  outDir?: string;
}

/** A manifest that passed every check, typed by Microsoft's published schema for MANIFEST_VERSION. */
export type ValidManifest = TeamsManifestV1D30.TeamsManifestV1D30;

export interface BuildResult {
  zipPath: string;
  env: string;
  vars: PackageVariables;
  /** The filled manifest as written into the zip: it passed Microsoft's schema, so it has the schema's type. */
  manifest: ValidManifest;
  /** Zip entry names. */
  entries: string[];
}

function envName(options: BuildOptions): string {
  const name = options.env ?? (options.dev ? 'dev' : (options.vars ?? process.env).TEAMSFX_ENV || 'prod');
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) {
    throw new Error(`--env "${name}" may only contain letters, digits, "-" and "_"`);
  }
  return name;
}

function variables(options: BuildOptions): PackageVariables {
  const { vars, issues } = resolveVariables(options.vars ?? process.env, options.dev ? DEV_DEFAULTS : {});
  if (!vars) throw new PackageValidationError(issues);
  return vars;
}

/** Reads the template folder and fills placeholders; returns zip-root name → content. */
export function assembleFiles(manifestDir: string, vars: PackageVariables): { files: Record<string, Buffer>; manifest: unknown } {
  const manifestPath = join(manifestDir, 'manifest.json');
  const manifestText = fillPlaceholders(readFileSync(manifestPath, 'utf8'), vars);
  let manifest: unknown;
  try {
    manifest = parseJson(manifestText);
  } catch (e) {
    throw new PackageValidationError([{ rule: RULES.jsonInvalid, message: `manifest.json is not valid JSON (${(e as Error).message})` }]);
  }
  const files: Record<string, Buffer> = { 'manifest.json': Buffer.from(manifestText, 'utf8') };
  const missing: Issue[] = [];
  for (const name of packageFileNames(manifest)) {
    if (name === 'manifest.json') continue;
    if (name.includes('/') || name.includes('\\')) {
      missing.push({ rule: RULES.zipLayout, message: `manifest refers to "${name}"; package files must sit next to manifest.json` });
      continue;
    }
    const path = join(manifestDir, name);
    if (!existsSync(path)) {
      const isIcon = name === textAt(manifest, 'icons', 'color') || name === textAt(manifest, 'icons', 'outline');
      missing.push({
        rule: isIcon ? RULES.iconMissing : RULES.localizationFileMissing,
        message: `${name} is referred to by manifest.json but does not exist in ${manifestDir}`,
      });
      continue;
    }
    const raw = readFileSync(path);
    files[name] = name.endsWith('.json') ? Buffer.from(fillPlaceholders(raw.toString('utf8'), vars), 'utf8') : raw;
  }
  if (missing.length > 0) throw new PackageValidationError(missing);
  return { files, manifest };
}

async function writeZip(files: Record<string, Buffer>, zipPath: string): Promise<void> {
  const zip = new JSZip();
  // manifest.json first, the rest in name order: stable output.
  const names = [
    'manifest.json',
    ...Object.keys(files)
      .filter((n) => n !== 'manifest.json')
      .sort(),
  ];
  for (const name of names) zip.file(name, files[name]!, { date: ZIP_DATE, createFolders: false });
  const data = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'UNIX' });
  writeFileSync(zipPath, data);
}

async function readZip(zipPath: string): Promise<{ entries: string[]; files: Record<string, Buffer> }> {
  const zip = await JSZip.loadAsync(readFileSync(zipPath));
  const entries = Object.keys(zip.files);
  const files: Record<string, Buffer> = {};
  for (const name of entries) {
    const entry = zip.files[name]!;
    if (!entry.dir) files[name] = await entry.async('nodebuffer');
  }
  return { entries, files };
}

/** Checks a zip against every rule: layout, placeholders, ids, icons, schemas, localisation. */
export async function checkZip(zipPath: string, vars: PackageVariables): Promise<{ issues: Issue[]; entries: string[]; manifest?: unknown }> {
  let read: { entries: string[]; files: Record<string, Buffer> };
  try {
    read = await readZip(zipPath);
  } catch (e) {
    return { issues: [{ rule: RULES.zipLayout, message: `${zipPath} is not a readable zip (${(e as Error).message})` }], entries: [] };
  }
  const manifestBuf = read.files['manifest.json'];
  if (!manifestBuf) {
    return { issues: [{ rule: RULES.zipLayout, message: 'manifest.json is not at the zip root' }], entries: read.entries };
  }
  let manifest: unknown;
  try {
    manifest = parseJson(manifestBuf.toString('utf8'));
  } catch (e) {
    return { issues: [{ rule: RULES.jsonInvalid, message: `manifest.json is not valid JSON (${(e as Error).message})` }], entries: read.entries };
  }
  const issues = [...checkZipLayout(read.entries, manifest), ...(await validatePackageFiles(read.files, vars))];
  return { issues, entries: read.entries, manifest };
}

/**
 * Builds `appPackage.<env>.zip`. Throws {@link PackageValidationError} (its `issues` name the broken
 * rules) and writes nothing when a rule is broken.
 */
export async function buildPackage(options: BuildOptions = {}): Promise<BuildResult> {
  const env = envName(options);
  const vars = variables(options);
  const manifestDir = options.manifestDir ?? DEFAULT_MANIFEST_DIR;
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;

  const { files, manifest } = assembleFiles(manifestDir, vars);
  const issues = await validatePackageFiles(files, vars);
  if (issues.length > 0) throw new PackageValidationError(issues);

  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, `appPackage.${env}.zip`);
  await writeZip(files, zipPath);

  const check = await checkZip(zipPath, vars);
  if (check.issues.length > 0) {
    rmSync(zipPath, { force: true });
    throw new PackageValidationError(check.issues);
  }
  return { zipPath, env, vars, manifest: manifest as ValidManifest, entries: check.entries };
}

/** Checks an existing zip; throws {@link PackageValidationError} when a rule is broken. */
export async function verifyPackage(
  zipPath: string,
  options: Pick<BuildOptions, 'dev' | 'vars'> = {},
): Promise<{ entries: string[]; manifest: ValidManifest }> {
  const vars = variables(options);
  const check = await checkZip(zipPath, vars);
  if (check.issues.length > 0) throw new PackageValidationError(check.issues);
  return { entries: check.entries, manifest: check.manifest as ValidManifest };
}

interface Cli {
  dev: boolean;
  env?: string;
  out?: string;
  verify?: string;
}

function parseArgs(argv: string[]): Cli {
  const cli: Cli = { dev: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--dev') cli.dev = true;
    else if (a === '--env') cli.env = value();
    else if (a === '--out') cli.out = value();
    else if (a === '--verify') cli.verify = value();
    else if (a === '--help' || a === '-h') {
      console.log('usage: tsx manifest/package.ts [--dev] [--env <name>] [--out <dir>] | --verify <zip> [--dev]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return cli;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const cli = parseArgs(argv);
    if (cli.verify) {
      const zipPath = resolve(cli.verify);
      const { entries } = await verifyPackage(zipPath, { dev: cli.dev });
      console.log(`OK ${zipPath} (${entries.join(', ')})`);
      return 0;
    }
    const options: BuildOptions = { dev: cli.dev };
    if (cli.env !== undefined) options.env = cli.env;
    if (cli.out !== undefined) options.outDir = resolve(cli.out);
    const result = await buildPackage(options);
    console.log(`OK ${result.zipPath}`);
    console.log(`   ${result.entries.join(', ')}`);
    console.log(`   app id ${result.vars.TEAMS_APP_ID}, bot ${result.vars.BOT_ID}, SSO ${result.vars.AAD_APP_CLIENT_ID}, https://${result.vars.APP_DOMAIN}`);
    if (cli.dev) console.log('   development package: ids not set in the environment are fake; do not upload it to a tenant');
    return 0;
  } catch (e) {
    console.error(e instanceof PackageValidationError ? e.message : `package failed: ${(e as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
