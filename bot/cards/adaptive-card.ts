import { markdownLiteral, withoutInvisible } from '../markdown';

/**
 * The part of Adaptive Cards 1.5 our cards use, typed, and small helpers to build it. Cards are data:
 * builders are pure functions from a view model to one of these. No botbuilder here (the jsdom tests that
 * render cards cannot load it).
 *
 * Cards carry no markup of their own (weight, size and colour are properties), so the helpers that make
 * TextBlocks and facts take plain text and escape all of it (bot/markdown.ts): builders pass people's text
 * as it is. card() removes invisible characters from every other string of the card (labels, buttons, inputs).
 */

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export type TextBlock = {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  weight?: 'Default' | 'Lighter' | 'Bolder';
  size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
  color?: 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';
  isSubtle?: boolean;
  spacing?: 'None' | 'Small' | 'Default' | 'Medium' | 'Large';
  id?: string;
  style?: 'default' | 'heading';
  isVisible?: boolean;
};
export type FactSet = { type: 'FactSet'; facts: { title: string; value: string }[] };
export type InputNumber = {
  type: 'Input.Number';
  id: string;
  label?: string;
  placeholder?: string;
  value?: number;
  isRequired?: boolean;
  errorMessage?: string;
};
export type InputText = {
  type: 'Input.Text';
  id: string;
  label?: string;
  placeholder?: string;
  value?: string;
  isMultiline?: boolean;
  maxLength?: number;
  isRequired?: boolean;
  errorMessage?: string;
};
export type InputChoiceSet = {
  type: 'Input.ChoiceSet';
  id: string;
  label?: string;
  value?: string;
  style?: 'compact' | 'expanded';
  choices: { title: string; value: string }[];
  isRequired?: boolean;
  errorMessage?: string;
};
export type ActionExecute = {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data?: Record<string, unknown>;
  associatedInputs?: 'auto' | 'none';
  style?: 'default' | 'positive' | 'destructive';
  id?: string;
};
export type ActionOpenUrl = { type: 'Action.OpenUrl'; title: string; url: string };
export type CardAction = ActionExecute | ActionOpenUrl;
export type ActionSet = { type: 'ActionSet'; actions: CardAction[] };
export type Container = {
  type: 'Container';
  items: CardElement[];
  separator?: boolean;
  spacing?: 'None' | 'Small' | 'Default' | 'Medium' | 'Large';
  style?: 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';
};
export type CardElement = TextBlock | FactSet | InputNumber | InputText | InputChoiceSet | ActionSet | Container;

export type AdaptiveCard = {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  refresh?: { action: ActionExecute; userIds?: string[] };
};

/** Every string in the card without invisible characters (escaped TextBlocks and facts stay as they are). */
function cleaned<T>(value: T): T {
  if (typeof value === 'string') return withoutInvisible(value) as T;
  if (Array.isArray(value)) return value.map(cleaned) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleaned(v)])) as T;
  return value;
}

export function card(body: CardElement[], extra: Partial<Pick<AdaptiveCard, 'actions' | 'refresh'>> = {}): AdaptiveCard {
  return cleaned({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, ...extra });
}

/** A TextBlock showing `value` as written (escaped: no markup, nothing invisible). */
export const text = (value: string, extra: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock => ({
  type: 'TextBlock',
  text: markdownLiteral(value),
  wrap: true,
  ...extra,
});
export const heading = (value: string): TextBlock => text(value, { weight: 'Bolder', size: 'Medium', style: 'heading' });
export const facts = (list: [string, string][]): FactSet => ({
  type: 'FactSet',
  facts: list.map(([title, value]) => ({ title: markdownLiteral(title), value: markdownLiteral(value) })),
});
/** A notice in the card: colour and a leading sign, never colour alone. */
export const notice = (value: string, tone: 'attention' | 'warning' | 'good'): TextBlock =>
  text(`${tone === 'good' ? '✓' : tone === 'warning' ? 'ⓘ' : '⚠'} ${value}`, {
    color: tone === 'good' ? 'Good' : tone === 'warning' ? 'Warning' : 'Attention',
    weight: 'Bolder',
  });

/** The id of the hidden element that names a card's delivery (see withDeliveryMarker). */
export const DELIVERY_MARKER_ID = 'kvalitetsaftaler-delivery';

/**
 * The card with a hidden element carrying `marker` (the reminder's record id): after a crash, the
 * dispatcher finds the message again in the chat by it (bot/graph-delivery-ledger.ts). Never shown.
 */
export function withDeliveryMarker(c: AdaptiveCard, marker: string): AdaptiveCard {
  return { ...c, body: [...c.body, { type: 'TextBlock', id: DELIVERY_MARKER_ID, text: marker, isVisible: false }] };
}

/** Size of a card as Teams counts it (the JSON in UTF-8). */
export function cardBytes(c: AdaptiveCard): number {
  let bytes = 0;
  for (const ch of JSON.stringify(c)) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}
