/**
 * Reading JSON that has not been validated yet (a manifest, a localisation file, a schema): every value is
 * `unknown` until narrowed, so a check never assumes a shape the schema check has not confirmed.
 */

export type JsonObject = { readonly [key: string]: unknown };

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value at a path of object keys and array indexes, or undefined where the path leaves the document. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let cur = value;
  for (const key of path) {
    if (typeof key === 'number') cur = Array.isArray(cur) ? cur[key] : undefined;
    else cur = isObject(cur) ? cur[key] : undefined;
  }
  return cur;
}

/** The array at a path, or an empty one when there is none. */
export function listAt(value: unknown, ...path: (string | number)[]): readonly unknown[] {
  const v = at(value, ...path);
  return Array.isArray(v) ? v : [];
}

/** The string at a path, or undefined. */
export function textAt(value: unknown, ...path: (string | number)[]): string | undefined {
  const v = at(value, ...path);
  return typeof v === 'string' ? v : undefined;
}

/** JSON.parse without `any`. */
export const parseJson = (text: string): unknown => JSON.parse(text) as unknown;
