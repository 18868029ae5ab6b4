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
import { checkIdConsistency, checkShortName } from './checks/cross-field';
import type { PackageVariables } from './checks/environment';
import { checkNoPlaceholders } from './checks/environment';
import { checkColorIcon, checkOutlineIcon } from './checks/icons';
import { RULES, type Issue } from './checks/issues';
import { parseJson, textAt } from './checks/json';
import { checkLocalization } from './checks/localization';
import { checkManifestSchema, checkSchemaVersion } from './checks/schema';

/*
 * The checks, one file per concern (manifest/checks/): issues.ts (rule ids), environment.ts (variables and
 * placeholders), schema.ts (Microsoft's published schemas, offline), cross-field.ts (ids, URLs, names),
 * icons.ts, localization.ts, package-layout.ts (the zip). This file runs them all on a filled package.
 */
export * from './checks/issues';
export * from './checks/environment';
export * from './checks/schema';
export * from './checks/cross-field';
export * from './checks/icons';
export * from './checks/localization';
export * from './checks/package-layout';
export { parseJson, textAt, at, listAt } from './checks/json';

/**
 * Validates a filled package: `files` maps zip-root file names to their content (manifest.json and
 * the localisation files as UTF-8 text, icons as PNG bytes).
 */
export async function validatePackageFiles(files: Record<string, Buffer>, vars: PackageVariables): Promise<Issue[]> {
  const manifestBuf = files['manifest.json'];
  if (!manifestBuf) return [{ rule: RULES.zipLayout, message: 'manifest.json is missing' }];
  const manifestText = manifestBuf.toString('utf8');

  let manifest: unknown;
  try {
    manifest = parseJson(manifestText);
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

  const colorName = textAt(manifest, 'icons', 'color');
  const outlineName = textAt(manifest, 'icons', 'outline');
  const color = colorName !== undefined ? files[colorName] : undefined;
  const outline = outlineName !== undefined ? files[outlineName] : undefined;
  if (!color) issues.push({ rule: RULES.iconMissing, message: `colour icon "${colorName}" is not in the package` });
  else issues.push(...checkColorIcon(color, colorName));
  if (!outline) issues.push({ rule: RULES.iconMissing, message: `outline icon "${outlineName}" is not in the package` });
  else issues.push(...checkOutlineIcon(outline, outlineName));

  issues.push(...(await checkLocalization(manifest, texts)));
  return issues;
}
