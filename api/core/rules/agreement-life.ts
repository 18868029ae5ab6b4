import type { Agreement, AgreementStatus, OrgUnit, PartyRole } from '../model';
import type { Role } from '../roles';

/**
 * The agreement's life, written once: who approves and who signs (from the organisation tree), what each state
 * means for the agreement's content and readers, and the transitions table — from which state, which move, who
 * may make it, to which state. The core enforces it (services/lifecycle.ts, services/approvals.ts), docs/lifecycle.md
 * is generated from it (`npm run docs`), and tests/agreement-life.test.ts walks it.
 */

// ---- Who approves, who signs ---------------------------------------------------------------------------

type UnitTree = { byId: ReadonlyMap<string, Pick<OrgUnit, 'id' | 'parentId' | 'approverId' | 'leaderIds'> & { signingRoles?: OrgUnit['signingRoles'] }> };

/** The unit and the units above it, nearest first (a broken tree never loops: at most 100 levels). */
export function lineOf<T extends UnitTree>(t: T, unitId: string): NonNullable<ReturnType<T['byId']['get']>>[] {
  const out: NonNullable<ReturnType<T['byId']['get']>>[] = [];
  for (let u = t.byId.get(unitId); u && out.length < 100; u = u.parentId ? t.byId.get(u.parentId) : undefined) out.push(u as never);
  return out;
}

/**
 * The approving chief of a unit: its own approver, or, where it names none, the nearest one above it (the role is
 * inherited). The one the approval card goes to and names, who signs as chief, and who hears of late measurements.
 */
export function approverOf(t: UnitTree, unitId: string): string | null {
  // A loop, not lineOf: the planner asks this for every indicator on every run.
  let u = t.byId.get(unitId);
  for (let depth = 0; u && depth < 100; depth++, u = u.parentId ? t.byId.get(u.parentId) : undefined) if (u.approverId) return u.approverId;
  return null;
}

/** Whether a person is a chief of a unit: the approver of it or of any unit above it (a chief approves for every unit below). */
export function isChiefOf(t: UnitTree, unitId: string, personId: string): boolean {
  let u = t.byId.get(unitId);
  for (let depth = 0; u && depth < 100; depth++, u = u.parentId ? t.byId.get(u.parentId) : undefined) if (u.approverId === personId) return true;
  return false;
}

/** Signing roles the organisation tree decides: never taken from the agreement's parties. */
const TREE_SIGNING_ROLES: ReadonlySet<PartyRole> = new Set(['leader', 'chief']);

/**
 * The role in which a person signs an agreement, or null when they are no party to it. Leader and chief come
 * from the tree only (a leader of the unit, the approving chief); a party named on the agreement signs only in a
 * role the tree does not decide (board chair, works council deputy, other): the chief approved that list.
 */
export function signingRoleOf(t: UnitTree, agreement: Pick<Agreement, 'unitId' | 'parties'>, personId: string): PartyRole | null {
  if (t.byId.get(agreement.unitId)?.leaderIds.includes(personId)) return 'leader';
  if (approverOf(t, agreement.unitId) === personId) return 'chief';
  return agreement.parties.find((p) => p.personId === personId && !TREE_SIGNING_ROLES.has(p.role))?.role ?? null;
}

/** The roles that must sign a version before it is in effect: the municipality's setting, by default leader and chief. */
export function requiredSigningRoles(t: UnitTree, unitId: string): readonly PartyRole[] {
  return lineOf(t, unitId).at(-1)?.signingRoles ?? ['leader', 'chief'];
}

// ---- What each state means ----------------------------------------------------------------------------

export type StateMeaning = {
  /**
   * What of the content (goals, actions, criteria, indicators) may change: everything in a draft; from submission
   * on only what follow-up needs (FOLLOW_UP_FIELDS); nothing once closed. A state that is not open counts as submitted.
   */
  content: 'open' | 'follow-up' | 'none';
  /** A public document every signed-in user of the tenant reads. */
  published: boolean;
  /** Its indicators are being measured (reminders, "my tasks"). */
  measured: boolean;
};

export const STATES: Record<AgreementStatus, StateMeaning> = {
  draft: { content: 'open', published: false, measured: false },
  submitted: { content: 'follow-up', published: false, measured: false },
  approved: { content: 'follow-up', published: true, measured: true },
  in_effect: { content: 'follow-up', published: true, measured: true },
  year_end: { content: 'follow-up', published: true, measured: true },
  closed: { content: 'none', published: true, measured: false },
};

/**
 * The states in their order (the model's AGREEMENT_STATUSES: STATES names each, the type sees to that). Read from
 * STATES, not imported from the model, so this file needs no zod and the tab's views can ask it what is open.
 */
const EVERY_STATUS = Object.keys(STATES) as AgreementStatus[];

const statusesWhere = (p: (m: StateMeaning) => boolean): ReadonlySet<AgreementStatus> => new Set(EVERY_STATUS.filter((s) => p(STATES[s])));

/** States whose content is locked (changes need a new version): the agreement has been submitted. */
export const LOCKED_STATUSES = statusesWhere((m) => m.content !== 'open');
/** Whether the unit has submitted the agreement (it is locked, approved or later): the same set as LOCKED_STATUSES. */
export const isSubmitted = (status: AgreementStatus): boolean => LOCKED_STATUSES.has(status);
export const PUBLISHED_STATUSES = statusesWhere((m) => m.published);
export const MEASURED_STATUSES = statusesWhere((m) => m.measured);

/** What each kind of content may still change while its agreement is locked for follow-up. */
export const FOLLOW_UP_FIELDS: Readonly<Record<string, readonly string[]>> = {
  goal: ['status', 'schema.results', 'schema.followUpProposals'],
  action: ['status'],
  successCriterion: ['met'],
};

/** The fields of a kind that may change in a state: 'all', or the list (empty: none). */
export function openFields(status: AgreementStatus, kind: string): 'all' | readonly string[] {
  const { content } = STATES[status];
  return content === 'open' ? 'all' : content === 'none' ? [] : (FOLLOW_UP_FIELDS[kind] ?? []);
}

// ---- The transitions table ----------------------------------------------------------------------------

export const MOVES = ['submit', 'approve', 'requestChanges', 'sign', 'startYearEnd', 'close', 'openNewVersion', 'createNextYear'] as const;
export type Move = (typeof MOVES)[number];

/** Who makes a move: a role held for the agreement's unit, or `signer` — a person who signs it (signingRoleOf). */
export type Mover = Role | 'signer';

export type Transition = {
  from: AgreementStatus;
  move: Move;
  who: readonly Mover[];
  to: AgreementStatus;
  /** A condition on top of the state, decided by the core: only where one move has two outcomes. */
  when?: 'every required role has signed' | 'a required role has not signed yet';
  /** What else the move does, for the documentation. */
  note?: string;
};

const LEADER: readonly Mover[] = ['leader', 'quality_office'];

export const TRANSITIONS: readonly Transition[] = [
  {
    from: 'draft',
    move: 'submit',
    who: LEADER,
    to: 'submitted',
    note: 'freezes the content into the version record; the approval card goes to the approving chief',
  },
  { from: 'submitted', move: 'approve', who: ['chief'], to: 'approved', note: "the unit's leaders hear of it in chat" },
  { from: 'submitted', move: 'requestChanges', who: ['chief'], to: 'draft', note: "with a comment; the unit's leaders hear of it in chat" },
  {
    from: 'approved',
    move: 'sign',
    who: ['signer'],
    to: 'approved',
    when: 'a required role has not signed yet',
    note: 'each person signs a version once, in one role',
  },
  { from: 'approved', move: 'sign', who: ['signer'], to: 'in_effect', when: 'every required role has signed' },
  { from: 'approved', move: 'openNewVersion', who: LEADER, to: 'draft', note: 'the next version, to be approved again' },
  { from: 'in_effect', move: 'openNewVersion', who: LEADER, to: 'draft', note: 'the next version, to be approved again' },
  { from: 'in_effect', move: 'startYearEnd', who: LEADER, to: 'year_end', note: 'results and proposals for follow-up are written' },
  { from: 'year_end', move: 'close', who: ['chief', 'quality_office'], to: 'closed' },
  // Next year's draft is a new agreement; this one stays as it is, whatever its state.
  ...EVERY_STATUS.map((s): Transition => ({ from: s, move: 'createNextYear', who: LEADER, to: s, note: "opens next year's draft with the goals picked" })),
];

export type MoveVerdict = { ok: true; to: AgreementStatus } | { ok: false; refused: 'forbidden' | 'invalid_transition' };

/**
 * The verdict of the table on a move: `holds` says whether the actor is a given mover for the agreement's unit,
 * `allSigned` whether every required role has signed (for signing). The person is asked first — someone who may
 * never make the move is refused as such (forbidden) — then the state (invalid_transition).
 */
export function judgeMove(status: AgreementStatus, move: Move, holds: (m: Mover) => boolean, allSigned = false): MoveVerdict {
  const rows = TRANSITIONS.filter((r) => r.move === move);
  if (!mayMake(move, holds)) return { ok: false, refused: 'forbidden' };
  const here = rows.filter((r) => r.from === status);
  if (!here.length) return { ok: false, refused: 'invalid_transition' };
  const row = here.find((r) => r.who.some(holds) && (!r.when || (r.when === 'every required role has signed') === allSigned));
  return row ? { ok: true, to: row.to } : { ok: false, refused: 'forbidden' };
}

/** Whether someone may make a move from some state (the approval card shows its buttons to whoever may approve). */
export function mayMake(move: Move, holds: (m: Mover) => boolean): boolean {
  return TRANSITIONS.some((r) => r.move === move && r.who.some(holds));
}
