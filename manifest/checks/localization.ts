import { at, isObject, listAt, parseJson, textAt } from './json';
import { RULES, type Issue } from './issues';
import { checkShortName } from './cross-field';
import { checkLocalizationSchema, LOCALIZATION_SCHEMA_URL, loadSchema, localSchemaPath } from './schema';

/** The localisation files: the languages the product ships, each complete and with nothing the manifest lacks. */

/** Languages the product must ship besides the default (en-us). */
export const REQUIRED_LANGUAGES = ['da-dk', 'sv-se'] as const;

/** Flattens JSON to `a.b[0].c` paths of its string leaves. */
export function flattenStrings(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
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
export function localizableKeys(manifest: unknown): string[] {
  const file = localSchemaPath(LOCALIZATION_SCHEMA_URL);
  if (!file) throw new Error(`localisation schema ${LOCALIZATION_SCHEMA_URL} is not bundled`);
  const schema = loadSchema(file);
  const keysOf = (v: unknown) => (isObject(v) ? Object.keys(v) : []);
  const exact = keysOf(schema.properties).filter((k) => k !== '$schema' && k !== 'localizationKeys');
  const patterns = keysOf(schema.patternProperties).map((p) => new RegExp(p));
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
export async function checkLocalization(manifest: unknown, files: Record<string, string>): Promise<Issue[]> {
  const issues: Issue[] = [];
  const langs = listAt(manifest, 'localizationInfo', 'additionalLanguages');
  const tags = langs.map((l) => String(at(l, 'languageTag')).toLowerCase());
  for (const tag of REQUIRED_LANGUAGES) {
    if (!tags.includes(tag)) {
      issues.push({ rule: RULES.localizationLanguages, message: `localizationInfo.additionalLanguages has no ${tag}` });
    }
  }
  const defaultTag = String(at(manifest, 'localizationInfo', 'defaultLanguageTag'));
  if (defaultTag.toLowerCase() !== 'en-us') {
    issues.push({ rule: RULES.localizationLanguages, message: `localizationInfo.defaultLanguageTag is "${defaultTag}", expected "en-us"` });
  }
  const wanted = localizableKeys(manifest);
  for (const lang of langs) {
    const name = String(at(lang, 'file'));
    const text = files[name];
    if (text === undefined) {
      issues.push({
        rule: RULES.localizationFileMissing,
        message: `${name} (${String(at(lang, 'languageTag'))}) is named in localizationInfo but not in the package`,
      });
      continue;
    }
    let doc: unknown;
    try {
      doc = parseJson(text);
    } catch (e) {
      issues.push({ rule: RULES.jsonInvalid, message: `${name} is not valid JSON (${(e as Error).message})` });
      continue;
    }
    issues.push(...checkShortName(doc, name, 'name.short'));
    issues.push(...(await checkLocalizationSchema(doc, name)));
    const missing = wanted.filter((k) => (textAt(doc, k)?.trim() ?? '') === '');
    if (missing.length > 0) {
      issues.push({ rule: RULES.localizationComplete, message: `${name} does not translate ${missing.join(', ')}` });
    }
    const unknown = (isObject(doc) ? Object.keys(doc) : []).filter((k) => k !== '$schema' && k !== 'localizationKeys' && !wanted.includes(k));
    if (unknown.length > 0) {
      issues.push({ rule: RULES.localizationUnknownKey, message: `${name} has keys the manifest does not have: ${unknown.join(', ')}` });
    }
  }
  return issues;
}
