/**
 * Finding a person by what a user types: part of a name or an e-mail address, in any case and with or without
 * accents, as Danish and Swedish users expect ("soren" finds Søren, "bjork" Björk, "aeroe" Ærø, "ASA" Åsa). The
 * one rule for every people search: the store's directory and the tab's picker both show what this ranks.
 */

/** Letters that do not come apart into a base letter and an accent (NFD leaves them whole). */
const LETTERS: Readonly<Record<string, string>> = { æ: 'ae', ø: 'o', œ: 'oe', ß: 'ss', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' };

/** Lower case, accents off, the whole letters above spelled out, runs of space and punctuation as one space. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[æøœßđðłþı]/g, (c) => LETTERS[c] ?? c)
    .replace(/[^\p{L}\p{N}@.]+/gu, ' ')
    .trim();
}

/** At most this many people are answered for one search; a longer list is no help in a picker. */
export const MAX_SEARCH_RESULTS = 50;
/** Fewer characters than this find no one: a single letter would match half the municipality. */
export const MIN_SEARCH_LENGTH = 2;

export type Searchable = { displayName: string; email?: string | null };

/**
 * How well a person matches a query (smaller is better), or null when they do not: every word of the query must
 * start a word of the name or the e-mail address, or occur in them. Ranked: the whole name starts with the query,
 * then every word starts a word of the name, then of the e-mail address, then anything contained.
 */
export function matchRank(person: Searchable, query: string): number | null {
  const words = foldForSearch(query).split(' ').filter(Boolean);
  if (!words.length) return null;
  const name = foldForSearch(person.displayName);
  const mail = person.email ? foldForSearch(person.email) : '';
  const nameWords = name.split(' ');
  const mailWords = mail.split(/[ @.]+/);
  if (!words.every((w) => name.includes(w) || mail.includes(w))) return null;
  if (name.startsWith(words.join(' '))) return 0;
  if (words.every((w) => nameWords.some((n) => n.startsWith(w)))) return 1;
  if (words.every((w) => nameWords.some((n) => n.startsWith(w)) || mailWords.some((m) => m.startsWith(w)))) return 2;
  return 3;
}

/**
 * The best `limit` matches of `query` among `people`, best first; people who match equally well by name (folded,
 * then as written), then by id, so the order is the same on every store.
 */
export function rankPeople<P extends Searchable & { id: string }>(people: Iterable<P>, query: string, limit: number): P[] {
  const found: { p: P; rank: number; key: string }[] = [];
  for (const p of people) {
    const rank = matchRank(p, query);
    if (rank !== null) found.push({ p, rank, key: foldForSearch(p.displayName) });
  }
  found.sort(
    (a, b) =>
      a.rank - b.rank ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) ||
      (a.p.displayName < b.p.displayName ? -1 : a.p.displayName > b.p.displayName ? 1 : 0) ||
      (a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0),
  );
  return found.slice(0, Math.max(0, Math.min(limit, MAX_SEARCH_RESULTS))).map((f) => f.p);
}
