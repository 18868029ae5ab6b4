/** Parses what a user types as a number: "87", "87,5" (Danish and Swedish decimal comma) or "87.5". */
export function parseNumber(raw: string): number | null {
  const s = raw.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}
