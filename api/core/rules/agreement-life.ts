import type { Agreement, AgreementStatus, OrgUnit, PartyRole } from '../model';
import type { Role } from '../roles';

/**
 * The agreement's life, written once: who approves and who signs (from the organisation tree), what each state
 * means for the agreement's content and readers, and the transitions table — from which state, which move, who
 * may make it, to which state. The core enforces it (services/lifecycle.ts, services/approvals.ts), docs/lifecycle.md
 * is generated from it (`npm run docs`), and tests/agreement-life.test.ts walks it.
 */

// ---- Who approves, who signs ---------------------------------------------------------------------------

/** Units by id as far as their line upwards goes. */
export type Lineage = { byId: ReadonlyMap<string, Pick<OrgUnit, 'id' | 'parentId'>> };
type UnitTree = { byId: ReadonlyMap<string, Pick<OrgUnit, 'id' | 'parentId' | 'approverId' | 'leaderIds'> & { signingRoles?: OrgUnit['signingRoles'] }> };

/** The unit and the units above it, nearest first (a broken tree never loops: at most 100 levels). */
export function lineOf<T extends Lineage>(t: T, unitId: string): NonNullable<ReturnType<T['byId']['get']>>[] {
  const out: NonNullable<ReturnType<T['byId']['get']>>[] = [];
  for (let u = t.byId.get(unitId); u && out.length < 100; u = u.parentId ? t.byId.get(u.parentId) : undefined) out.push(u as never);
  return out;
}

/**
 * The approving chief of a unit: its own approver, or, where it names none, the nearest one above it (the role is
 * inherited). The one the approval card goes to and names, who signs as chief, and who hears of late measurements.
 * A leader of the unit is never its approving chief, even where named its approver: nobody approves the agreement
 * they wrote; the approval passes to the nearest approver above.
 */
export function approverOf(t: UnitTree, unitId: string): string | null {
  // A loop, not lineOf: the planner asks this for every indicator on every run.
  const leaders = t.byId.get(unitId)?.leaderIds ?? [];
  let u = t.byId.get(unitId);
  for (let depth = 0; u && depth < 100; depth++, u = u.parentId ? t.byId.get(u.parentId) : undefined)
    if (u.approverId && !leaders.includes(u.approverId)) return u.approverId;
  return null;
}

/**
 * Whether a person is a chief of a unit: the approver of it or of any unit above it (a chief approves for every unit
 * below), and no leader of it (a leader does not approve their own unit's agreement).
 */
export function isChiefOf(t: UnitTree, unitId: string, personId: string): boolean {
  let u = t.byId.get(unitId);
  if (u?.leaderIds.includes(personId)) return false;
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
  return agreement.parties.find((p) => p.personId === personId && !TREE_SIGNING_ROLES.has(p.role) && p.signs !== false)?.role ?? null;
}

/**
 * The people who own an agreement's follow-up by delegation: its parties marked `followsUp` who are known persons.
 * They receive its follow-up reminders (measurements due and late, the escalation) and may report its measurements.
 */
export function followUpOwners(agreement: Pick<Agreement, 'parties'>): string[] {
  return [...new Set(agreement.parties.filter((p) => p.followsUp && p.personId).map((p) => p.personId!))];
}

/** The required signing roles that have not signed the agreement's current version (what the tab shows as missing). */
export function missingSignatures(t: UnitTree, agreement: Pick<Agreement, 'unitId' | 'signatures' | 'version'>): PartyRole[] {
  return requiredSigningRoles(t, agreement.unitId).filter((r) => !agreement.signatures.some((s) => s.version === agreement.version && s.role === r));
}

/** The roles that must sign a version before it is in effect: the municipality's setting, by default leader and chief. */
export function requiredSigningRoles(t: UnitTree, unitId: string): readonly PartyRole[] {
  return lineOf(t, unitId).at(-1)?.signingRoles ?? ['leader', 'chief'];
}

// ---- The years of an agreement -------------------------------------------------------------------------

type Term = Pick<Agreement, 'year' | 'periodStart' | 'periodEnd'> & { lastYear?: number | undefined };

/** The first year of an agreement's follow-up: the year its period starts. */
export const firstYearOf = (a: Pick<Agreement, 'periodStart'>): number => Number(a.periodStart.slice(0, 4));

/** The agreement runs over several years (a last year after its first) or has no end. */
export const runsOverYears = (a: Term): boolean => a.periodEnd === null || (a.lastYear !== undefined && a.lastYear > firstYearOf(a));

/** Whether the agreement may end with the year in hand: a yearly one, a multi-year one in its last year, an open-ended one at any year's end. */
export const mayEndThisYear = (a: Term): boolean => a.periodEnd === null || a.lastYear === undefined || a.year >= a.lastYear;

/** Whether a year of follow-up follows the one in hand: a multi-year agreement before its last year, an open-ended one always. */
export const yearFollows = (a: Term): boolean => a.periodEnd === null || (a.lastYear !== undefined && a.year < a.lastYear);

/** The years of the agreement followed up so far, the one in hand the last. */
export function yearsSoFar(a: Term): number[] {
  const out: number[] = [];
  for (let y = Math.min(firstYearOf(a), a.year); y <= a.year && out.length < 100; y++) out.push(y);
  return out;
}

/**
 * The term of the agreement that follows one: it starts the year after the last year of this one (a multi-year
 * agreement's last year, an open-ended one's year in hand) and runs as long, with its title's years moved on as
 * much ("Styringsaftale 2024–2027" → "Styringsaftale 2028–2031"). An open-ended agreement is followed by an
 * open-ended one from the next year.
 */
export function nextTerm(a: Pick<Agreement, 'year' | 'title' | 'periodStart' | 'periodEnd' | 'lastYear' | 'publishBy'>) {
  const first = firstYearOf(a);
  const last = a.periodEnd === null ? a.year : (a.lastYear ?? a.year);
  const shift = Math.max(1, last - first + 1);
  const move = (d: string) => `${Number(d.slice(0, 4)) + shift}${d.slice(4)}`.replace(/-02-29$/, '-02-28');
  const periodEndYear = a.periodEnd ? Number(a.periodEnd.slice(0, 4)) : last;
  const title = a.title.replace(/(?<!\d)(19|20)\d{2}(?!\d)/g, (y) => (Number(y) >= first && Number(y) <= periodEndYear ? String(Number(y) + shift) : y));
  return {
    year: first + shift,
    title,
    periodStart: move(a.periodStart),
    periodEnd: a.periodEnd === null ? null : move(a.periodEnd),
    ...(a.lastYear !== undefined ? { lastYear: a.lastYear + shift } : {}),
    publishBy: a.publishBy ? move(a.publishBy) : null,
    shift,
  };
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
  // Where an indicator's values come from is follow-up: a key figure can be linked after approval.
  indicator: ['keyFigure'],
};

/** The fields of a kind that may change in a state: 'all', or the list (empty: none). */
export function openFields(status: AgreementStatus, kind: string): 'all' | readonly string[] {
  const { content } = STATES[status];
  return content === 'open' ? 'all' : content === 'none' ? [] : (FOLLOW_UP_FIELDS[kind] ?? []);
}

// ---- The transitions table ----------------------------------------------------------------------------

export const MOVES = ['submit', 'approve', 'requestChanges', 'sign', 'startYearEnd', 'startNextYear', 'close', 'openNewVersion', 'createNextYear'] as const;
export type Move = (typeof MOVES)[number];

/** Who makes a move: a role held for the agreement's unit, or `signer` — a person who signs it (signingRoleOf). */
export type Mover = Role | 'signer';

export type Transition = {
  from: AgreementStatus;
  move: Move;
  who: readonly Mover[];
  to: AgreementStatus;
  /** A condition on top of the state, decided by the core: where one move has two outcomes, or a move is open in some years only. */
  when?: Condition;
  /** What else the move does, for the documentation. */
  note?: string;
};

export const CONDITIONS = [
  'every required role has signed',
  'a required role has not signed yet',
  'the agreement may end with this year',
  'a year of the agreement follows',
] as const;
export type Condition = (typeof CONDITIONS)[number];

/** Which conditions hold for an agreement; `allSigned` whether every required role has signed (for signing). */
export function conditionsOf(a: Term, allSigned = false): (c: Condition) => boolean {
  return (c) => {
    switch (c) {
      case 'every required role has signed':
        return allSigned;
      case 'a required role has not signed yet':
        return !allSigned;
      case 'the agreement may end with this year':
        return mayEndThisYear(a);
      case 'a year of the agreement follows':
        return yearFollows(a);
    }
  };
}

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
  {
    from: 'year_end',
    move: 'startNextYear',
    who: ['chief', 'quality_office'],
    to: 'in_effect',
    when: 'a year of the agreement follows',
    note: "the year's evaluation is kept; the next year's follow-up begins (due periods, reminders, overview)",
  },
  { from: 'year_end', move: 'close', who: ['chief', 'quality_office'], to: 'closed', when: 'the agreement may end with this year' },
  // Next year's draft is a new agreement; this one stays as it is, whatever its state.
  ...EVERY_STATUS.map((s): Transition => ({ from: s, move: 'createNextYear', who: LEADER, to: s, note: "opens next year's draft with the goals picked" })),
];

export type MoveVerdict = { ok: true; to: AgreementStatus } | { ok: false; refused: 'forbidden' | 'invalid_transition' };

/**
 * The verdict of the table on a move: `holds` says whether the actor is a given mover for the agreement's unit,
 * `met` which conditions hold (conditionsOf; a boolean: whether every required role has signed, for signing). The
 * person is asked first — someone who may never make the move is refused as such (forbidden) — then the state and
 * its conditions (invalid_transition).
 */
export function judgeMove(status: AgreementStatus, move: Move, holds: (m: Mover) => boolean, met: boolean | ((c: Condition) => boolean) = false): MoveVerdict {
  const rows = TRANSITIONS.filter((r) => r.move === move);
  if (!mayMake(move, holds)) return { ok: false, refused: 'forbidden' };
  const here = rows.filter((r) => r.from === status);
  if (!here.length) return { ok: false, refused: 'invalid_transition' };
  const holdsWhen = typeof met === 'function' ? met : conditionsOf({ year: 0, periodStart: '0000', periodEnd: '0000' }, met);
  const mine = here.filter((r) => r.who.some(holds));
  if (!mine.length) return { ok: false, refused: 'forbidden' };
  const row = mine.find((r) => !r.when || holdsWhen(r.when));
  return row ? { ok: true, to: row.to } : { ok: false, refused: 'invalid_transition' };
}

/** Whether someone may make a move from some state (the approval card shows its buttons to whoever may approve). */
export function mayMake(move: Move, holds: (m: Mover) => boolean): boolean {
  return TRANSITIONS.some((r) => r.move === move && r.who.some(holds));
}
