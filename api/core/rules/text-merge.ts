/**
 * Two people writing the same note at once (a dialogue meeting's note per analysis step): each wrote on the same
 * earlier text (`base`); the one whose write came second merges instead of writing over. Each side's change is the
 * one stretch of text between what it kept at the start and at the end. Changes in different places both apply;
 * changes to the same place keep the other's text and add this writer's below it — nothing typed is lost.
 */

type Edit = { start: number; end: number; text: string };

/** The one stretch of `base` that `next` replaced, and with what. */
function editOf(base: string, next: string): Edit {
  let start = 0;
  while (start < base.length && start < next.length && base[start] === next[start]) start++;
  let tail = 0;
  while (tail < base.length - start && tail < next.length - start && base[base.length - 1 - tail] === next[next.length - 1 - tail]) tail++;
  return { start, end: base.length - tail, text: next.slice(start, next.length - tail) };
}

export function mergeText(base: string, mine: string, theirs: string): string {
  if (mine === theirs || theirs === base) return mine;
  if (mine === base) return theirs;
  const a = editOf(base, mine);
  const b = editOf(base, theirs);
  // Mine wholly before theirs, or wholly after (two changes starting at the same point count as the same stretch).
  if (a.end <= b.start && a.start !== b.start) return base.slice(0, a.start) + a.text + base.slice(a.end, b.start) + b.text + base.slice(b.end);
  if (b.end <= a.start && a.start !== b.start) return base.slice(0, b.start) + b.text + base.slice(b.end, a.start) + a.text + base.slice(a.end);
  // The same stretch: theirs stands, mine follows on its own line.
  return `${theirs}${theirs.endsWith('\n') || !theirs ? '' : '\n'}${a.text || mine}`;
}

/**
 * Where a cursor at `position` in `before` stands in `after` (the text someone else's change or a merge made):
 * it moves with the text in front of it, so the writer goes on typing where they were.
 */
export function movePosition(position: number, before: string, after: string): number {
  const e = editOf(before, after);
  if (position <= e.start) return position;
  if (position >= e.end) return position + (after.length - before.length);
  return e.start + e.text.length;
}
