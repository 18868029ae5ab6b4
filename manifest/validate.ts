/**
 * Offline checks for the Teams app package. Used by `manifest/package.ts` (the `npm run package`
 * script) and by `manifest/package.test.ts`.
 *
 * Every problem is reported as an {@link Issue} with a stable rule id, so a broken package fails with
 * the rule that was broken, for example `[bot-id-match] bots[0].botId is … but BOT_ID is …`.
 *
 * The JSON schemas come from the `@microsoft/app-manifest` npm package (Microsoft's Teams manifest and
 * localisation schemas, vendored in `build/json-schemas/teams/v<version>/`). They are always read from
 * disk; if the schema named by `$schema` is not bundled the check fails (rule `schema-offline`) instead
 * of fetching it from the network.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import type { ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { PNG } from 'pngjs';

/** The manifest schema version this app targets: the newest one `@microsoft/app-manifest` bundles. */
export const MANIFEST_VERSION = '1.30';
export const MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
export const LOCALIZATION_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json`;

/** Languages the product must ship besides the default (en-us). */
export const REQUIRED_LANGUAGES = ['da-dk', 'sv-se'] as const;

/** The variables that fill the `${{…}}` placeholders. */
export const REQUIRED_VARIABLES = ['TEAMS_APP_ID', 'BOT_ID', 'AAD_APP_CLIENT_ID', 'APP_DOMAIN'] as const;
export const OPTIONAL_VARIABLES = ['APP_NAME_SUFFIX'] as const;
export type RequiredVariable = (typeof REQUIRED_VARIABLES)[number];
export type PackageVariables = Record<RequiredVariable, string> & { APP_NAME_SUFFIX: string };

/** Stable rule ids. Each check reports under exactly one of these. */
export const RULES = {
  envMissing: 'env-variable-missing',
  envGuid: 'env-guid-format',
  envDomain: 'env-domain-format',
  jsonInvalid: 'json-invalid',
  placeholder: 'placeholder-unfilled',
  schemaVersion: 'schema-version',
  schemaOffline: 'schema-offline',
  manifestSchema: 'manifest-schema',
  nameShort: 'name-short-max-30',
  teamsAppId: 'teams-app-id-match',
  botId: 'bot-id-match',
  ssoAppId: 'sso-app-id-match',
  ssoResource: 'sso-resource-uri',
  validDomains: 'valid-domains',
  tabUrlDomain: 'tab-url-domain',
  tabEntityUnique: 'tab-entity-id-unique',
  meetingStageRsc: 'meeting-stage-rsc',
  iconMissing: 'icon-file-missing',
  iconPng: 'icon-png-invalid',
  iconColorSize: 'icon-color-size',
  iconOutlineSize: 'icon-outline-size',
  iconOutlineColour: 'icon-outline-white-on-transparent',
  localizationLanguages: 'localization-languages',
  localizationFileMissing: 'localization-file-missing',
  localizationSchema: 'localization-schema',
  localizationComplete: 'localization-complete',
  localizationUnknownKey: 'localization-unknown-key',
  zipLayout: 'zip-layout',
} as const;
export type Rule = (typeof RULES)[keyof typeof RULES];

export interface Issue {
  rule: Rule;
  message: string;
}

export function formatIssue(issue: Issue): string {
  return `[${issue.rule}] ${issue.message}`;
}

/** Thrown by the packaging step when any rule is broken; `message` lists every issue, one per line. */
export class PackageValidationError extends Error {
  readonly issues: Issue[];
  constructor(issues: Issue[]) {
    super(`The Teams app package breaks ${issues.length} rule(s):\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
    this.name = 'PackageValidationError';
    this.issues = issues;
  }
  get rules(): Rule[] {
    return [...new Set(this.issues.map((i) => i.rule))];
  }
}

/* ------------------------------------------------------------------------------------------------ */
/* Environment                                                                                      */
/* ------------------------------------------------------------------------------------------------ */

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
/** A bare host name such as `kvalitet.example.org` (no scheme, path or port). */
const HOST = /^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/**
 * Checks the variables and returns them, or the issues. `defaults` (used by `--dev`) fill variables
 * that are missing or empty in `source`.
 */
export function resolveVariables(
  source: Record<string, string | undefined>,
  defaults: Partial<Record<string, string>> = {},
): { vars?: PackageVariables; issues: Issue[] } {
  const issues: Issue[] = [];
  const pick = (name: string): string | undefined => {
    const v = source[name];
    return v !== undefined && v.trim() !== '' ? v.trim() : defaults[name];
  };
  const out: Record<string, string> = {};
  for (const name of REQUIRED_VARIABLES) {
    const v = pick(name);
    if (v === undefined) {
      issues.push({
        rule: RULES.envMissing,
        message: `environment variable ${name} is not set (set it, or pass --dev for a development package with fake ids)`,
      });
      continue;
    }
    out[name] = v;
  }
  for (const name of ['TEAMS_APP_ID', 'BOT_ID', 'AAD_APP_CLIENT_ID'] as const) {
    const v = out[name];
    if (v !== undefined && !GUID.test(v)) {
      issues.push({ rule: RULES.envGuid, message: `${name} must be a GUID, got "${v}"` });
    }
  }
  if (out.APP_DOMAIN !== undefined && !HOST.test(out.APP_DOMAIN)) {
    issues.push({
      rule: RULES.envDomain,
      message: `APP_DOMAIN must be a bare host name such as kvalitet.example.org (no https://, path or port), got "${out.APP_DOMAIN}"`,
    });
  }
  // Not trimmed: a suffix such as " (test)" starts with a space on purpose.
  const suffix = source.APP_NAME_SUFFIX;
  out.APP_NAME_SUFFIX = suffix !== undefined && suffix !== '' ? suffix : (defaults.APP_NAME_SUFFIX ?? '');
  if (issues.length > 0) return { issues };
  return { vars: out as PackageVariables, issues };
}

/* ------------------------------------------------------------------------------------------------ */
/* Placeholders                                                                                     */
/* ------------------------------------------------------------------------------------------------ */

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Replaces `${{NAME}}` with the JSON-string-escaped value of `vars[NAME]`. Unknown names are left in
 * place, so {@link checkNoPlaceholders} reports them.
 */
export function fillPlaceholders(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : JSON.stringify(v).slice(1, -1);
  });
}

export function findPlaceholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[0]);
}

/** Every file given (name → text) must be free of `${{…}}` placeholders. */
export function checkNoPlaceholders(files: Record<string, string>): Issue[] {
  const issues: Issue[] = [];
  for (const [name, text] of Object.entries(files)) {
    for (const p of new Set(findPlaceholders(text))) {
      issues.push({ rule: RULES.placeholder, message: `${name} still contains ${p} after filling from the environment` });
    }
  }
  return issues;
}

/* ------------------------------------------------------------------------------------------------ */
/* Manifest: schema                                                                                 */
/* ------------------------------------------------------------------------------------------------ */

// The manifest is handled as plain JSON; the app-manifest package's generated types are much stricter
// than we need here and the schema check below is the authority.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** Directory of the schemas vendored by `@microsoft/app-manifest` (`…/build/json-schemas`). */
export function bundledSchemaRoot(): string {
  return join(dirname(require.resolve('@microsoft/app-manifest')), 'json-schemas');
}

/** Versions of the Teams manifest schema bundled offline, newest first (devPreview excluded). */
export function bundledManifestVersions(): string[] {
  const dir = join(bundledSchemaRoot(), 'teams');
  return readdirSync(dir)
    .filter((d) => /^v\d+\.\d+$/.test(d) && existsSync(join(dir, d, 'MicrosoftTeams.schema.json')))
    .map((d) => d.slice(1))
    .sort((a, b) => {
      const [a1, a2] = a.split('.').map(Number) as [number, number];
      const [b1, b2] = b.split('.').map(Number) as [number, number];
      return b1 - a1 || b2 - a2;
    });
}

/** Maps a `https://developer.microsoft.com/[locale/]json-schemas/teams/…` URL to the bundled file. */
export function localSchemaPath(schemaUrl: string): string | undefined {
  const m = /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/(teams\/[A-Za-z0-9.]+\/[A-Za-z.]+\.json)$/i.exec(
    schemaUrl,
  );
  if (!m) return undefined;
  const file = join(bundledSchemaRoot(), m[1]!);
  return existsSync(file) ? file : undefined;
}

const schemaCache = new Map<string, Json>();
function loadSchema(file: string): Json {
  let s = schemaCache.get(file);
  if (!s) {
    // Same clean-up the package applies before parsing (a few descriptions contain \a and \v).
    const raw = readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
    s = JSON.parse(raw);
    schemaCache.set(file, s);
  }
  return s;
}

const draft04Validators = new Map<string, ValidateFunction>();
/**
 * Validation for the localisation schema. `AppManifestUtils.validateAgainstSchema` cannot compile it:
 * ajv's default `unicodeRegExp: true` rejects the schema's pattern
 * `^activities.activityTypes\\[\\b(…)\\b]\\.description$` ("Lone quantifier brackets"). So it is
 * compiled here with the same ajv set-up as the package uses (draft-04, allErrors, formats) but with
 * `unicodeRegExp: false`, which is how the pattern is meant to be read.
 */
function validateDraft04(doc: Json, file: string, schema: Json): string[] {
  let validate = draft04Validators.get(file);
  if (!validate) {
    const ajv = new AjvDraft04({ allErrors: true, strictTypes: false, strict: false, unicodeRegExp: false });
    addFormats(ajv, ['uri', 'email', 'regex']);
    validate = ajv.compile(schema);
    draft04Validators.set(file, validate);
  }
  if (validate(JSON.parse(JSON.stringify(doc)))) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}. Details: ${JSON.stringify(e.params)}`);
}

/** Validates a JSON document against the bundled schema named by its `$schema`, never online. */
async function validateAgainstBundledSchema(doc: Json, docName: string, rule: Rule): Promise<Issue[]> {
  const url: unknown = doc?.$schema;
  if (typeof url !== 'string') {
    return [{ rule: RULES.schemaOffline, message: `${docName} has no $schema` }];
  }
  const file = localSchemaPath(url);
  if (!file) {
    return [
      {
        rule: RULES.schemaOffline,
        message: `${docName}: $schema ${url} is not bundled with @microsoft/app-manifest, so it cannot be validated offline`,
      },
    ];
  }
  const schema = loadSchema(file);
  const errors = rule === RULES.manifestSchema ? await AppManifestUtils.validateAgainstSchema(doc, schema) : validateDraft04(doc, file, schema);
  return errors.map((e) => ({ rule, message: `${docName}: ${e.startsWith(' ') ? `(root)${e}` : e}` }));
}

/** `manifestVersion` and `$schema` must both name {@link MANIFEST_VERSION}. */
export function checkSchemaVersion(manifest: Json): Issue[] {
  const issues: Issue[] = [];
  if (manifest.manifestVersion !== MANIFEST_VERSION) {
    issues.push({
      rule: RULES.schemaVersion,
      message: `manifestVersion is "${manifest.manifestVersion}", expected "${MANIFEST_VERSION}"`,
    });
  }
  if (manifest.$schema !== MANIFEST_SCHEMA_URL) {
    issues.push({ rule: RULES.schemaVersion, message: `$schema is "${manifest.$schema}", expected "${MANIFEST_SCHEMA_URL}"` });
  }
  return issues;
}

/** The manifest against Microsoft's published schema (bundled, offline). */
export async function checkManifestSchema(manifest: Json): Promise<Issue[]> {
  return validateAgainstBundledSchema(manifest, 'manifest.json', RULES.manifestSchema);
}

/** A localisation file against Microsoft's published localisation schema (bundled, offline). */
export async function checkLocalizationSchema(doc: Json, fileName: string): Promise<Issue[]> {
  return validateAgainstBundledSchema(doc, fileName, RULES.localizationSchema);
}

/* ------------------------------------------------------------------------------------------------ */
/* Manifest: content and ids                                                                        */
/* ------------------------------------------------------------------------------------------------ */

/** Spelled out (the schema says it too) so the message names the rule plainly. */
export function checkShortName(doc: Json, docName: string, key: 'name.short' | 'manifest'): Issue[] {
  const value: unknown = key === 'manifest' ? doc?.name?.short : doc?.['name.short'];
  if (typeof value === 'string' && [...value].length > 30) {
    return [{ rule: RULES.nameShort, message: `${docName}: short name "${value}" has ${[...value].length} characters; at most 30 are allowed` }];
  }
  return [];
}

/** Ids and URLs must agree with the environment the package was built for. */
export function checkIdConsistency(manifest: Json, vars: PackageVariables): Issue[] {
  const issues: Issue[] = [];
  const domain = vars.APP_DOMAIN.toLowerCase();

  if (String(manifest.id).toLowerCase() !== vars.TEAMS_APP_ID.toLowerCase()) {
    issues.push({ rule: RULES.teamsAppId, message: `id is "${manifest.id}" but TEAMS_APP_ID is "${vars.TEAMS_APP_ID}"` });
  }

  const bots: Json[] = Array.isArray(manifest.bots) ? manifest.bots : [];
  if (bots.length !== 1) {
    issues.push({ rule: RULES.botId, message: `expected exactly one bot in bots[], found ${bots.length}` });
  }
  bots.forEach((bot, i) => {
    if (String(bot?.botId).toLowerCase() !== vars.BOT_ID.toLowerCase()) {
      issues.push({ rule: RULES.botId, message: `bots[${i}].botId is "${bot?.botId}" but BOT_ID is "${vars.BOT_ID}"` });
    }
  });

  const wai = manifest.webApplicationInfo;
  if (!wai) {
    issues.push({ rule: RULES.ssoAppId, message: 'webApplicationInfo is missing (needed for Teams single sign-on)' });
  } else {
    if (String(wai.id).toLowerCase() !== vars.AAD_APP_CLIENT_ID.toLowerCase()) {
      issues.push({
        rule: RULES.ssoAppId,
        message: `webApplicationInfo.id is "${wai.id}" but AAD_APP_CLIENT_ID is "${vars.AAD_APP_CLIENT_ID}"`,
      });
    }
    const expected = `api://${vars.APP_DOMAIN}/${vars.AAD_APP_CLIENT_ID}`;
    if (typeof wai.resource !== 'string' || wai.resource.toLowerCase() !== expected.toLowerCase()) {
      issues.push({ rule: RULES.ssoResource, message: `webApplicationInfo.resource is "${wai.resource}", expected "${expected}"` });
    }
  }

  const validDomains: string[] = Array.isArray(manifest.validDomains) ? manifest.validDomains : [];
  if (!validDomains.some((d) => String(d).toLowerCase() === domain)) {
    issues.push({ rule: RULES.validDomains, message: `validDomains ${JSON.stringify(validDomains)} does not contain APP_DOMAIN "${vars.APP_DOMAIN}"` });
  }

  const prefix = `https://${domain}/`;
  const checkUrl = (where: string, url: unknown) => {
    if (url === undefined) return;
    if (typeof url !== 'string' || !url.toLowerCase().startsWith(prefix)) {
      issues.push({ rule: RULES.tabUrlDomain, message: `${where} is "${String(url)}"; tab URLs must start with ${prefix}` });
    }
  };
  const staticTabs: Json[] = Array.isArray(manifest.staticTabs) ? manifest.staticTabs : [];
  const seen = new Set<string>();
  staticTabs.forEach((tab, i) => {
    checkUrl(`staticTabs[${i}].contentUrl`, tab?.contentUrl);
    checkUrl(`staticTabs[${i}].websiteUrl`, tab?.websiteUrl);
    checkUrl(`staticTabs[${i}].searchUrl`, tab?.searchUrl);
    if (tab?.contentBotId !== undefined && String(tab.contentBotId).toLowerCase() !== vars.BOT_ID.toLowerCase()) {
      issues.push({ rule: RULES.botId, message: `staticTabs[${i}].contentBotId is "${tab.contentBotId}" but BOT_ID is "${vars.BOT_ID}"` });
    }
    const id = String(tab?.entityId);
    if (seen.has(id)) issues.push({ rule: RULES.tabEntityUnique, message: `staticTabs entityId "${id}" is used twice` });
    seen.add(id);
  });
  const configurableTabs: Json[] = Array.isArray(manifest.configurableTabs) ? manifest.configurableTabs : [];
  configurableTabs.forEach((tab, i) => checkUrl(`configurableTabs[${i}].configurationUrl`, tab?.configurationUrl));

  // A tab that can be shared to the meeting stage needs the stage RSC permission.
  const usesStage = [...staticTabs, ...configurableTabs].some(
    (t) => Array.isArray(t?.context) && t.context.includes('meetingStage'),
  );
  if (usesStage) {
    const rsc: Json[] = manifest.authorization?.permissions?.resourceSpecific ?? [];
    if (!rsc.some((p) => p?.name === 'MeetingStage.Write.Chat' && p?.type === 'Delegated')) {
      issues.push({
        rule: RULES.meetingStageRsc,
        message: 'a tab uses the meetingStage context, so authorization.permissions.resourceSpecific must grant MeetingStage.Write.Chat (Delegated)',
      });
    }
  }
  return issues;
}

/* ------------------------------------------------------------------------------------------------ */
/* Icons                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

function readPng(buf: Buffer, name: string): { png?: PNG; issues: Issue[] } {
  try {
    return { png: PNG.sync.read(buf), issues: [] };
  } catch (e) {
    return { issues: [{ rule: RULES.iconPng, message: `${name} is not a readable PNG (${(e as Error).message})` }] };
  }
}

/** Colour icon: a PNG of exactly 192×192 pixels. */
export function checkColorIcon(buf: Buffer, name = 'color.png'): Issue[] {
  const { png, issues } = readPng(buf, name);
  if (!png) return issues;
  if (png.width !== 192 || png.height !== 192) {
    return [{ rule: RULES.iconColorSize, message: `${name} is ${png.width}×${png.height}; the colour icon must be 192×192` }];
  }
  return [];
}

/** Outline icon: a PNG of exactly 32×32 pixels, each pixel white or fully transparent. */
export function checkOutlineIcon(buf: Buffer, name = 'outline.png'): Issue[] {
  const { png, issues } = readPng(buf, name);
  if (!png) return issues;
  if (png.width !== 32 || png.height !== 32) {
    return [{ rule: RULES.iconOutlineSize, message: `${name} is ${png.width}×${png.height}; the outline icon must be 32×32` }];
  }
  const bad: string[] = [];
  let count = 0;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      const [r, g, b, a] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!];
      if (a !== 0 && (r !== 255 || g !== 255 || b !== 255)) {
        count++;
        if (bad.length < 3) bad.push(`(${x},${y}) rgba(${r},${g},${b},${a})`);
      }
    }
  }
  if (count > 0) {
    return [
      {
        rule: RULES.iconOutlineColour,
        message: `${name} has ${count} pixel(s) that are neither white nor transparent, e.g. ${bad.join(', ')}`,
      },
    ];
  }
  return [];
}

/* ------------------------------------------------------------------------------------------------ */
/* Localisation                                                                                     */
/* ------------------------------------------------------------------------------------------------ */

/** Flattens JSON to `a.b[0].c` paths of its string leaves. */
export function flattenStrings(value: Json, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof value === 'string') out.set(prefix, value);
  else if (Array.isArray(value)) value.forEach((v, i) => flattenStrings(v, `${prefix}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flattenStrings(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/**
 * The manifest's localisable strings, as localisation-file keys (`name.short`,
 * `staticTabs[0].name`, `bots[0].commandLists[0].commands[1].title`, …), using the key patterns that
 * Microsoft's localisation schema declares.
 */
export function localizableKeys(manifest: Json): string[] {
  const file = localSchemaPath(LOCALIZATION_SCHEMA_URL);
  if (!file) throw new Error(`localisation schema ${LOCALIZATION_SCHEMA_URL} is not bundled`);
  const schema = loadSchema(file);
  const exact = Object.keys(schema.properties ?? {}).filter((k) => k !== '$schema' && k !== 'localizationKeys');
  const patterns = Object.keys(schema.patternProperties ?? {}).map((p) => new RegExp(p));
  const keys: string[] = [];
  for (const [path] of flattenStrings(manifest)) {
    if (exact.includes(path) || patterns.some((re) => re.test(path))) keys.push(path);
  }
  return keys;
}

/**
 * Checks `localizationInfo`: the required languages are declared, each file is in the package,
 * passes the localisation schema, translates every localisable string and has no keys the manifest
 * does not have.
 */
export async function checkLocalization(manifest: Json, files: Record<string, string>): Promise<Issue[]> {
  const issues: Issue[] = [];
  const info = manifest.localizationInfo;
  const langs: Json[] = Array.isArray(info?.additionalLanguages) ? info.additionalLanguages : [];
  const tags = langs.map((l) => String(l?.languageTag).toLowerCase());
  for (const tag of REQUIRED_LANGUAGES) {
    if (!tags.includes(tag)) {
      issues.push({ rule: RULES.localizationLanguages, message: `localizationInfo.additionalLanguages has no ${tag}` });
    }
  }
  if (String(info?.defaultLanguageTag).toLowerCase() !== 'en-us') {
    issues.push({ rule: RULES.localizationLanguages, message: `localizationInfo.defaultLanguageTag is "${info?.defaultLanguageTag}", expected "en-us"` });
  }
  const wanted = localizableKeys(manifest);
  for (const lang of langs) {
    const name = String(lang?.file);
    const text = files[name];
    if (text === undefined) {
      issues.push({ rule: RULES.localizationFileMissing, message: `${name} (${lang?.languageTag}) is named in localizationInfo but not in the package` });
      continue;
    }
    let doc: Json;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      issues.push({ rule: RULES.jsonInvalid, message: `${name} is not valid JSON (${(e as Error).message})` });
      continue;
    }
    issues.push(...checkShortName(doc, name, 'name.short'));
    issues.push(...(await checkLocalizationSchema(doc, name)));
    const missing = wanted.filter((k) => typeof doc[k] !== 'string' || doc[k].trim() === '');
    if (missing.length > 0) {
      issues.push({ rule: RULES.localizationComplete, message: `${name} does not translate ${missing.join(', ')}` });
    }
    const unknown = Object.keys(doc).filter((k) => k !== '$schema' && k !== 'localizationKeys' && !wanted.includes(k));
    if (unknown.length > 0) {
      issues.push({ rule: RULES.localizationUnknownKey, message: `${name} has keys the manifest does not have: ${unknown.join(', ')}` });
    }
  }
  return issues;
}

/* ------------------------------------------------------------------------------------------------ */
/* The whole package                                                                                */
/* ------------------------------------------------------------------------------------------------ */

/** Names of the files the manifest refers to, i.e. exactly what belongs at the zip root. */
export function packageFileNames(manifest: Json): string[] {
  const names = ['manifest.json'];
  if (typeof manifest?.icons?.color === 'string') names.push(manifest.icons.color);
  if (typeof manifest?.icons?.outline === 'string') names.push(manifest.icons.outline);
  if (typeof manifest?.icons?.color32x32 === 'string') names.push(manifest.icons.color32x32);
  const info = manifest?.localizationInfo;
  if (typeof info?.defaultLanguageFile === 'string') names.push(info.defaultLanguageFile);
  for (const l of Array.isArray(info?.additionalLanguages) ? info.additionalLanguages : []) {
    if (typeof l?.file === 'string') names.push(l.file);
  }
  return [...new Set(names)];
}

/** The zip must hold exactly the referenced files, all at its root. */
export function checkZipLayout(entryNames: string[], manifest: Json): Issue[] {
  const issues: Issue[] = [];
  const files = entryNames.filter((n) => !n.endsWith('/'));
  const folders = entryNames.filter((n) => n.endsWith('/'));
  if (folders.length > 0) issues.push({ rule: RULES.zipLayout, message: `the zip must not contain folders: ${folders.join(', ')}` });
  for (const n of files) {
    if (n.includes('/') || n.includes('\\')) issues.push({ rule: RULES.zipLayout, message: `${n} is not at the zip root` });
  }
  const expected = packageFileNames(manifest);
  for (const n of expected) {
    if (!files.includes(n)) issues.push({ rule: RULES.zipLayout, message: `${n} is missing from the zip` });
  }
  for (const n of files) {
    if (!expected.includes(n)) issues.push({ rule: RULES.zipLayout, message: `${n} is in the zip but the manifest does not refer to it` });
  }
  return issues;
}

/**
 * Validates a filled package: `files` maps zip-root file names to their content (manifest.json and
 * the localisation files as UTF-8 text, icons as PNG bytes).
 */
export async function validatePackageFiles(files: Record<string, Buffer>, vars: PackageVariables): Promise<Issue[]> {
  const manifestBuf = files['manifest.json'];
  if (!manifestBuf) return [{ rule: RULES.zipLayout, message: 'manifest.json is missing' }];
  const manifestText = manifestBuf.toString('utf8');

  let manifest: Json;
  try {
    manifest = JSON.parse(manifestText);
  } catch (e) {
    return [{ rule: RULES.jsonInvalid, message: `manifest.json is not valid JSON (${(e as Error).message})` }];
  }

  const texts: Record<string, string> = { 'manifest.json': manifestText };
  for (const name of Object.keys(files)) {
    if (name.endsWith('.json') && name !== 'manifest.json') texts[name] = files[name]!.toString('utf8');
  }

  const issues: Issue[] = [];
  issues.push(...checkNoPlaceholders(texts));
  issues.push(...checkSchemaVersion(manifest));
  issues.push(...checkShortName(manifest, 'manifest.json', 'manifest'));
  issues.push(...(await checkManifestSchema(manifest)));
  issues.push(...checkIdConsistency(manifest, vars));

  const colorName = manifest?.icons?.color;
  const outlineName = manifest?.icons?.outline;
  const color = typeof colorName === 'string' ? files[colorName] : undefined;
  const outline = typeof outlineName === 'string' ? files[outlineName] : undefined;
  if (!color) issues.push({ rule: RULES.iconMissing, message: `colour icon "${colorName}" is not in the package` });
  else issues.push(...checkColorIcon(color, colorName));
  if (!outline) issues.push({ rule: RULES.iconMissing, message: `outline icon "${outlineName}" is not in the package` });
  else issues.push(...checkOutlineIcon(outline, outlineName));

  issues.push(...(await checkLocalization(manifest, texts)));
  return issues;
}
