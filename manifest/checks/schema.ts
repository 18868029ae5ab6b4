import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import type { JSONSchemaType, ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { at, parseJson } from './json';
import { RULES, type Issue, type Rule } from './issues';

/**
 * The manifest and its localisation files against Microsoft's published JSON schemas, bundled offline by
 * `@microsoft/app-manifest` (never fetched).
 */

/** The manifest schema version this app targets: the newest one `@microsoft/app-manifest` bundles. */
export const MANIFEST_VERSION = '1.30'; // ValidManifest in manifest/package.ts is the published type of this version: change both together.
export const MANIFEST_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
export const LOCALIZATION_SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.Localization.schema.json`;

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
  const m = /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?json-schemas\/(teams\/[A-Za-z0-9.]+\/[A-Za-z.]+\.json)$/i.exec(schemaUrl);
  if (!m) return undefined;
  const file = join(bundledSchemaRoot(), m[1]!);
  return existsSync(file) ? file : undefined;
}

/** A JSON schema as read from disk (a draft-04 document). */
export type JsonSchema = Record<string, unknown>;

const schemaCache = new Map<string, JsonSchema>();
/** A bundled schema file, parsed once. */
export function loadSchema(file: string): JsonSchema {
  let s = schemaCache.get(file);
  if (!s) {
    // Same clean-up the package applies before parsing (a few descriptions contain \a and \v).
    const raw = readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
    const parsed = parseJson(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${file} is not a JSON schema`);
    s = parsed as JsonSchema;
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
function validateDraft04(doc: unknown, file: string, schema: JsonSchema): string[] {
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
async function validateAgainstBundledSchema(doc: unknown, docName: string, rule: Rule): Promise<Issue[]> {
  const url = at(doc, '$schema');
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
  // The package's validator takes its own types; what it checks is exactly whether `doc` fits them.
  const errors =
    rule === RULES.manifestSchema
      ? await AppManifestUtils.validateAgainstSchema(doc as AppManifest, schema as unknown as JSONSchemaType<AppManifest>)
      : validateDraft04(doc, file, schema);
  return errors.map((e) => ({ rule, message: `${docName}: ${e.startsWith(' ') ? `(root)${e}` : e}` }));
}

/** `manifestVersion` and `$schema` must both name {@link MANIFEST_VERSION}. */
export function checkSchemaVersion(manifest: unknown): Issue[] {
  const issues: Issue[] = [];
  const version = at(manifest, 'manifestVersion');
  const schema = at(manifest, '$schema');
  if (version !== MANIFEST_VERSION) {
    issues.push({
      rule: RULES.schemaVersion,
      message: `manifestVersion is "${String(version)}", expected "${MANIFEST_VERSION}"`,
    });
  }
  if (schema !== MANIFEST_SCHEMA_URL) {
    issues.push({ rule: RULES.schemaVersion, message: `$schema is "${String(schema)}", expected "${MANIFEST_SCHEMA_URL}"` });
  }
  return issues;
}

/** The manifest against Microsoft's published schema (bundled, offline). */
export async function checkManifestSchema(manifest: unknown): Promise<Issue[]> {
  return validateAgainstBundledSchema(manifest, 'manifest.json', RULES.manifestSchema);
}

/** A localisation file against Microsoft's published localisation schema (bundled, offline). */
export async function checkLocalizationSchema(doc: unknown, fileName: string): Promise<Issue[]> {
  return validateAgainstBundledSchema(doc, fileName, RULES.localizationSchema);
}
