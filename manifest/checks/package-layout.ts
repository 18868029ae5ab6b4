import { listAt, textAt } from './json';
import { RULES, type Issue } from './issues';

/** What belongs in the zip: exactly the files the manifest refers to, at its root. */

/** Names of the files the manifest refers to, i.e. exactly what belongs at the zip root. */
export function packageFileNames(manifest: unknown): string[] {
  const names = ['manifest.json'];
  const referred = [
    textAt(manifest, 'icons', 'color'),
    textAt(manifest, 'icons', 'outline'),
    textAt(manifest, 'icons', 'color32x32'),
    textAt(manifest, 'localizationInfo', 'defaultLanguageFile'),
    ...listAt(manifest, 'localizationInfo', 'additionalLanguages').map((l) => textAt(l, 'file')),
  ];
  for (const name of referred) if (name !== undefined) names.push(name);
  return [...new Set(names)];
}

/** The zip must hold exactly the referenced files, all at its root. */
export function checkZipLayout(entryNames: string[], manifest: unknown): Issue[] {
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
