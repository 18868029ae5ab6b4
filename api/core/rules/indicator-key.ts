/**
 * Which indicators of different units are the same indicator: the same name (the same key figure, as Odense's
 * portal compares them), whatever the case, the spaces around and between its words or the Unicode form it was
 * typed in. An agreement's roll-up keeps the keys of its indicators' names (services/agreement-rollups.ts), so the
 * units that share an indicator are found from the roll-ups alone; a key is short (a hash), and two names that
 * share one by chance are told apart by their names (sameIndicatorName).
 */

/** The name as compared: Unicode NFC, lower case, one space between words, none around them. */
export function indicatorNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The key of an indicator's name kept in the roll-up: FNV-1a (32 bits) of its UTF-16 units, in hexadecimal. */
export function indicatorKey(name: string): string {
  const s = indicatorNameKey(name);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Whether two indicators' names name the same indicator. */
export function sameIndicatorName(a: string, b: string): boolean {
  return indicatorNameKey(a) === indicatorNameKey(b);
}
