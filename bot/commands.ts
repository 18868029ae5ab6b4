/**
 * The text commands of the personal chat. Teams sends the command title the user picked in their own
 * language (manifest/da.json, sv.json), so each command has its English, Danish and Swedish words.
 */

export const COMMANDS = ['help', 'myTasks', 'report', 'myUnits', 'status'] as const;
export type Command = (typeof COMMANDS)[number];

const WORDS: Record<Command, readonly string[]> = {
  help: ['help', 'hjælp', 'hjälp', 'hjaelp', 'hjalp', '?'],
  myTasks: ['my tasks', 'mine opgaver', 'mina uppgifter', 'tasks', 'opgaver', 'uppgifter'],
  report: ['report', 'indberet', 'rapportera'],
  myUnits: ['my units', 'mine enheder', 'mina enheter'],
  status: ['status'],
};

const LOOKUP = new Map<string, Command>(COMMANDS.flatMap((c) => WORDS[c].map((w) => [w, c] as const)));

/** Reads a message as a command: mentions, case, extra spaces and end punctuation do not matter. */
export function parseCommand(text: string | undefined | null): Command | null {
  if (!text) return null;
  const clean = text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return LOOKUP.get(clean) ?? null;
}
