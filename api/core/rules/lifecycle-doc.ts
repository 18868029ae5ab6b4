import { AGREEMENT_STATUSES } from '../model';
import { FOLLOW_UP_FIELDS, isSubmitted, STATES, TRANSITIONS, type Mover } from './agreement-life';

/**
 * docs/lifecycle.md, made from the agreement's rules (agreement-life.ts) so the documentation cannot drift:
 * `npm run docs` writes it, and a test fails while the committed page differs from what this returns.
 */
export function lifecycleDoc(): string {
  const who = (movers: readonly Mover[]) => movers.map((m) => (m === 'signer' ? 'a signer' : m.replace('_', ' '))).join(', ');
  const yes = (b: boolean) => (b ? 'yes' : '–');
  const content = { open: 'open', 'follow-up': 'follow-up only', none: 'none' } as const;
  const lines = [
    '<!-- Generated from api/core/rules/agreement-life.ts by `npm run docs`: edit the rules there, not this page. -->',
    '',
    "# The agreement's life",
    '',
    'One table in the core (`TRANSITIONS` in `api/core/rules/agreement-life.ts`) says from which state which move goes to',
    'which state and who may make it; the core enforces it for the tab, the bot and the API alike',
    '(`services/lifecycle.ts`, `services/approvals.ts`). A move by someone the table does not name for it is refused as',
    '`forbidden` (403); a move the state does not allow as `invalid_transition` (409) — a decision on an agreement no longer',
    'awaiting one as `conflict` (409, with the current agreement); a move on an old revision as `conflict`.',
    '',
    '```mermaid',
    'stateDiagram-v2',
    '  [*] --> draft',
    ...TRANSITIONS.filter((t) => t.from !== t.to || t.move === 'sign')
      .filter((t, i, all) => all.findIndex((u) => u.from === t.from && u.to === t.to && u.move === t.move) === i)
      .map((t) => `  ${t.from} --> ${t.to}: ${t.move}`),
    '  closed --> [*]',
    '```',
    '',
    '## Moves',
    '',
    '| from | move | who may | to | when | also |',
    '|---|---|---|---|---|---|',
    ...TRANSITIONS.map((t) => `| ${t.from} | ${t.move} | ${who(t.who)} | ${t.to} | ${t.when ?? ''} | ${t.note ?? ''} |`),
    '',
    "Roles are held for the agreement's unit ([roles](roles.md)): **chief** is the approver of the unit or of any unit above it;",
    'the tenant admin acts as the quality office. **A signer** is a leader of the unit (signs as leader), the approving chief',
    '(signs as chief), or a party the approved version names in a role the organisation tree does not decide (board chair,',
    'works council deputy, other). Each person signs a version once, in one role; the roles that must sign are set on the',
    'municipality (`signingRoles`, by default leader and chief).',
    '',
    '## Who approves',
    '',
    'The **approving chief** of a unit is its own approver or, where it names none, the nearest approver above it: the chief',
    'the approval card goes to and names, who signs as chief, and who hears of measurements long overdue. Any chief of the',
    'unit (an approver of it or above it) may approve or send back; the approval card shows its buttons to them.',
    '',
    '## States',
    '',
    '| state | content may change | published (read by all in the tenant) | measured (reminders, my tasks) | counts as submitted |',
    '|---|---|---|---|---|',
    ...AGREEMENT_STATUSES.map(
      (s) => `| ${s} | ${content[STATES[s].content]} | ${yes(STATES[s].published)} | ${yes(STATES[s].measured)} | ${yes(isSubmitted(s))} |`,
    ),
    '',
    `Follow-up only: ${Object.entries(FOLLOW_UP_FIELDS)
      .map(([kind, fields]) => `${kind} ${fields.join(', ')}`)
      .join('; ')}. Everything else of the`,
    "content (goals, actions, success criteria, indicators and the agreement's own fields) is locked: a change needs a new version.",
    '',
  ];
  return lines.join('\n');
}
