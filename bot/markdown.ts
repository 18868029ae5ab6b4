/**
 * Text written by people (titles, names, comments) on its way into a card or a chat message: shown as
 * written, never as markup, never reordered by invisible characters.
 *
 * What honours markup there (and so what is escaped):
 * - Adaptive Cards TextBlock text and FactSet titles and values take a CommonMark subset: **bold**,
 *   _italic_, "- " and "1. " lists, [links](url) (https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features,
 *   https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format);
 * - Teams chat messages with textFormat "markdown" also take italics with *, ~~strike~~, `code`, > quotes,
 *   # headings, ![image](url) links and XML/HTML tags such as <b> and <a>
 *   (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages).
 * CommonMark lets a backslash make any ASCII punctuation literal, so every character that can open markup
 * is escaped that way; "&" too, or an entity such as &#x202E; would bring back what was removed.
 *
 * Removed: bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, U+200E/F
 * marks, U+061C Arabic letter mark), zero-width and other invisible format characters, and control
 * characters; line breaks become spaces (a new line could start a list, a quote or a heading).
 */
// Each character on its own: a class is what is wanted, though some of them combine when written next to each other.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]/g;
/** Control characters other than tab and line breaks. */
// eslint-disable-next-line no-control-regex -- matching them is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LINE_BREAKS = /[\t\r\n\u2028\u2029]+/g;

/** Without invisible characters and controls: for text no markup reads (labels, button titles, inputs). */
export function withoutInvisible(value: string): string {
  return value.replace(INVISIBLE, '').replace(CONTROLS, '');
}

/** The one escape for text that reaches Teams markdown: literal, on one line, with nothing invisible. */
export function markdownLiteral(value: string): string {
  return (
    withoutInvisible(value)
      .replace(LINE_BREAKS, ' ')
      // Leading spaces would make code, trailing ones keep ** and _ around the text from closing.
      .trim()
      // Anywhere: emphasis, code, links and images, autolinks and HTML, strikethrough, entities, escapes.
      .replace(/[\\*_`[\]<>~&|]/g, '\\$&')
      // At the start, where a block begins: headings, quotes, list items, thematic breaks, numbered items.
      .replace(/^(#|>|-|\+|=)/, '\\$1')
      .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
  );
}

/**
 * Markdown made of our own markup with people's text in it: every value placed into the template is
 * escaped by markdownLiteral, unless it is markdown this module made (a Markdown).
 */
export class Markdown {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function md(strings: TemplateStringsArray, ...values: unknown[]): Markdown {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += (v instanceof Markdown ? v.text : markdownLiteral(String(v))) + strings[i + 1]!;
  });
  return new Markdown(out);
}

/** A link whose label is people's text: the URL is ours, with the characters that end a destination encoded. */
export function mdLink(label: string, url: string): Markdown {
  return new Markdown(`[${markdownLiteral(label)}](${url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`);
}

/** Our own markup, taken as it is (texts from bot/texts.ts). */
export const trusted = (text: string): Markdown => new Markdown(text);
