/**
 * The Teams app package step (`npm run package`): builds a development package, checks the zip and
 * its manifest against Microsoft's published schemas (offline, from @microsoft/app-manifest), and
 * checks that each kind of broken manifest fails with the rule it breaks.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { DEV_DEFAULTS, assembleFiles, buildPackage, verifyPackage } from './package';
import { renderColorIcon, renderOutlineIcon } from './make-icons';
import {
  Issue,
  MANIFEST_VERSION,
  PackageValidationError,
  PackageVariables,
  RULES,
  bundledManifestVersions,
  checkManifestSchema,
  checkLocalizationSchema,
  formatIssue,
  localizableKeys,
  resolveVariables,
  validatePackageFiles,
} from './validate';

// @microsoft/app-manifest requires strip-bom@5, which is ESM-only. Node 20.19+ loads it (require of
// ESM), so `tsx manifest/package.ts` works, but jest's CommonJS module system cannot. The validator
// never calls it (strip-bom is used only by the package's file readers), so for jest it is replaced by
// an equivalent one-liner. The path is resolved from the package itself, so a hoisted or nested copy
// is found either way.
jest.mock(
  // jest hoists the mock above the imports: only require() can name the path there.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require.resolve('strip-bom', { paths: [require('node:path').dirname(require.resolve('@microsoft/app-manifest'))] }),
  () => (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s),
);

const MANIFEST_DIR = __dirname;
const REPO = resolve(__dirname, '..');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kvalitet-package-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function devVars(): PackageVariables {
  const { vars } = resolveVariables({}, DEV_DEFAULTS);
  if (!vars) throw new Error('dev defaults are invalid');
  return vars;
}

/** The filled package files, ready to be broken one way or another. */
function goodFiles(): Record<string, Buffer> {
  return assembleFiles(MANIFEST_DIR, devVars()).files;
}

function editJson(files: Record<string, Buffer>, name: string, edit: (doc: any) => void): void {
  const doc = JSON.parse(files[name]!.toString('utf8'));
  edit(doc);
  files[name] = Buffer.from(JSON.stringify(doc, null, 2), 'utf8');
}

function rulesOf(issues: Issue[]): string[] {
  return [...new Set(issues.map((i) => i.rule))];
}

/** Asserts that the issues contain `rule` and that its message, as printed, names the rule. */
function expectRule(issues: Issue[], rule: string, messagePart?: string | RegExp): void {
  expect(rulesOf(issues)).toContain(rule);
  const lines = issues.filter((i) => i.rule === rule).map(formatIssue);
  expect(lines.join('\n')).toContain(`[${rule}]`);
  if (messagePart) expect(lines.join('\n')).toMatch(messagePart);
}

function png(width: number, height: number, rgba: [number, number, number, number]): Buffer {
  const p = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) p.data.set(rgba, i * 4);
  return PNG.sync.write(p);
}

describe('a development package', () => {
  let zipPath: string;
  let zip: JSZip;

  beforeAll(async () => {
    const result = await buildPackage({ dev: true, vars: {}, outDir: join(tmp, 'out') });
    zipPath = result.zipPath;
    zip = await JSZip.loadAsync(readFileSync(zipPath));
  });

  it('is written as build/appPackage-style appPackage.<env>.zip', () => {
    expect(zipPath).toBe(join(tmp, 'out', 'appPackage.dev.zip'));
    expect(existsSync(zipPath)).toBe(true);
  });

  it('holds exactly manifest.json, the two icons and the two localisation files, at the zip root', () => {
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'da.json', 'manifest.json', 'outline.png', 'sv.json']);
    expect(Object.values(zip.files).some((f) => f.dir)).toBe(false);
  });

  it('has a manifest that passes the Teams manifest schema v' + MANIFEST_VERSION + ' offline', async () => {
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.manifestVersion).toBe(MANIFEST_VERSION);
    expect(await checkManifestSchema(manifest)).toEqual([]);
  });

  it('has localisation files that pass the localisation schema and translate every localisable string', async () => {
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    const keys = localizableKeys(manifest);
    expect(keys).toEqual(
      expect.arrayContaining(['name.short', 'name.full', 'description.short', 'description.full', 'staticTabs[0].name', 'staticTabs[1].name']),
    );
    expect(keys.filter((k) => k.startsWith('bots[0].commandLists')).length).toBeGreaterThanOrEqual(6);
    for (const [file, tag] of [
      ['da.json', 'da-dk'],
      ['sv.json', 'sv-se'],
    ] as const) {
      expect(manifest.localizationInfo.additionalLanguages).toContainEqual({ languageTag: tag, file });
      const doc = JSON.parse(await zip.file(file)!.async('string'));
      expect(await checkLocalizationSchema(doc, file)).toEqual([]);
      for (const k of keys) expect(typeof doc[k]).toBe('string');
    }
    const da = JSON.parse(await zip.file('da.json')!.async('string'));
    const sv = JSON.parse(await zip.file('sv.json')!.async('string'));
    expect(da['staticTabs[0].name']).toBe('Mine enheder');
    expect(da['staticTabs[1].name']).toBe('Overblik');
    expect(sv['staticTabs[0].name']).toBe('Mina enheter');
    expect(sv['staticTabs[1].name']).toBe('Översikt');
  });

  it('has every placeholder filled with the development values and consistent ids', async () => {
    const text = await zip.file('manifest.json')!.async('string');
    expect(text).not.toMatch(/\$\{\{/);
    const m = JSON.parse(text);
    expect(m.id).toBe(DEV_DEFAULTS.TEAMS_APP_ID);
    expect(m.bots[0].botId).toBe(DEV_DEFAULTS.BOT_ID);
    expect(m.webApplicationInfo).toEqual({
      id: DEV_DEFAULTS.AAD_APP_CLIENT_ID,
      resource: `api://kvalitet.example.org/${DEV_DEFAULTS.AAD_APP_CLIENT_ID}`,
    });
    expect(m.validDomains).toContain('kvalitet.example.org');
    expect(m.name.short.length).toBeLessThanOrEqual(30);
  });

  it('has the tabs, bot scopes, meeting contexts and stage permission the product needs', async () => {
    const m = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(m.name.full).toBe('Kvalitetsaftaler i Teams');
    const byId = Object.fromEntries(m.staticTabs.map((t: any) => [t.entityId, t]));
    expect(byId.myUnits.contentUrl).toBe('https://kvalitet.example.org/tab/?view=my-units');
    expect(byId.overview.contentUrl).toBe('https://kvalitet.example.org/tab/?view=overview');
    const tab = m.configurableTabs[0];
    expect(tab.configurationUrl).toBe('https://kvalitet.example.org/tab/config');
    expect(tab.canUpdateConfiguration).toBe(true);
    expect(tab.scopes.sort()).toEqual(['groupChat', 'team']);
    expect(tab.context).toEqual(
      expect.arrayContaining(['channelTab', 'privateChatTab', 'meetingChatTab', 'meetingDetailsTab', 'meetingSidePanel', 'meetingStage']),
    );
    expect(m.bots[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    const titles = m.bots[0].commandLists.flatMap((l: any) => l.commands.map((c: any) => c.title));
    expect(titles).toEqual(expect.arrayContaining(['help', 'my tasks', 'report']));
    expect(m.authorization.permissions.resourceSpecific).toContainEqual({ name: 'MeetingStage.Write.Chat', type: 'Delegated' });
  });

  it('passes --verify as a zip', async () => {
    await expect(verifyPackage(zipPath, { dev: true, vars: {} })).resolves.toBeTruthy();
  });

  it('is reproducible: the same input gives the same bytes', async () => {
    const again = await buildPackage({ dev: true, vars: {}, outDir: join(tmp, 'again') });
    expect(readFileSync(again.zipPath).equals(readFileSync(zipPath))).toBe(true);
  });
});

describe('the variables', () => {
  it('fail naming the missing variable when --dev is not given', async () => {
    const vars = { TEAMS_APP_ID: DEV_DEFAULTS.TEAMS_APP_ID, AAD_APP_CLIENT_ID: DEV_DEFAULTS.AAD_APP_CLIENT_ID, APP_DOMAIN: 'kvalitet.example.org' };
    const err = await buildPackage({ vars, outDir: join(tmp, 'missing') }).catch((e) => e);
    expect(err).toBeInstanceOf(PackageValidationError);
    expect(err.message).toContain(`[${RULES.envMissing}]`);
    expect(err.message).toContain('BOT_ID');
    expect(existsSync(join(tmp, 'missing'))).toBe(false);
  });

  it('reject a domain given as a URL and ids that are not GUIDs', () => {
    const { issues } = resolveVariables({ ...DEV_DEFAULTS, APP_DOMAIN: 'https://kvalitet.example.org/', BOT_ID: 'my-bot' });
    expectRule(issues, RULES.envDomain, /APP_DOMAIN/);
    expectRule(issues, RULES.envGuid, /BOT_ID/);
  });

  it('build a package from real values without --dev', async () => {
    const real = {
      TEAMS_APP_ID: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b',
      BOT_ID: '7a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
      AAD_APP_CLIENT_ID: '8b3c4d5e-6f7a-4b2c-9d3e-4f5a6b7c8d9e',
      APP_DOMAIN: 'kvalitet.kommune.example',
    };
    const result = await buildPackage({ env: 'test', vars: real, outDir: join(tmp, 'real') });
    expect(result.zipPath.endsWith('appPackage.test.zip')).toBe(true);
    expect(result.manifest.bots?.[0]?.botId).toBe(real.BOT_ID);
    expect(result.manifest.webApplicationInfo?.resource).toBe(`api://kvalitet.kommune.example/${real.AAD_APP_CLIENT_ID}`);
    expect(result.manifest.name.short).toBe('Kvalitetsaftaler');

    // With --dev, values that are set still win over the fake defaults.
    const dev = await buildPackage({ dev: true, vars: { BOT_ID: real.BOT_ID }, outDir: join(tmp, 'real-dev') });
    expect(dev.manifest.bots?.[0]?.botId).toBe(real.BOT_ID);
    expect(dev.manifest.id).toBe(DEV_DEFAULTS.TEAMS_APP_ID);
    expect(dev.manifest.name.short).toBe('Kvalitetsaftaler (dev)');
  });
});

describe('a broken manifest fails with the rule it breaks', () => {
  const vars = devVars();

  it('the good files pass', async () => {
    expect(await validatePackageFiles(goodFiles(), vars)).toEqual([]);
  });

  it('a short name of 40 characters', async () => {
    const files = goodFiles();
    editJson(files, 'manifest.json', (m) => (m.name.short = 'K'.repeat(40)));
    const issues = await validatePackageFiles(files, vars);
    expectRule(issues, RULES.nameShort, /40 characters; at most 30/);
    expectRule(issues, RULES.manifestSchema, '/name/short must NOT have more than 30 characters');
  });

  it('a short name of 40 characters in a localisation file', async () => {
    const files = goodFiles();
    editJson(files, 'da.json', (d) => (d['name.short'] = 'K'.repeat(40)));
    const issues = await validatePackageFiles(files, vars);
    expectRule(issues, RULES.nameShort, /da\.json/);
    expectRule(issues, RULES.localizationSchema, /da\.json: \/name\.short must NOT have more than 30 characters/);
  });

  it('a leftover placeholder in the manifest', async () => {
    const files = goodFiles();
    editJson(files, 'manifest.json', (m) => (m.developer.privacyUrl = 'https://${{PRIVACY_DOMAIN}}/privacy'));
    expectRule(await validatePackageFiles(files, vars), RULES.placeholder, 'manifest.json still contains ${{PRIVACY_DOMAIN}}');
  });

  it('a leftover placeholder in a localisation file', async () => {
    const files = goodFiles();
    editJson(files, 'sv.json', (d) => (d['name.full'] = 'Kvalitetsaftaler ${{KOMMUN}}'));
    expectRule(await validatePackageFiles(files, vars), RULES.placeholder, 'sv.json still contains ${{KOMMUN}}');
  });

  it('a template with an unknown placeholder fails the build and writes no zip', async () => {
    const dir = join(tmp, 'template-placeholder');
    cpSync(MANIFEST_DIR, dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
    const text = readFileSync(join(dir, 'manifest.json'), 'utf8').replace('"accentColor"', '"packageName": "${{PACKAGE_NAME}}",\n  "accentColor"');
    writeFileSync(join(dir, 'manifest.json'), text);
    const err = await buildPackage({ dev: true, vars: {}, manifestDir: dir, outDir: join(dir, 'out') }).catch((e) => e);
    expect(err).toBeInstanceOf(PackageValidationError);
    expect(err.rules).toContain(RULES.placeholder);
    expect(err.message).toContain('${{PACKAGE_NAME}}');
    expect(existsSync(join(dir, 'out', 'appPackage.dev.zip'))).toBe(false);
  });

  it('a bot id that is not BOT_ID', async () => {
    const files = goodFiles();
    editJson(files, 'manifest.json', (m) => (m.bots[0].botId = '99999999-9999-4999-8999-999999999999'));
    expectRule(await validatePackageFiles(files, vars), RULES.botId, `but BOT_ID is "${vars.BOT_ID}"`);
  });

  it('a Teams app id that is not TEAMS_APP_ID', async () => {
    const files = goodFiles();
    editJson(files, 'manifest.json', (m) => (m.id = '99999999-9999-4999-8999-999999999999'));
    expectRule(await validatePackageFiles(files, vars), RULES.teamsAppId);
  });

  it('an SSO app id that is not AAD_APP_CLIENT_ID', async () => {
    const files = goodFiles();
    editJson(files, 'manifest.json', (m) => (m.webApplicationInfo.id = '99999999-9999-4999-8999-999999999999'));
    expectRule(await validatePackageFiles(files, vars), RULES.ssoAppId);
  });

  it('an SSO resource that is not api://APP_DOMAIN/AAD_APP_CLIENT_ID', async () => {
    const files = goodFiles();
    editJson(files, 'manifest.json', (m) => (m.webApplicationInfo.resource = `api://${vars.AAD_APP_CLIENT_ID}`));
    expectRule(await validatePackageFiles(files, vars), RULES.ssoResource, `api://kvalitet.example.org/${vars.AAD_APP_CLIENT_ID}`);
  });

  it('validDomains without APP_DOMAIN', async () => {
    const files = goodFiles();
    editJson(files, 'manifest.json', (m) => (m.validDomains = ['other.example.org']));
    expectRule(await validatePackageFiles(files, vars), RULES.validDomains);
  });

  it('a tab URL on another host or over http', async () => {
    const files = goodFiles();
    editJson(files, 'manifest.json', (m) => {
      m.staticTabs[0].contentUrl = 'https://elsewhere.example.org/tab/?view=my-units';
      m.configurableTabs[0].configurationUrl = 'http://kvalitet.example.org/tab/config';
    });
    const issues = await validatePackageFiles(files, vars);
    expectRule(issues, RULES.tabUrlDomain, /staticTabs\[0\]\.contentUrl/);
    expectRule(issues, RULES.tabUrlDomain, /configurableTabs\[0\]\.configurationUrl/);
  });

  it('a meeting stage tab without MeetingStage.Write.Chat', async () => {
    const files = goodFiles();
    editJson(files, 'manifest.json', (m) => {
      m.authorization.permissions.resourceSpecific = m.authorization.permissions.resourceSpecific.filter((p: any) => p.name !== 'MeetingStage.Write.Chat');
    });
    expectRule(await validatePackageFiles(files, vars), RULES.meetingStageRsc);
  });

  it('a manifest on another schema version', async () => {
    const files = goodFiles();
    editJson(files, 'manifest.json', (m) => {
      m.manifestVersion = '1.17';
      m.$schema = 'https://developer.microsoft.com/json-schemas/teams/v1.17/MicrosoftTeams.schema.json';
    });
    expectRule(await validatePackageFiles(files, vars), RULES.schemaVersion, /expected "1\.30"/);
  });

  it('a schema that is not bundled is not fetched but reported', async () => {
    const files = goodFiles();
    editJson(files, 'manifest.json', (m) => (m.$schema = 'https://developer.microsoft.com/json-schemas/teams/v9.99/MicrosoftTeams.schema.json'));
    expectRule(await validatePackageFiles(files, vars), RULES.schemaOffline, /cannot be validated offline/);
  });

  it('a property the schema does not allow', async () => {
    const files = goodFiles();
    editJson(files, 'manifest.json', (m) => (m.staticTabs[0].colour = 'teal'));
    expectRule(await validatePackageFiles(files, vars), RULES.manifestSchema, /additional properties.*colour/);
  });

  it('a colour icon of the wrong size', async () => {
    const files = goodFiles();
    files['color.png'] = png(96, 96, [14, 122, 109, 255]);
    expectRule(await validatePackageFiles(files, vars), RULES.iconColorSize, /96×96; the colour icon must be 192×192/);
  });

  it('an outline icon of the wrong size', async () => {
    const files = goodFiles();
    files['outline.png'] = png(64, 64, [255, 255, 255, 0]);
    expectRule(await validatePackageFiles(files, vars), RULES.iconOutlineSize, /64×64/);
  });

  it('an outline icon with one coloured pixel', async () => {
    const files = goodFiles();
    const outline = PNG.sync.read(files['outline.png']!);
    outline.data.set([14, 122, 109, 255], (5 * 32 + 7) * 4); // pixel (7,5)
    files['outline.png'] = PNG.sync.write(outline);
    expectRule(await validatePackageFiles(files, vars), RULES.iconOutlineColour, /1 pixel\(s\).*\(7,5\) rgba\(14,122,109,255\)/);
  });

  it('an icon that is not a PNG', async () => {
    const files = goodFiles();
    files['color.png'] = Buffer.from('not a png');
    expectRule(await validatePackageFiles(files, vars), RULES.iconPng);
  });

  it('a wrong-size icon in the template folder fails the build and writes no zip', async () => {
    const dir = join(tmp, 'template-icon');
    cpSync(MANIFEST_DIR, dir, { recursive: true, filter: (src) => !src.endsWith('.ts') });
    writeFileSync(join(dir, 'color.png'), png(100, 100, [14, 122, 109, 255]));
    const err = await buildPackage({ dev: true, vars: {}, manifestDir: dir, outDir: join(dir, 'out') }).catch((e) => e);
    expect(err).toBeInstanceOf(PackageValidationError);
    expect(err.rules).toEqual([RULES.iconColorSize]);
    expect(existsSync(join(dir, 'out', 'appPackage.dev.zip'))).toBe(false);
  });

  it('a localisation file that misses a translation', async () => {
    const files = goodFiles();
    editJson(files, 'sv.json', (d) => delete d['staticTabs[1].name']);
    expectRule(await validatePackageFiles(files, vars), RULES.localizationComplete, /sv\.json does not translate staticTabs\[1\]\.name/);
  });

  it('a localisation file with a key the manifest does not have', async () => {
    const files = goodFiles();
    editJson(files, 'da.json', (d) => (d['staticTabs[7].name'] = 'Ekstra'));
    expectRule(await validatePackageFiles(files, vars), RULES.localizationUnknownKey, /staticTabs\[7\]\.name/);
  });

  it('a missing localisation file', async () => {
    const files = goodFiles();
    delete files['sv.json'];
    expectRule(await validatePackageFiles(files, vars), RULES.localizationFileMissing, /sv\.json/);
  });

  it('no Swedish among the languages', async () => {
    const files = goodFiles();
    editJson(
      files,
      'manifest.json',
      (m) => (m.localizationInfo.additionalLanguages = m.localizationInfo.additionalLanguages.filter((l: any) => l.languageTag !== 'sv-se')),
    );
    expectRule(await validatePackageFiles(files, vars), RULES.localizationLanguages, /sv-se/);
  });

  it('a zip with a folder, a file below the root and a stray file', async () => {
    const good = await buildPackage({ dev: true, vars: {}, outDir: join(tmp, 'layout') });
    const zip = await JSZip.loadAsync(readFileSync(good.zipPath));
    const bad = new JSZip();
    for (const [name, entry] of Object.entries(zip.files)) {
      const data = await entry.async('nodebuffer');
      bad.file(name === 'color.png' ? 'icons/color.png' : name, data);
    }
    bad.file('README.txt', 'hello');
    const badPath = join(tmp, 'layout', 'bad.zip');
    writeFileSync(badPath, await bad.generateAsync({ type: 'nodebuffer' }));
    const err = await verifyPackage(badPath, { dev: true, vars: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(PackageValidationError);
    expect(err.rules).toContain(RULES.zipLayout);
    expect(err.message).toMatch(/icons\/color\.png is not at the zip root/);
    expect(err.message).toMatch(/color\.png is missing from the zip/);
    expect(err.message).toMatch(/README\.txt is in the zip but the manifest does not refer to it/);
  });
});

describe('the icons in manifest/', () => {
  it('color.png is 192×192', () => {
    const p = PNG.sync.read(readFileSync(join(MANIFEST_DIR, 'color.png')));
    expect([p.width, p.height]).toEqual([192, 192]);
  });

  it('outline.png is 32×32 with only white or transparent pixels, and not empty', () => {
    const p = PNG.sync.read(readFileSync(join(MANIFEST_DIR, 'outline.png')));
    expect([p.width, p.height]).toEqual([32, 32]);
    let opaque = 0;
    for (let i = 0; i < p.data.length; i += 4) {
      if (p.data[i + 3] === 0) continue;
      expect([p.data[i], p.data[i + 1], p.data[i + 2]]).toEqual([255, 255, 255]);
      if (p.data[i + 3] === 255) opaque++;
    }
    expect(opaque).toBeGreaterThan(50);
  });

  it('are what make-icons.ts draws (regenerate with `tsx manifest/make-icons.ts`)', () => {
    // Allow one sub-sample of difference per channel (255/16), in case a future V8 rounds Math.atan2
    // differently at a shape's edge.
    const maxDiff = (a: Buffer, b: Buffer) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
    const color = PNG.sync.read(readFileSync(join(MANIFEST_DIR, 'color.png')));
    const outline = PNG.sync.read(readFileSync(join(MANIFEST_DIR, 'outline.png')));
    expect(maxDiff(color.data, renderColorIcon().data)).toBeLessThanOrEqual(16);
    expect(maxDiff(outline.data, renderOutlineIcon().data)).toBeLessThanOrEqual(16);
  });
});

describe('the schema version', () => {
  it('is the newest Teams manifest schema that @microsoft/app-manifest bundles (bump MANIFEST_VERSION when it ships a newer one)', () => {
    expect(bundledManifestVersions()[0]).toBe(MANIFEST_VERSION);
  });
});

describe('the command line', () => {
  const run = promisify(execFile);
  const tsx = join(REPO, 'node_modules', '.bin', 'tsx');
  const script = join(REPO, 'manifest', 'package.ts');
  const cleanEnv = (): NodeJS.ProcessEnv => {
    const env = { ...process.env };
    for (const k of ['TEAMS_APP_ID', 'BOT_ID', 'AAD_APP_CLIENT_ID', 'APP_DOMAIN', 'APP_NAME_SUFFIX', 'TEAMSFX_ENV']) delete env[k];
    return env;
  };

  it('exits 0 and writes the zip with --dev', async () => {
    const out = join(tmp, 'cli');
    const { stdout } = await run(tsx, [script, '--dev', '--out', out], { cwd: REPO, env: cleanEnv() });
    expect(stdout).toContain('OK ');
    expect(existsSync(join(out, 'appPackage.dev.zip'))).toBe(true);
  });

  it('exits non-zero naming the missing variable without --dev', async () => {
    const env = {
      ...cleanEnv(),
      TEAMS_APP_ID: DEV_DEFAULTS.TEAMS_APP_ID,
      AAD_APP_CLIENT_ID: DEV_DEFAULTS.AAD_APP_CLIENT_ID,
      APP_DOMAIN: 'kvalitet.example.org',
    };
    const err: any = await run(tsx, [script, '--out', join(tmp, 'cli-fail')], { cwd: REPO, env }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain('[env-variable-missing] environment variable BOT_ID is not set');
  });
});
