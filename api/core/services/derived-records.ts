import { ConflictError } from '../errors';
import type { AgreementRollup, Goal, Indicator, Measurement, MeasurementSummary } from '../model';
import { read, type ReadQuery, type TenantStore, type WriteOp } from '../port';
import { ROLLUP, RollupChanges, type RollupInputs } from './agreement-rollups';
import { SUMMARY, SummaryChanges } from './measurement-summaries';

/**
 * The records the core keeps for reading fast, derived from the domain's records in the same commit as every write
 * that changes them: one measurement summary per indicator (measurement-summaries.ts) and one roll-up per agreement
 * (agreement-rollups.ts). Every use case's store is wrapped here (context.ts), so whatever writes — the tab, cards,
 * the REST API, imports, cascades — keeps them.
 *
 * A commit costs at most two reads more, each one round trip on SharePoint: the stored records it deletes or
 * changes (only when it deletes, or changes a goal, an indicator, an action or a success criterion), then the summaries and the touched
 * agreements' records. Concurrent writes meet at a summary's or roll-up's revision: the losing commit is built
 * again from what is stored now and tried again.
 */

const ATTEMPTS = 10;

type Changes = { summaries: SummaryChanges; rollups: RollupChanges };
const changes = (): Changes => ({ summaries: new SummaryChanges(), rollups: new RollupChanges() });

/** Takes in some writes: reads what they delete or change, where anything is to be read. */
async function takeIn(store: TenantStore, ops: readonly WriteOp[], c: Changes): Promise<void> {
  const measurementIds = SummaryChanges.deletedMeasurements(ops);
  const { goalIds, indicatorIds, actionIds, criterionIds } = RollupChanges.before(ops);
  const [measurements, goals, indicators, actions, criteria] =
    measurementIds.length || goalIds.length || indicatorIds.length || actionIds.length || criterionIds.length
      ? await store.readMany([
          read.ids('measurement', measurementIds),
          read.ids('goal', goalIds),
          read.ids('indicator', indicatorIds),
          read.ids('action', actionIds),
          read.ids('successCriterion', criterionIds),
        ])
      : [[] as Measurement[], [] as Goal[], [] as Indicator[], [], []];
  c.summaries.add(ops, measurements);
  c.rollups.add(ops, { goals, indicators, measurements, others: [...actions, ...criteria] });
}

/**
 * Records written by commits of this process still under way (`${kind}:${id}` → the record, null: deleted): laid
 * over what a derivation reads, so that commits of one agreement one after the other build on each other instead of
 * meeting at the roll-up's revision. Only a guess: a commit that fails leaves the next one a revision the store does
 * not hold, which the store refuses, and the next one is built again.
 */
type Overlay = ReadonlyMap<string, Record<string, unknown> | null>;
const OVERLAID = new Set(['agreement', 'goal', 'indicator', SUMMARY, ROLLUP]);

function overlayOf(writes: Iterable<readonly WriteOp[]>): Overlay {
  const out = new Map<string, Record<string, unknown> | null>();
  for (const ops of writes)
    for (const op of ops) {
      if (op.type === 'audit' || !OVERLAID.has(op.kind)) continue;
      out.set(`${op.kind}:${op.type === 'put' ? op.record.id : op.id}`, op.type === 'put' ? (op.record as unknown as Record<string, unknown>) : null);
    }
  return out;
}

/** An answer of records of `kind` with the overlay's laid over it: those matching `keep` (by id or by agreement) added or replaced, deleted ones left out. */
function laidOver<T extends { id: string }>(answer: readonly T[], kind: string, overlay: Overlay, keep: (r: Record<string, unknown>) => boolean): T[] {
  if (!overlay.size) return [...answer];
  const out = answer.filter((r) => !overlay.has(`${kind}:${r.id}`));
  for (const [key, record] of overlay) if (record && key.startsWith(`${kind}:`) && keep(record)) out.push(record as unknown as T);
  return out;
}

/**
 * The inputs of agreements' roll-ups (their goals, indicators and summaries, as facts) that commits of this process
 * computed them from, per store and agreement, each with the stamp of the roll-up it made: laid in after that
 * commit, and used as long as the stored roll-up still has that stamp. A roll-up gets a new revision with every write
 * of its agreement or of anything in it (agreement-rollups.ts), also by another instance, so a stamp that still
 * matches means the stored inputs are these. A measurement written to an agreement whose inputs are known then
 * reads its agreement, roll-up and summary only, not all of the agreement's goals, indicators and summaries.
 */
type KnownInputs = RollupInputs & { stamp: string };
const INPUTS = new WeakMap<TenantStore, Map<string, KnownInputs>>();
const MAX_INPUTS = 256;
const stampOf = (rollup: Pick<AgreementRollup, 'revision' | 'updatedAt'>) => `${rollup.revision}:${rollup.updatedAt}`;

/**
 * When a commit of `store` is handed over: what it computed the roll-ups of `touched` from (none known: forgotten).
 * Learnt at once, not when the commit answers, since the next commit of the agreement reads its roll-up as soon as
 * it is written (or from the overlay while under way), before the log is on disk; a commit refused is unlearnt.
 */
function learn(store: TenantStore, touched: readonly string[], computed: ReadonlyMap<string, KnownInputs>): void {
  let known = INPUTS.get(store);
  if (!known) INPUTS.set(store, (known = new Map()));
  for (const id of touched) {
    known.delete(id);
    const inputs = computed.get(id);
    if (inputs) known.set(id, inputs);
  }
  for (const id of known.keys()) {
    if (known.size <= MAX_INPUTS) break;
    known.delete(id);
  }
}

/** A commit refused: what it taught is forgotten, unless a later commit taught something since. */
function unlearn(store: TenantStore, computed: ReadonlyMap<string, KnownInputs>): void {
  const known = INPUTS.get(store);
  for (const [id, inputs] of computed) if (known?.get(id) === inputs) known.delete(id);
}

/** The writes of the derived records for everything taken in: the summaries, then the roll-ups (which judge by them). */
async function settle(store: TenantStore, c: Changes, at: string, overlay: Overlay = new Map(), computed?: Map<string, KnownInputs>): Promise<WriteOp[]> {
  const changed = c.summaries.changed();
  const [first = [], ...rest] = c.rollups.batches();
  // The summaries and the first agreements in one read; their roll-ups' inputs too, unless they are known.
  const known = INPUTS.get(store);
  const knownFirst = first.length > 0 && first.every((id) => known?.has(id));
  const queries: ReadQuery[] = [read.ids(SUMMARY, changed), ...(first.length ? c.rollups.queries(first, !knownFirst) : [])];
  const [summaries, ...read1] = changed.length || first.length ? await store.readMany(queries) : [[]];
  const answers = knownFirst ? await withKnownInputs(store, c, first, read1, known!, overlay) : read1;
  const wanted = new Set(changed);
  const summaryOps = c.summaries.ops(
    laidOver(summaries as MeasurementSummary[], SUMMARY, overlay, (r) => wanted.has(r.id as string)),
    at,
  );
  const values = new Map<string, Record<string, number | null>>();
  for (const op of summaryOps) if (op.type === 'put') values.set(op.record.id, (op.record as MeasurementSummary).values);
  const rollupOps = (batch: string[], found: readonly unknown[]) => {
    const ids = new Set(batch);
    const [agreements, rollups, goals, indicators, summariesOf] = found as { id: string }[][];
    const byId = (r: Record<string, unknown>) => ids.has(r.id as string);
    const byAgreement = (r: Record<string, unknown>) => ids.has(r.agreementId as string);
    return c.rollups.ops(
      batch,
      [
        laidOver(agreements!, 'agreement', overlay, byId),
        laidOver(rollups!, ROLLUP, overlay, byId),
        laidOver(goals!, 'goal', overlay, byAgreement),
        laidOver(indicators!, 'indicator', overlay, byAgreement),
        laidOver(summariesOf!, SUMMARY, overlay, byAgreement),
      ],
      values,
      at,
      computed && ((rollup, inputs) => computed.set(rollup.id, { ...inputs, stamp: stampOf(rollup) })),
    );
  };
  const out = [...summaryOps];
  if (first.length) out.push(...rollupOps(first, answers));
  for (const batch of rest) out.push(...rollupOps(batch, await store.readMany(c.rollups.queries(batch))));
  return out;
}

/**
 * The answers to `c.rollups.queries(batch)` from the agreements and roll-ups read (`found`): the inputs of each
 * agreement whose roll-up still has the stamp they were learnt with, the others read now. The roll-up is the one a
 * commit of this process under way writes (the overlay), else the stored one.
 */
async function withKnownInputs(
  store: TenantStore,
  c: Changes,
  batch: readonly string[],
  found: readonly unknown[],
  known: ReadonlyMap<string, KnownInputs>,
  overlay: Overlay,
): Promise<unknown[]> {
  const [agreements, rollups] = found as [unknown[], AgreementRollup[]];
  const ids = new Set(batch);
  const stamps = new Map(laidOver(rollups, ROLLUP, overlay, (r) => ids.has(r.id as string)).map((r) => [r.id, stampOf(r)]));
  const hits = batch.filter((id) => known.get(id)?.stamp === stamps.get(id));
  const misses = batch.filter((id) => !hits.includes(id));
  const [goals = [], indicators = [], summaries = []] = misses.length ? ((await store.readMany(c.rollups.inputQueries(misses))) as unknown[][]) : [];
  const inputs = hits.map((id) => known.get(id)!);
  return [
    agreements,
    rollups,
    [...inputs.flatMap((i) => i.goals), ...goals],
    [...inputs.flatMap((i) => i.indicators), ...indicators],
    [...inputs.flatMap((i) => i.summaries), ...summaries],
  ];
}

/** Commits of one store under way in this process: the agreements being derived (a queue each), the writes on their way. */
type Flight = { locks: Map<string, Promise<void>>; writes: Set<readonly WriteOp[]> };
const FLIGHTS = new WeakMap<TenantStore, Flight>();

/** Waits for every derivation of the agreements before it, then holds them until released (all keys taken at once: no deadlock). */
async function hold(locks: Map<string, Promise<void>>, keys: readonly string[]): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const before = keys.flatMap((k) => locks.get(k) ?? []);
  for (const k of keys) locks.set(k, held);
  await Promise.all(before);
  return () => {
    release();
    for (const k of keys) if (locks.get(k) === held) locks.delete(k);
  };
}

const TOUCHING: ReadonlySet<string> = new Set(['agreement', 'goal', 'indicator', 'measurement', 'action', 'successCriterion']);

/** A long run of writes passed on as it comes, followed by the derived writes it makes (read once, at the end). */
async function* withDerived(store: TenantStore, chunks: AsyncIterable<readonly WriteOp[]>, now: () => Date): AsyncIterable<readonly WriteOp[]> {
  const c = changes();
  for await (const ops of chunks) {
    await takeIn(store, ops, c);
    yield ops;
  }
  const extra = await settle(store, c, now().toISOString());
  if (extra.length) yield extra;
}

/**
 * The store of a use case, its commits keeping the derived records (makeContext wraps every store in it).
 * Everything else is the store's own, whatever it offers.
 */
export function keepingDerived(store: TenantStore, now: () => Date): TenantStore {
  if (WRAPPED.has(store)) return store;
  let flight = FLIGHTS.get(store);
  if (!flight) FLIGHTS.set(store, (flight = { locks: new Map(), writes: new Set() }));
  const { locks, writes } = flight;
  /**
   * One attempt: the derived writes built and the commit handed to the store while the touched agreements are held,
   * so the next commit of one of them builds on this one (the overlay) instead of on what this one replaces.
   */
  const attempt = async (ops: readonly WriteOp[]): Promise<void> => {
    if (!ops.some((op) => op.type !== 'audit' && TOUCHING.has(op.kind))) return store.commit(ops);
    const c = changes();
    await takeIn(store, ops, c);
    const touched = c.rollups.touchedIds();
    const release = await hold(locks, touched);
    const computed = new Map<string, KnownInputs>();
    let all: readonly WriteOp[];
    let committed: Promise<void>;
    try {
      const extra = await settle(store, c, now().toISOString(), overlayOf(writes), computed);
      all = extra.length ? [...ops, ...extra] : ops;
      writes.add(all);
      committed = store.commit(all);
      learn(store, touched, computed);
    } finally {
      release();
    }
    try {
      await committed;
    } catch (err) {
      unlearn(store, computed);
      throw err;
    } finally {
      writes.delete(all);
    }
  };
  const commit = async (ops: readonly WriteOp[]): Promise<void> => {
    for (let n = 1; ; n++) {
      try {
        return await attempt(ops);
      } catch (err) {
        // Another commit moved a summary or a roll-up in between: build them again from what is stored now.
        if (!(err instanceof ConflictError && (err.kind === SUMMARY || err.kind === ROLLUP) && n < ATTEMPTS)) throw err;
        // A moment apart, so that writers who met once do not meet again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * n));
      }
    }
  };
  // A store that takes a long run of writes as one commit (an import) keeps them the same way.
  const long = store as TenantStore & { commitAll?: (chunks: AsyncIterable<readonly WriteOp[]>) => Promise<void> };
  const commitAll = (chunks: AsyncIterable<readonly WriteOp[]>) => long.commitAll!(withDerived(store, chunks, now));
  const wrapped = new Proxy(store, {
    get(target, prop) {
      if (prop === UNDERLYING) return target;
      if (prop === 'commit') return commit;
      if (prop === 'commitAll' && typeof long.commitAll === 'function') return commitAll;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  WRAPPED.add(wrapped);
  return wrapped;
}
const WRAPPED = new WeakSet<TenantStore>();

/** Agreements filled per commit by fillDerivedRecords. */
const FILL_BATCH = 10;

/**
 * Makes the derived records a store lacks — for a SharePoint site that holds agreements from before the
 * measurement summaries and agreement roll-ups existed (npm run provision runs it; SQLite's migrations 7, 9 and 13
 * did the same): a summary for every indicator with measurements but none, and a roll-up for every agreement without
 * one, with one from before the dashboards' figures (services/dashboard.ts), or whose indicators got a summary, made by the same derivation every commit uses (`settle`), a few agreements
 * to a commit. Idempotent: what exists is left alone, so a second run writes nothing. `log` hears the progress.
 */
export async function fillDerivedRecords(
  store: TenantStore,
  now: () => Date,
  log: (line: string) => void = () => {},
): Promise<{ agreements: number; summaries: number; rollups: number }> {
  const [agreements, rollups, indicators, summaries] = await store.readMany([
    read.fields('agreement', {}, ['unitId']),
    read.fields(ROLLUP, {}, ['agreementId', 'goalLinks']),
    read.fields('indicator', {}, ['agreementId']),
    read.fields(SUMMARY, {}, ['indicatorId']),
  ]);
  // A roll-up from before the dashboards' figures (no goal links) is made again.
  const hasRollup = new Set(rollups.filter((r) => r.goalLinks !== undefined && r.goalLinks !== null).map((r) => r.id));
  const hasSummary = new Set(summaries.map((s) => s.id));
  const lacking = new Map<string, string[]>();
  for (const i of indicators) if (i.agreementId && !hasSummary.has(i.id)) lacking.set(i.agreementId, [...(lacking.get(i.agreementId) ?? []), i.id]);
  const todo = agreements.map((a) => a.id).filter((id) => !hasRollup.has(id) || lacking.has(id));
  let written = { summaries: 0, rollups: 0 };
  if (!todo.length) {
    log(`derived records: all ${agreements.length} agreements have their roll-up and their indicators' summaries`);
    return { agreements: 0, ...written };
  }
  log(
    `derived records: ${todo.length} of ${agreements.length} agreements to look at (no roll-up, one without the dashboards' figures, or indicators without a measurement summary)`,
  );
  for (let i = 0; i < todo.length; i += FILL_BATCH) {
    const batch = todo.slice(i, i + FILL_BATCH);
    const withSummaries = batch.filter((id) => lacking.has(id));
    const [measurements] = withSummaries.length ? await store.readMany([read.all('measurement', { agreementId: withSummaries })]) : [[] as Measurement[]];
    const c = changes();
    const wanted = new Set(withSummaries.flatMap((id) => lacking.get(id)!));
    const stored = measurements.filter((m) => wanted.has(m.indicatorId));
    c.summaries.addStored(stored);
    // A roll-up judges by the summaries: made again where one of its indicators got its summary now.
    const summarised = new Set(stored.map((m) => m.agreementId));
    c.rollups.touchStored(batch.filter((id) => !hasRollup.has(id) || summarised.has(id)));
    const ops = await settle(store, c, now().toISOString());
    if (ops.length) await store.commit(ops);
    const count = (kind: string) => ops.filter((op) => op.type === 'put' && op.kind === kind).length;
    written = { summaries: written.summaries + count(SUMMARY), rollups: written.rollups + count(ROLLUP) };
    log(
      `derived records: ${Math.min(i + FILL_BATCH, todo.length)} of ${todo.length} agreements looked at, ${written.summaries} summaries and ${written.rollups} roll-ups written`,
    );
  }
  return { agreements: todo.length, ...written };
}
const UNDERLYING = Symbol('underlying store');

/** The store a context's store wraps (itself where it wraps none): the one object per tenant a store adapter may keep, for what is kept per store. */
export function underlyingStore(store: TenantStore): TenantStore {
  return (store as TenantStore & { [UNDERLYING]?: TenantStore })[UNDERLYING] ?? store;
}
