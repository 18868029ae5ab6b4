import type { Agreement, Indicator, MeasurementReminderItem, OrgUnit, WheelEvent, WheelReminderItem } from '../model';
import { addDays, localDate, periodsOfYear } from './periods';
import { eventDate } from './wheel-dates';
import { approverOf, isSubmitted } from './agreement-life';
import { DEFAULT_GRACE_DAYS, measurementState } from './indicator-status';

/**
 * The reminder planner: a pure, deterministic function of the annual wheel, the indicator schedules,
 * what is already done and the clock. It says which reminders are due now, one per person per occasion,
 * each with an idempotency key; the outbox stores them by that key, so planning again never doubles one.
 */

export type PlannerSettings = {
  /** Days after a period's due date before a measurement counts as late. */
  graceDays: number;
  /** Days late after which the approving chief is told. */
  escalateAfterDaysLate: number;
  /** The quality office of the municipality (audience "quality_office"). */
  qualityOfficeIds: readonly string[];
};

export const DEFAULT_PLANNER_SETTINGS: PlannerSettings = { graceDays: DEFAULT_GRACE_DAYS, escalateAfterDaysLate: 14, qualityOfficeIds: [] };

export type PlannerInput = {
  now: Date;
  units: readonly OrgUnit[];
  wheelEvents: readonly WheelEvent[];
  /** What of an agreement the planner looks at. */
  agreements: readonly Pick<Agreement, 'unitId' | 'year' | 'status'>[];
  /** Indicators with the unit of their goal and the year of their agreement (whose periods they measure). */
  indicators: readonly PlannedIndicator[];
  /**
   * The periods reported, per indicator id: what of the measurements the planner looks at (the keys; a measurement
   * summary's `values` serve as they are, so a large municipality's 540,000 measurements are never listed).
   */
  reported: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** Out of office: no reminders while today lies in [from, to]. */
  pauses: readonly { personId: string; from: string; to: string }[];
  settings?: Partial<PlannerSettings>;
};

/** What of an indicator the planner looks at, with the unit of its goal and the year of its agreement. */
export type PlannedIndicator = Pick<Indicator, 'id' | 'ownerId' | 'frequency'> & {
  unitId: string;
  year: number;
  /** The people who own the agreement's follow-up by delegation (agreement-life.ts, followUpOwners). */
  followUpIds?: readonly string[];
  /** The agreement's followedUpSince: no reminder for a period due before it. */
  since?: string | null;
};

/** What a planned reminder speaks of (the outbox's schema, api/core/model/cycle-records.ts). */
export type ReminderItem = WheelReminderItem | MeasurementReminderItem;

export type PlannedReminder = {
  /** Idempotency key: the occasion and the recipient. */
  key: string;
  recipientId: string;
  occasion: string;
  type: 'wheel' | 'measurements' | 'escalation';
  items: ReminderItem[];
};

type Tree = { byId: Map<string, OrgUnit>; children: Map<string, OrgUnit[]> };

function tree(units: readonly OrgUnit[]): Tree {
  const byId = new Map(units.map((u) => [u.id, u]));
  const children = new Map<string, OrgUnit[]>();
  for (const u of units) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  return { byId, children };
}

function subtree(t: Tree, id: string): OrgUnit[] {
  const root = t.byId.get(id);
  if (!root) return [];
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(t.children.get(out[i]!.id) ?? []));
  return out;
}

export function planReminders(input: PlannerInput): PlannedReminder[] {
  const settings = { ...DEFAULT_PLANNER_SETTINGS, ...input.settings };
  const today = localDate(input.now);
  const t = tree(input.units);
  const pausedToday = new Set(input.pauses.filter((p) => p.from <= today && today <= p.to).map((p) => p.personId));
  const paused = (personId: string) => pausedToday.has(personId);
  const out = new Map<string, PlannedReminder>();
  const add = (type: PlannedReminder['type'], occasion: string, recipientId: string, item: ReminderItem) => {
    if (paused(recipientId)) return;
    const key = `${occasion}|${recipientId}`;
    const r = out.get(key) ?? { key, recipientId, occasion, type, items: [] };
    r.items.push(item);
    out.set(key, r);
  };

  // Measurements: one card per person per due date, gathering every indicator due from them.
  const chiefs = new Map<string, string | null>();
  const chiefOf = (unitId: string) => {
    let chief = chiefs.get(unitId);
    if (chief === undefined) chiefs.set(unitId, (chief = approverOf(t, unitId)));
    return chief;
  };
  for (const ind of input.indicators) {
    const unit = t.byId.get(ind.unitId);
    // The owner, while they hold a role in the unit (staff, leader or its chief); otherwise its leaders.
    const ownerInUnit =
      ind.ownerId && unit && (unit.leaderIds.includes(ind.ownerId) || unit.memberIds.includes(ind.ownerId) || chiefOf(unit.id) === ind.ownerId);
    // A delegated follow-up takes the leaders' part and the chief's: it receives the reminders and the escalation.
    const delegated = ind.followUpIds ?? [];
    const recipients = ownerInUnit ? [ind.ownerId!] : delegated.length ? delegated : (unit?.leaderIds ?? []);
    const reported = input.reported.get(ind.id);
    for (const slot of periodsOfYear(ind.frequency, ind.year)) {
      if (reported && Object.hasOwn(reported, slot.period)) continue;
      const state = measurementState(slot, false, today, settings.graceDays, ind.since ?? null);
      if (state !== 'due' && state !== 'late') continue;
      const item: ReminderItem = { kind: 'measurement', indicatorId: ind.id, period: slot.period, due: slot.due, state, unitId: ind.unitId };
      for (const r of recipients) add('measurements', `measurements:${slot.due}`, r, item);
      const lateSince = addDays(slot.due, settings.graceDays);
      if (state === 'late' && today >= addDays(lateSince, settings.escalateAfterDaysLate)) {
        const chief = chiefOf(ind.unitId);
        for (const to of delegated.length ? delegated : chief ? [chief] : []) add('escalation', `escalation:${slot.due}`, to, item);
      }
    }
  }

  // The annual wheel: each event reminds its audience at each offset before it, until it has passed.
  // Which units submitted their agreement of a year, and which chiefs have one waiting: looked up, not searched per unit.
  const submittedOf = new Set(input.agreements.filter((a) => isSubmitted(a.status)).map((a) => `${a.unitId}|${a.year}`));
  const awaitingOf = new Set(input.agreements.filter((a) => a.status === 'submitted').map((a) => `${chiefOf(a.unitId)}|${a.year}`));
  for (const e of input.wheelEvents) {
    // Counted from the start of a range or a part of a month; a whole month from its last day (wheel-dates.ts).
    const date = eventDate(e);
    if (today > date) continue;
    const units = subtree(t, e.unitId);
    for (const offset of e.reminderOffsetsDays) {
      const from = addDays(date, -offset);
      if (today < from) continue;
      // Only the latest offset that has been reached: a later run sends the next one, not all again.
      const nearer = e.reminderOffsetsDays.filter((o) => o < offset && today >= addDays(date, -o));
      if (nearer.length) continue;
      const occasion = `wheel:${e.id}:${offset}`;
      const item: ReminderItem = { kind: 'wheel', eventId: e.id, action: e.action, date, unitId: e.unitId };
      const recipients = new Set<string>();
      for (const role of e.audience) {
        if (role === 'quality_office') settings.qualityOfficeIds.forEach((id) => recipients.add(id));
        for (const u of units) {
          if (role === 'leaders' && !(e.action === 'submit_agreement' && submittedOf.has(`${u.id}|${e.year}`))) u.leaderIds.forEach((id) => recipients.add(id));
          if (role === 'staff') u.memberIds.forEach((id) => recipients.add(id));
          const chief = role === 'chiefs' ? chiefOf(u.id) : null;
          if (chief && !(e.action === 'approve_agreement' && !awaitingOf.has(`${chief}|${e.year}`))) recipients.add(chief);
        }
      }
      for (const r of recipients) add('wheel', occasion, r, item);
    }
  }
  return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
