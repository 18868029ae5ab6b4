import { formatAmount, lowerFirst, t } from '../i18n/text';
import type { Agreement, Goal } from '../model';
import type { Locale } from '../model/locales';

/** What an agreement looked like when it was submitted: the agreement and everything under it. */
export type Snapshot = {
  agreement: Agreement;
  goals: Goal[];
  actions: { id: string; goalId: string; text: string }[];
  successCriteria: { id: string; goalId: string; text: string }[];
  indicators: { id: string; goalId: string; name: string; target: number | null }[];
};

export type VersionDiff = {
  goalsAdded: { id: string; title: string }[];
  goalsRemoved: { id: string; title: string }[];
  goalsChanged: { id: string; title: string; fields: string[] }[];
  budget: { from: number | null; to: number | null; currency: string } | null;
};

const GOAL_FIELDS = ['title', 'kind', 'origin', 'parentGoalIds', 'schema', 'followUpMonths', 'ownerId'] as const;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Whether a version record was kept by an import rather than by a submission: marked so since it has the field;
 * before, told by its snapshot — a submission freezes the agreement as submitted, an import as it arrived (approved,
 * in effect or later). The embedded store's migration 10 writes the mark on versions stored before it.
 */
export function isImportedVersion(v: { imported?: boolean | undefined; snapshot: Record<string, unknown> }): boolean {
  if (v.imported !== undefined) return v.imported;
  const status = (v.snapshot.agreement as { status?: unknown } | undefined)?.status;
  return typeof status === 'string' && status !== 'draft' && status !== 'submitted';
}

/** The difference between two versions: goals added, removed and changed (and which parts), and the budget. */
export function diffSnapshots(from: Snapshot, to: Snapshot): VersionDiff {
  const before = new Map(from.goals.map((g) => [g.id, g]));
  const after = new Map(to.goals.map((g) => [g.id, g]));
  const under = (s: Snapshot, goalId: string) => ({
    actions: s.actions
      .filter((x) => x.goalId === goalId)
      .map((x) => x.text)
      .sort(),
    successCriteria: s.successCriteria
      .filter((x) => x.goalId === goalId)
      .map((x) => x.text)
      .sort(),
    indicators: s.indicators
      .filter((x) => x.goalId === goalId)
      .map((x) => `${x.name}|${x.target}`)
      .sort(),
  });
  const changed: VersionDiff['goalsChanged'] = [];
  for (const [id, g] of after) {
    const old = before.get(id);
    if (!old) continue;
    const fields: string[] = GOAL_FIELDS.filter((f) => !same(old[f], g[f]));
    const a = under(from, id);
    const b = under(to, id);
    for (const k of ['actions', 'successCriteria', 'indicators'] as const) if (!same(a[k], b[k])) fields.push(k);
    if (fields.length) changed.push({ id, title: g.title, fields });
  }
  const fb = from.agreement.budget;
  const tb = to.agreement.budget;
  return {
    goalsAdded: to.goals.filter((g) => !before.has(g.id)).map((g) => ({ id: g.id, title: g.title })),
    goalsRemoved: from.goals.filter((g) => !after.has(g.id)).map((g) => ({ id: g.id, title: g.title })),
    goalsChanged: changed,
    budget: same(fb?.amount ?? null, tb?.amount ?? null)
      ? null
      : { from: fb?.amount ?? null, to: tb?.amount ?? null, currency: tb?.currency ?? fb?.currency ?? 'DKK' },
  };
}

/** The difference in one line, for the approval card: "2 goals added; 1 goal changed; budget frame DKK 21,848,850 → DKK 22,000,000". */
export function diffLine(d: VersionDiff, locale: Locale): string {
  const parts: string[] = [];
  if (d.goalsAdded.length) parts.push(t('diffGoalsAdded', locale, { n: d.goalsAdded.length }));
  if (d.goalsRemoved.length) parts.push(t('diffGoalsRemoved', locale, { n: d.goalsRemoved.length }));
  if (d.goalsChanged.length) parts.push(t('diffGoalsChanged', locale, { n: d.goalsChanged.length }));
  if (d.budget) {
    const { currency } = d.budget;
    const amount = (n: number | null) => (n === null ? '–' : formatAmount(n, currency, locale));
    parts.push(`${lowerFirst(t('budget', locale))} ${amount(d.budget.from)} → ${amount(d.budget.to)}`);
  }
  return parts.length ? parts.join('; ') : t('noDifferences', locale);
}
