import type { Agreement, Indicator, OrgUnit, WheelEvent } from '../model';
import { planReminders, type PlannerInput } from './reminder-planner';

const base = { revision: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };
const unit = (id: string, parentId: string | null, over: Partial<OrgUnit> = {}): OrgUnit => ({
  ...base,
  id,
  parentId,
  kind: parentId ? 'unit' : 'municipality',
  name: id,
  leaderIds: [],
  approverId: null,
  memberIds: [],
  sortOrder: 0,
  ...over,
});
const indicator = (id: string, unitId: string, over: Partial<Indicator> = {}): Indicator & { unitId: string; year: number } => ({
  ...base,
  id,
  unitId,
  year: 2026,
  goalId: 'g',
  agreementId: 'a',
  name: id,
  unitOfMeasure: '%',
  valueType: 'percentage',
  minValue: null,
  maxValue: null,
  baseline: null,
  baselineYear: null,
  target: 80,
  targetMax: null,
  tolerance: null,
  direction: 'increase',
  frequency: { kind: 'monthly' },
  measureType: 'result',
  ownerId: null,
  sortOrder: 0,
  ...over,
});
/** The periods reported, as the planner is given them (a measurement summary's values per indicator). */
const reported = (...done: [indicatorId: string, period: string][]): PlannerInput['reported'] => {
  const out = new Map<string, Record<string, number>>();
  for (const [indicatorId, period] of done) out.set(indicatorId, { ...out.get(indicatorId), [period]: 1 });
  return out;
};
const event = (id: string, over: Partial<WheelEvent>): WheelEvent => ({
  ...base,
  id,
  unitId: 'kommune',
  year: 2026,
  date: null,
  month: 3,
  part: null,
  until: null,
  title: { da: id },
  kind: 'dialogue_meeting',
  audience: ['leaders'],
  reminderOffsetsDays: [14, 3],
  action: 'none',
  ...over,
});
const agreement = (unitId: string, status: Agreement['status']): Agreement => ({
  ...base,
  followedUpSince: null,
  id: `${unitId}-2026`,
  unitId,
  year: 2026,
  title: 'x',
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  status,
  version: 1,
  documentDate: null,
  parties: [],
  budget: null,
  missionVision: [],
  facts: [],
  challenges: [],
  statements: [],
  keyFigures: [],
  sections: [],
  signatures: [],
  decision: null,
  publishBy: null,
  yearEnds: [],
  approvalLine: null,
});

const units = [
  unit('kommune', null, { approverId: null }),
  unit('omraade', 'kommune', { approverId: 'chef' }),
  unit('skole', 'omraade', { leaderIds: ['leder'], memberIds: ['ansat'] }),
  unit('dagtilbud', 'omraade', { leaderIds: ['leder2'] }),
];
const input = (over: Partial<PlannerInput>): PlannerInput => ({
  now: new Date('2026-04-05T10:00:00Z'),
  units,
  wheelEvents: [],
  agreements: [],
  indicators: [],
  reported: new Map(),
  pauses: [],
  ...over,
});

describe('the reminder planner', () => {
  it('gathers everything due from a person on one occasion into one reminder', () => {
    const plan = planReminders(
      input({
        indicators: [indicator('i1', 'skole'), indicator('i2', 'skole'), indicator('i3', 'dagtilbud')],
        reported: reported(['i1', '2026-01'], ['i1', '2026-02'], ['i2', '2026-01'], ['i2', '2026-02'], ['i3', '2026-01'], ['i3', '2026-02']),
      }),
    );
    expect(plan.map((p) => p.key)).toEqual(['measurements:2026-03-31|leder', 'measurements:2026-03-31|leder2']);
    expect(plan[0]!.items.map((i) => i.kind === 'measurement' && i.indicatorId)).toEqual(['i1', 'i2']);
  });

  it('sends nothing for work already done, and asks the owner rather than the leader', () => {
    const plan = planReminders(
      input({
        indicators: [indicator('i1', 'skole', { ownerId: 'ansat', frequency: { kind: 'quarterly' } })],
        reported: reported(['i1', '2026-Q1']),
      }),
    );
    expect(plan).toEqual([]);
    const due = planReminders(input({ indicators: [indicator('i1', 'skole', { ownerId: 'ansat', frequency: { kind: 'quarterly' } })] }));
    expect(due.map((p) => p.key)).toEqual(['measurements:2026-03-31|ansat']);
  });

  it('reminds an owner only while they hold a role in the unit; otherwise its leaders', () => {
    const owned = (ownerId: string) =>
      planReminders(input({ indicators: [indicator('i1', 'skole', { ownerId, frequency: { kind: 'quarterly' } })] })).map((p) => p.recipientId);
    expect(owned('ansat')).toEqual(['ansat']);
    expect(owned('chef')).toEqual(['chef']);
    expect(owned('leder2')).toEqual(['leder']); // leads another unit, not this one
    expect(owned('former-employee')).toEqual(['leder']);
  });

  it('pauses a person who is out of office, and reminds them when they are back', () => {
    const base = {
      indicators: [indicator('i1', 'skole', { frequency: { kind: 'months', months: [3] } })],
      pauses: [{ personId: 'leder', from: '2026-04-01', to: '2026-04-07' }],
    };
    expect(planReminders(input(base))).toEqual([]);
    expect(planReminders(input({ ...base, now: new Date('2026-04-08T10:00:00Z') })).map((p) => p.recipientId)).toEqual(['leder']);
  });

  it('tells the approving chief above the unit once a measurement is late beyond the set number of days', () => {
    const ind = [indicator('i1', 'skole', { frequency: { kind: 'months', months: [2] } })];
    const settings = { graceDays: 10, escalateAfterDaysLate: 14 };
    // Due 28 February, late from 10 March, escalated from 24 March.
    expect(planReminders(input({ indicators: ind, settings, now: new Date('2026-03-23T10:00:00Z') })).map((p) => p.type)).toEqual(['measurements']);
    const later = planReminders(input({ indicators: ind, settings, now: new Date('2026-03-24T10:00:00Z') }));
    expect(later.map((p) => p.key)).toEqual(['escalation:2026-02-28|chef', 'measurements:2026-02-28|leder']);
  });

  it('counts the reminders of a range of months from its start ("medio marts–primo maj": 11 March), a whole month from its last day', () => {
    const wheel = [
      event('budget', { month: 3, part: 'medio', until: { month: 5, part: 'primo', date: null }, audience: ['leaders'], reminderOffsetsDays: [7] }),
      event('month', { month: 3, audience: ['chiefs'], reminderOffsetsDays: [7] }),
    ];
    const at = (d: string) => planReminders(input({ wheelEvents: wheel, now: new Date(`${d}T10:00:00Z`) })).map((p) => p.key);
    expect(at('2026-03-03')).toEqual([]);
    expect(at('2026-03-04')).toEqual(['wheel:budget:7|leder', 'wheel:budget:7|leder2']);
    // Once the range has started it is not "coming up" any more; the whole month still is, until its last day.
    expect(at('2026-03-24')).toEqual(['wheel:month:7|chef']);
  });

  it('reminds the audience of a wheel event at each offset before it, the nearest offset only, until it has passed', () => {
    const wheel = [event('dialog', { date: '2026-03-20', audience: ['leaders', 'chiefs'] })];
    const at = (d: string) => planReminders(input({ wheelEvents: wheel, now: new Date(`${d}T10:00:00Z`) })).map((p) => p.key);
    expect(at('2026-03-01')).toEqual([]);
    expect(at('2026-03-06')).toEqual(['wheel:dialog:14|chef', 'wheel:dialog:14|leder', 'wheel:dialog:14|leder2']);
    expect(at('2026-03-18')).toEqual(['wheel:dialog:3|chef', 'wheel:dialog:3|leder', 'wheel:dialog:3|leder2']);
    expect(at('2026-03-21')).toEqual([]);
  });

  it('does not ask leaders to submit an agreement they submitted, nor chiefs to approve when nothing waits', () => {
    const wheel = [
      event('submit', { month: 11, action: 'submit_agreement', audience: ['leaders'], reminderOffsetsDays: [10] }),
      event('approve', { month: 12, action: 'approve_agreement', audience: ['chiefs'], reminderOffsetsDays: [40] }),
    ];
    const now = new Date('2026-11-25T10:00:00Z');
    const plan = planReminders(input({ now, wheelEvents: wheel, agreements: [agreement('skole', 'submitted'), agreement('dagtilbud', 'draft')] }));
    expect(plan.map((p) => p.key)).toEqual(['wheel:approve:40|chef', 'wheel:submit:10|leder2']);
    const none = planReminders(input({ now, wheelEvents: wheel, agreements: [agreement('skole', 'approved'), agreement('dagtilbud', 'approved')] }));
    expect(none).toEqual([]);
  });

  it('is deterministic, and a whole year of daily runs yields each occasion once per person (an idempotent outbox sends each once)', () => {
    const all = {
      indicators: [indicator('i1', 'skole'), indicator('i2', 'dagtilbud', { frequency: { kind: 'quarterly' } })],
      wheelEvents: [
        event('dialog', { date: '2026-03-20', audience: ['leaders', 'staff'] }),
        event('budget', { month: 9, kind: 'budget_seminar', audience: ['chiefs'], reminderOffsetsDays: [7] }),
      ],
    };
    const outbox = new Map<string, number>();
    // Time is injected: the year passes in the loop, not on the wall clock (no timed assertion, which a loaded
    // machine would fail; the planner's speed at scale is measured by npm run bench:reminders).
    for (let d = new Date('2026-01-01T08:00:00Z'); d.getUTCFullYear() === 2026; d = new Date(d.getTime() + 86_400_000)) {
      const first = planReminders(input({ ...all, now: d }));
      expect(planReminders(input({ ...all, now: d }))).toEqual(first);
      for (const r of first) outbox.set(r.key, (outbox.get(r.key) ?? 0) + 1);
    }
    const keys = [...outbox.keys()];
    expect(keys.filter((k) => k.startsWith('wheel:dialog'))).toEqual([
      'wheel:dialog:14|ansat',
      'wheel:dialog:14|leder',
      'wheel:dialog:14|leder2',
      'wheel:dialog:3|ansat',
      'wheel:dialog:3|leder',
      'wheel:dialog:3|leder2',
    ]);
    expect(keys.filter((k) => k.startsWith('wheel:budget'))).toEqual(['wheel:budget:7|chef']);
    // Monthly i1 (leder) and quarterly i2 (leder2): one occasion per period end that fell due in 2026.
    expect(keys.filter((k) => k.startsWith('measurements:') && k.endsWith('|leder')).length).toBe(12);
  });
});
