/**
 * The Agents Toolkit project checked offline, by Microsoft's own tool (`npm run check:toolkit`).
 *
 *   tsx teams-app/toolkit-check.ts [yaml] [manifest]     (both when none is named)
 *
 * - `yaml`: every `teams-app/m365agents*.yml` against the YAML schema that the toolkit's CLI
 *   (`@microsoft/m365agentstoolkit-cli`, a locked dev dependency) bundles for the file's `version:`
 *   (`resource/yaml-schema/<version>/yaml.schema.json`, the schema the file's `$schema` comment names
 *   on aka.ms). Also run by `teams-app/toolkit-check.test.ts`.
 * - `manifest`: builds the development package (`npm run package -- --dev`) into a temporary folder,
 *   unpacks it and runs `atk validate --manifest-file <manifest.json>`: the manifest schema and the
 *   toolkit's validation rules, without signing in.
 *
 * The CLI asks an experimentation service (default.exp-tas.com) and Application Insights even with
 * `--telemetry false`, so it runs without a network: in a network namespace of its own (`unshare -rn`)
 * where the kernel allows one, else with every proxy variable pointing at a closed local port. It gets
 * an empty HOME (no cached sign-in, nothing written to the developer's home), no terminal to ask on
 * (`--interactive false`, stdin closed) and a time limit, after which its whole process group is killed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import JSZip from 'jszip';
import { parse } from 'yaml';

export const PROJECT_DIR = __dirname;
const CLI_DIR = dirname(require.resolve('@microsoft/m365agentstoolkit-cli/package.json'));

/** The project files the toolkit reads: `m365agents.yml`, `m365agents.local.yml`, … */
export const projectYamlFiles = (dir = PROJECT_DIR): string[] =>
  readdirSync(dir)
    .filter((f) => /^m365agents(\.[a-z0-9-]+)?\.yml$/.test(f))
    .sort()
    .map((f) => join(dir, f));

/** The bundled schema for a project file's `version:` (for example `v1.11`). */
export function toolkitYamlSchemaPath(version: string): string {
  if (!/^v?\d+\.\d+(\.\d+)?$/.test(version)) throw new Error(`"${version}" is not a toolkit project version`);
  return join(CLI_DIR, 'resource', 'yaml-schema', version, 'yaml.schema.json');
}

/**
 * Checks one `m365agents*.yml` against the schema bundled for its version. Returns one line per
 * problem (the property path and what is wrong), none when the file holds.
 */
export function validateProjectYaml(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return [`${file}: not valid YAML (${(e as Error).message})`];
  }
  const version = (doc as { version?: unknown } | null)?.version;
  if (typeof version !== 'string') return [`${file}: /version is missing`];
  const comment = /\$schema=(\S+)/.exec(text)?.[1];
  const problems: string[] = [];
  if (comment !== undefined && !comment.includes(`/${version}/`))
    problems.push(`${file}: the $schema comment (${comment}) names another version than /version (${version})`);
  let schema: object;
  try {
    schema = JSON.parse(readFileSync(toolkitYamlSchemaPath(version), 'utf8')) as object;
  } catch (e) {
    return [...problems, `${file}: the toolkit CLI bundles no schema for version ${version} (${(e as Error).message})`];
  }
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  if (!validate(doc)) {
    for (const err of validate.errors ?? []) {
      const extra = err.keyword === 'additionalProperties' ? ` (${String((err.params as { additionalProperty?: string }).additionalProperty)})` : '';
      problems.push(`${file}: ${err.instancePath || '/'} ${err.message ?? err.keyword}${extra}`);
    }
  }
  return problems;
}

/** Whether this machine lets an unprivileged process have a network namespace of its own. */
function canUnshareNetwork(): boolean {
  const probe = spawnSync('unshare', ['-rn', 'true'], { stdio: 'ignore', timeout: 10_000 });
  return probe.status === 0;
}

export interface AtkRun {
  code: number | null;
  output: string;
  timedOut: boolean;
  /** How the network was closed: `namespace` (unshare -rn) or `proxy` (closed local port). */
  offline: 'namespace' | 'proxy';
}

/** `atk <args>` without a network, a terminal or the caller's home; killed with its group after `timeoutMs`. */
export function runAtkOffline(args: string[], timeoutMs: number): Promise<AtkRun> {
  const home = mkdtempSync(join(tmpdir(), 'atk-home-'));
  const closed = 'http://127.0.0.1:9';
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    CI: 'true',
    NO_COLOR: '1',
    HTTP_PROXY: closed,
    HTTPS_PROXY: closed,
    http_proxy: closed,
    https_proxy: closed,
    NO_PROXY: '',
    no_proxy: '',
  };
  const cli = [join(CLI_DIR, 'cli.js'), ...args, '--interactive', 'false', '--telemetry', 'false'];
  const offline = canUnshareNetwork() ? 'namespace' : 'proxy';
  const [command, commandArgs] = offline === 'namespace' ? ['unshare', ['-rn', process.execPath, ...cli]] : [process.execPath, cli];
  return new Promise((done, fail) => {
    const child = spawn(command, commandArgs, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    let timedOut = false;
    const limit = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(limit);
      rmSync(home, { recursive: true, force: true });
      fail(e);
    });
    child.on('close', (code) => {
      clearTimeout(limit);
      rmSync(home, { recursive: true, force: true });
      done({ code, output, timedOut, offline });
    });
  });
}

/** Builds the development package into `dir`, unpacks it there and returns the unpacked manifest.json's path. */
export async function unpackedDevManifest(dir: string): Promise<string> {
  // Loaded here, not at the top: the YAML check (and its jest test) needs none of the package builder.
  const { buildPackage } = await import('../manifest/package.js');
  const { zipPath } = await buildPackage({ dev: true, outDir: join(dir, 'zip') });
  const zip = await JSZip.loadAsync(readFileSync(zipPath));
  const unpacked = join(dir, 'appPackage');
  mkdirSync(unpacked, { recursive: true });
  for (const [name, entry] of Object.entries(zip.files)) {
    if (!entry.dir) writeFileSync(join(unpacked, name), await entry.async('nodebuffer'));
  }
  return join(unpacked, 'manifest.json');
}

/** `atk validate --manifest-file` on the built development package; exit code 0 when the toolkit finds nothing. */
export async function validateBuiltManifest(timeoutMs: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'atk-manifest-'));
  try {
    const manifest = await unpackedDevManifest(dir);
    const run = await runAtkOffline(['validate', '--manifest-file', manifest], timeoutMs);
    console.log(run.output.trim());
    console.log(`(atk ran offline by ${run.offline === 'namespace' ? 'a network namespace of its own' : 'proxy variables pointing at a closed port'})`);
    if (run.timedOut) {
      console.error(`atk validate did not finish within ${timeoutMs / 1000} s; stopped`);
      return 1;
    }
    if (run.code !== 0) {
      console.error(`atk validate refused the built manifest (exit code ${run.code})`);
      return 1;
    }
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => a !== 'yaml' && a !== 'manifest');
  if (unknown.length) {
    console.error(`usage: tsx teams-app/toolkit-check.ts [yaml] [manifest] (unknown: ${unknown.join(' ')})`);
    return 2;
  }
  const parts = argv.length ? argv : ['yaml', 'manifest'];
  let code = 0;
  if (parts.includes('yaml')) {
    for (const file of projectYamlFiles()) {
      const problems = validateProjectYaml(file);
      for (const p of problems) console.error(p);
      console.log(`${problems.length ? 'FAIL' : 'OK  '} ${file} against the toolkit's bundled YAML schema`);
      if (problems.length) code = 1;
    }
  }
  if (parts.includes('manifest')) {
    const limit = Number(process.env.ATK_TIMEOUT_MS ?? 180_000);
    if ((await validateBuiltManifest(limit)) !== 0) code = 1;
  }
  return code;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`toolkit check failed: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
