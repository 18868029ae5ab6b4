/**
 * A large municipality made deterministically from a seed: units five levels deep (municipality →
 * administration → area → unit → department), people, one agreement per unit with goals (shared goals
 * follow the parent's), actions, success criteria, indicators with a history of monthly and quarterly
 * measurements, and the municipality's annual wheel — as an organisation document that `qa import`
 * accepts, for the SQLite store and the SharePoint adapter alike.
 *
 * Every record is made from its own place in the tree and the seed, so the document is written
 * collection by collection, record by record, without ever being held in memory (`writeMunicipality`).
 *
 *   npm run generate:municipality -- --seed 1 --units 1500 --out data/large.json
 *
 * Sizes default to the issue's large municipality scaled by --units (1,500 units: 3,000 people, 1,500
 * agreements, 15,000 goals, 45,000 indicators, 540,000 measurements). Measurements go back from December
 * of the agreement year: monthly indicators hold a year of months, quarterly ones as many quarters.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import { COLLECTIONS, DOCUMENT_FORMAT, DOCUMENT_FORMAT_VERSION, type RecordInput, type TypedDocumentInput } from '../../api/core/transfer';
import { DOCUMENT_KINDS, type DocumentKind } from '../../api/core/entities';
import { templateEventRecord, WHEEL_TEMPLATES } from '../../api/core/services/wheel-templates';
import { VOCABULARY, type Domain, type GeneratorLocale } from './generator-vocabulary';

export type GeneratorOptions = {
  seed: number;
  /** Id of the municipality and prefix of every id. */
  prefix: string;
  locale: GeneratorLocale;
  year: number;
  units: number;
  people: number;
  /** Totals, spread evenly: goals over agreements, indicators over goals, measurements over indicators. */
  goals: number;
  indicators: number;
  measurements: number;
  actionsPerGoal: number;
  criteriaPerGoal: number;
};

/** The issue's large municipality per 1,500 units; `sizesFor(units)` scales it. */
export function sizesFor(units: number): Pick<GeneratorOptions, 'units' | 'people' | 'goals' | 'indicators' | 'measurements'> {
  return { units, people: units * 2, goals: units * 10, indicators: units * 30, measurements: units * 360 };
}

export function generatorOptions(o: Partial<GeneratorOptions> = {}): GeneratorOptions {
  const units = o.units ?? 1_500;
  const opts: GeneratorOptions = { seed: 1, prefix: 'storby', locale: 'da', year: 2026, actionsPerGoal: 2, criteriaPerGoal: 1, ...sizesFor(units), ...o };
  const bad = (field: string, why: string) => {
    throw new Error(`generator option ${field}: ${why}`);
  };
  for (const f of ['units', 'people', 'goals', 'indicators', 'measurements', 'actionsPerGoal', 'criteriaPerGoal', 'seed', 'year'] as const)
    if (!Number.isInteger(opts[f]) || opts[f] < 0) bad(f, 'must be a whole number, 0 or more');
  if (opts.units < 5) bad('units', 'at least 5 (one of each of the five levels)');
  if (opts.people < opts.units + 2) bad('people', `at least units + 2 (a leader per unit and staff), here ${opts.units + 2}`);
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(opts.prefix)) bad('prefix', 'lower-case letters, digits and "-", starting with a letter');
  if (!(opts.locale in VOCABULARY)) bad('locale', `one of ${Object.keys(VOCABULARY).join(', ')}`);
  return opts;
}

// ---------------------------------------------------------------------------------------------------
// Randomness: one generator per record key, so any record can be made without making the ones before it.

class Rng {
  private readonly g: RandomGenerator;
  constructor(seed: number, key: string) {
    // FNV-1a of the key, mixed with the seed: a 32-bit seed per key.
    let h = 0x811c9dc5 ^ seed;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    this.g = xoroshiro128plus(h | 0);
  }
  int(min: number, max: number): number {
    return unsafeUniformIntDistribution(min, max, this.g);
  }
  float(): number {
    return this.int(0, 1_000_000) / 1_000_000;
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
}

/** The i-th of n even shares of total (the shares differ by at most one and sum to total). */
const share = (total: number, n: number, i: number) => Math.floor(((i + 1) * total) / n) - Math.floor((i * total) / n);
/** The first index of share i. */
const shareStart = (total: number, n: number, i: number) => Math.floor((i * total) / n);
const pad = (n: number) => String(n).padStart(2, '0');
const round1 = (n: number) => Math.round(n * 10) / 10;

// ---------------------------------------------------------------------------------------------------
// The tree: small enough (one entry per unit) to hold; everything else is made from it on the way out.

type UnitKind = RecordInput<'unit'>['kind'];
type PlannedUnit = {
  index: number;
  id: string;
  parent: number | null;
  depth: number;
  kind: UnitKind;
  name: string;
  /** Index into the vocabulary's domains; the municipality spans them all (-1). */
  domain: number;
  leader: number;
  memberIds: string[];
};

export type Plan = {
  opts: GeneratorOptions;
  units: PlannedUnit[];
  staffOfTwo: string[];
  qualityOffice: string[];
  /**
   * When set, only these units (by index) get goals and what hangs below them (actions, criteria,
   * indicators, measurements): every record is the same as in the whole document, there are just fewer.
   */
  contentOf?: ReadonlySet<number>;
};

const personId = (o: GeneratorOptions, i: number) => `${o.prefix}-p${i}`;

/**
 * 1 municipality, an administration per 300 units, areas of up to 100 units below each (so a chief's
 * overview of an area holds 100 units at full size), units of up to 4 departments each.
 */
export function planMunicipality(opts: GeneratorOptions): Plan {
  const o = opts;
  const v = VOCABULARY[o.locale];
  const admins = Math.max(1, Math.min(Math.round(o.units / 300), Math.floor((o.units - 1) / 4)));
  const rest = o.units - 1 - admins;
  const areas = Math.ceil(rest / 101);
  const units: PlannedUnit[] = [];
  const used = new Map<string, number>();
  const unique = (name: string) => {
    const n = (used.get(name) ?? 0) + 1;
    used.set(name, n);
    return n === 1 ? name : `${name} ${n}`;
  };
  const add = (u: Omit<PlannedUnit, 'index' | 'leader' | 'memberIds'>) => {
    const index = units.length;
    units.push({ ...u, index, leader: index, memberIds: [] });
    return index;
  };
  const rootRng = new Rng(o.seed, 'municipality');
  const root = add({
    id: o.prefix,
    parent: null,
    depth: 0,
    kind: 'municipality',
    name: v.municipality(rootRng.pick(v.places) + rootRng.pick(['by', 'rup', 'sted', 'holm', 'lev'])),
    domain: -1,
  });
  const adminIdx: number[] = [];
  for (let a = 0; a < admins; a++) {
    const domain = a % v.domains.length;
    adminIdx.push(
      add({ id: `${o.prefix}-f${a + 1}`, parent: root, depth: 1, kind: 'administration', name: unique(v.domains[domain]!.administration), domain }),
    );
  }
  for (let r = 0; r < areas; r++) {
    const admin = adminIdx[r % admins]!;
    const domain = units[admin]!.domain;
    const d: Domain = v.domains[domain]!;
    const below = Math.min(100, rest - r * 101 - 1);
    const area = add({
      id: `${o.prefix}-o${r + 1}`,
      parent: admin,
      depth: 2,
      kind: 'area',
      name: unique(d.areas[Math.floor(r / admins) % d.areas.length]!),
      domain,
    });
    const rng = new Rng(o.seed, `area:${r}`);
    const institutions = Math.ceil(below / 5);
    let left = below;
    for (let k = 0; k < institutions && left > 0; k++) {
      const name = unique(`${rng.pick(d.institutions)} ${rng.pick(v.places)}${rng.pick(['', 'gården', 'parken', 'vang', 'lund', 'dal'])}`);
      const inst = add({ id: `${o.prefix}-o${r + 1}-e${k + 1}`, parent: area, depth: 3, kind: 'unit', name, domain });
      left--;
      const departments = Math.min(4, left - (institutions - k - 1));
      for (let j = 0; j < departments; j++) {
        add({
          id: `${o.prefix}-o${r + 1}-e${k + 1}-a${j + 1}`,
          parent: inst,
          depth: 4,
          kind: 'unit',
          name: `${d.departments[(k + j) % d.departments.length]}, ${name}`,
          domain,
        });
        left--;
      }
    }
  }
  // Staff: every person after the leaders belongs to one unit, every other one to a second unit too.
  const staffOfTwo: string[] = [];
  const staff = o.people - o.units;
  for (let s = 0; s < staff; s++) {
    const id = personId(o, o.units + s);
    const first = 1 + (s % (o.units - 1));
    units[first]!.memberIds.push(id);
    if (s % 2 === 0) {
      const second = 1 + ((first + 1 + Math.floor(s / 2)) % (o.units - 1));
      if (second !== first) {
        units[second]!.memberIds.push(id);
        staffOfTwo.push(id);
      }
    }
  }
  const qualityOffice = [personId(o, o.units + staff - 1), personId(o, o.units + staff - 2)];
  return { opts: o, units, staffOfTwo, qualityOffice };
}

/** The indices of a unit and every unit below it. */
export function subtreeOf(plan: Plan, unitId: string): Set<number> {
  const out = new Set<number>();
  const root = plan.units.find((u) => u.id === unitId);
  if (root) out.add(root.index);
  for (const u of plan.units) if (u.parent !== null && out.has(u.parent)) out.add(u.index);
  return out;
}

/** Ids the benchmark and the tests ask for: a unit's agreement, a chief's area, a person on staff of two units. */
export type Landmarks = {
  municipalityId: string;
  year: number;
  /** The agreement of the first unit (level four) of the first area. */
  agreementId: string;
  /** Its leader, who may report its measurements, and its indicators. */
  leaderId: string;
  indicatorIds: string[];
  /** The first area: the chief's overview of (at full size) 100 units. */
  areaId: string;
  chiefId: string;
  areaUnits: number;
  /** A person on the staff of exactly two units (my units). */
  staffId: string;
  /** Someone of the quality office (may do everything in the tenant). */
  qualityOfficeId: string;
};

export function landmarks(plan: Plan): Landmarks {
  const { opts: o, units } = plan;
  const area = units.find((u) => u.depth === 2)!;
  const unit = units.find((u) => u.parent === area.index)!;
  const agreementId = agreementIdOf(o, unit);
  const u = units.indexOf(unit);
  const goals = share(o.goals, o.units, u);
  const goalStart = shareStart(o.goals, o.units, u);
  const indicatorIds: string[] = [];
  for (let k = 0; k < goals; k++) {
    const n = share(o.indicators, o.goals, goalStart + k);
    for (let j = 0; j < n; j++) indicatorIds.push(`${agreementId}-m${k + 1}-i${j + 1}`);
  }
  const below = (i: number): number => units.filter((x) => x.parent === i).reduce((s, x) => s + 1 + below(x.index), 0);
  return {
    municipalityId: o.prefix,
    year: o.year,
    agreementId,
    leaderId: personId(o, unit.leader),
    indicatorIds,
    areaId: area.id,
    chiefId: personId(o, area.leader),
    areaUnits: below(area.index),
    staffId: plan.staffOfTwo[0]!,
    qualityOfficeId: plan.qualityOffice[0]!,
  };
}

const agreementIdOf = (o: GeneratorOptions, u: PlannedUnit) => `${u.id}-${o.year}`;

// ---------------------------------------------------------------------------------------------------
// Records, collection by collection, in the document's order.

type Emitted = { [K in DocumentKind]: { kind: K; record: RecordInput<K> } }[DocumentKind];

/** Every record of the document in order, made one at a time. */
export function* municipalityRecords(plan: Plan): Generator<Emitted> {
  for (const kind of DOCUMENT_KINDS) yield* recordsOf(plan, kind);
}

function* recordsOf(plan: Plan, kind: DocumentKind): Generator<Emitted> {
  const { opts: o, units } = plan;
  const v = VOCABULARY[o.locale];
  const levelOf = (depth: number) => `${o.prefix}-niveau-${Math.min(depth, v.levels.length - 1) + 1}`;
  const domainOf = (u: PlannedUnit, k: number): Domain => v.domains[u.domain >= 0 ? u.domain : k % v.domains.length]!;
  const theme = (u: PlannedUnit) => (u.domain >= 0 ? v.domains[u.domain]!.administration : u.name).toLowerCase();
  const goalsOf = (u: PlannedUnit) => share(o.goals, o.units, u.index);
  const goalStartOf = (u: PlannedUnit) => shareStart(o.goals, o.units, u.index);
  const goalIdOf = (u: PlannedUnit, k: number) => `${agreementIdOf(o, u)}-m${k + 1}`;
  const goalTitle = (u: PlannedUnit, k: number): string => {
    const d = domainOf(u, k);
    const start = new Rng(o.seed, `titles:${u.index}`).int(0, d.goals.length - 1);
    const round = Math.floor(k / d.goals.length);
    return `${d.goals[(start + k) % d.goals.length]}${round ? ` (${round + 1})` : ''}`;
  };
  /** Shared goals (fælles mål) are the first three of the parent's, with its titles. */
  const sharedCount = (u: PlannedUnit) => (u.parent === null ? 0 : Math.min(3, goalsOf(u), goalsOf(units[u.parent]!)));
  const titleOf = (u: PlannedUnit, k: number) => (k < sharedCount(u) ? goalTitle(units[u.parent!]!, k) : goalTitle(u, k));
  const staffOf = (u: PlannedUnit) => [personId(o, u.leader), ...u.memberIds];
  const withContent = plan.contentOf ? units.filter((u) => plan.contentOf!.has(u.index)) : units;
  const indicatorSpec = (u: PlannedUnit, k: number, j: number) => {
    const rng = new Rng(o.seed, `indicator:${u.index}:${k}:${j}`);
    const t = rng.pick(domainOf(u, k).indicators);
    const monthly = rng.chance(2 / 3);
    let min: number | null = null;
    let max: number | null = null;
    let baseline: number;
    let target: number;
    if (t.valueType === 'percentage') {
      baseline = rng.int(30, 85);
      target =
        t.direction === 'increase' ? Math.min(100, baseline + rng.int(5, 15)) : t.direction === 'decrease' ? Math.max(0, baseline - rng.int(5, 20)) : baseline;
    } else if (t.valueType === 'scale') {
      min = 1;
      max = 5;
      baseline = round1(2.5 + rng.float() * 1.5);
      target = t.direction === 'decrease' ? round1(baseline - 0.3) : t.direction === 'increase' ? Math.min(5, round1(baseline + 0.4)) : baseline;
    } else {
      baseline = rng.int(10, 400);
      const step = Math.max(1, Math.round(baseline * (0.1 + rng.float() * 0.15)));
      target = t.direction === 'increase' ? baseline + step : t.direction === 'decrease' ? baseline - step : baseline;
    }
    return { t, monthly, min, max, baseline, target, rng };
  };

  switch (kind) {
    case 'person': {
      for (let i = 0; i < o.people; i++) {
        const rng = new Rng(o.seed, `person:${i}`);
        const first = rng.pick(v.firstNames);
        const last = rng.pick(v.lastNames);
        const leads = i < o.units ? units[i]! : null;
        const jobTitle = !leads
          ? plan.qualityOffice.includes(personId(o, i))
            ? v.jobTitles.quality
            : v.jobTitles.staff
          : leads.depth === 0
            ? v.jobTitles.director
            : leads.depth <= 2
              ? v.jobTitles.chief
              : v.jobTitles.leader;
        const mail = `${first}.${last}${i}`
          .toLowerCase()
          .normalize('NFD')
          .replace(/[^a-z0-9.]/g, '');
        yield {
          kind,
          record: { id: personId(o, i), displayName: `${first} ${last}`, email: `${mail}@${v.mailDomain(units[0]!.name)}`, jobTitle, locale: o.locale },
        };
      }
      return;
    }
    case 'unit': {
      for (const u of units) {
        const record: RecordInput<'unit'> = {
          id: u.id,
          parentId: u.parent === null ? null : units[u.parent]!.id,
          kind: u.kind,
          name: u.name,
          leaderIds: [personId(o, u.leader)],
          approverId: u.parent === null ? null : personId(o, units[u.parent]!.leader),
          memberIds: u.memberIds,
          sortOrder: u.index,
        };
        if (u.parent === null) {
          record.qualityOfficeIds = plan.qualityOffice;
          record.signingRoles = ['leader', 'chief'];
          record.agreementSections = v.sectionTitles.map((title, i) => ({ key: `afsnit-${i + 1}`, title: { [o.locale]: title }, required: i === 0 }));
        }
        yield { kind, record };
      }
      return;
    }
    case 'goalLevel': {
      for (const [i, name] of v.levels.entries())
        yield {
          kind,
          record: {
            id: `${o.prefix}-niveau-${i + 1}`,
            municipalityId: o.prefix,
            rank: i + 1,
            name: { [o.locale]: name },
            ownerKind: (['municipality', 'administration', 'area', 'unit'] as const)[i],
          },
        };
      return;
    }
    case 'agreement': {
      for (const u of units) {
        const rng = new Rng(o.seed, `agreement:${u.index}`);
        const roll = rng.float();
        const status = roll < 0.8 ? 'in_effect' : roll < 0.85 ? 'approved' : roll < 0.9 ? 'submitted' : 'draft';
        const leader = personId(o, u.leader);
        const chief = u.parent === null ? null : personId(o, units[u.parent]!.leader);
        const parties: NonNullable<RecordInput<'agreement'>['parties']> = [
          { role: 'leader', name: `${v.jobTitles.leader}, ${u.name}`, personId: leader, title: v.jobTitles.leader },
        ];
        if (chief) parties.push({ role: 'chief', name: `${v.jobTitles.chief}, ${units[u.parent!]!.name}`, personId: chief, title: v.jobTitles.chief });
        const sentence = (stems: string[]) => rng.pick(stems).replace('{theme}', theme(u));
        const paragraph = (n: number) => Array.from({ length: n }, () => sentence(v.profileStems)).join(' ');
        yield {
          kind,
          record: {
            id: agreementIdOf(o, u),
            unitId: u.id,
            year: o.year,
            title: v.agreementTitle(u.name, o.year),
            periodStart: `${o.year}-01-01`,
            periodEnd: `${o.year}-12-31`,
            status,
            version: 1,
            documentDate: `${o.year - 1}-12-${pad(rng.int(1, 20))}`,
            parties,
            budget: { amount: rng.int(20, 6_000) * 10_000, currency: v.currency, label: `${o.year}` },
            missionVision: [{ owner: u.name, mission: sentence(v.missionStems), vision: sentence(v.missionStems) }],
            profile: paragraph(4),
            challenges: [0, 1, 2].map(() => sentence(v.challengeStems)),
            sections: v.sectionTitles.slice(0, 2).map((title, i) => ({ key: `afsnit-${i + 1}`, title, body: paragraph(3), sortOrder: i + 1 })),
            signatures:
              status === 'in_effect'
                ? parties.map((p) => ({
                    role: p.role,
                    name: p.name!,
                    personId: p.personId,
                    signedAt: `${o.year}-01-${pad(rng.int(5, 28))}T10:00:00+01:00`,
                    version: 1,
                  }))
                : [],
            publishBy: `${o.year}-01-31`,
          },
        };
      }
      return;
    }
    case 'goal': {
      for (const u of withContent) {
        const parent = u.parent === null ? null : units[u.parent]!;
        const shared = sharedCount(u);
        for (let k = 0; k < goalsOf(u); k++) {
          const rng = new Rng(o.seed, `goal:${u.index}:${k}`);
          const title = titleOf(u, k);
          const people = staffOf(u);
          const statusRoll = rng.float();
          yield {
            kind,
            record: {
              id: goalIdOf(u, k),
              unitId: u.id,
              agreementId: agreementIdOf(o, u),
              levelId: levelOf(u.depth),
              year: o.year,
              number: String(k + 1),
              title,
              origin: k < shared ? 'shared' : 'own',
              sharedFromUnitId: k < shared ? parent!.id : null,
              kind: rng.pick(['effect', 'result', 'activity'] as const),
              parentGoalIds: parent && goalsOf(parent) ? [goalIdOf(parent, k % goalsOf(parent))] : [],
              schema: {
                focusPoints: rng.pick(domainOf(u, k).criteria),
                goal: title,
                signsAndIndicators: rng.pick(domainOf(u, k).indicators).name,
                actionPlan: rng.pick(domainOf(u, k).actions),
              },
              status: statusRoll < 0.6 ? 'on_track' : statusRoll < 0.75 ? 'at_risk' : statusRoll < 0.85 ? 'off_track' : 'not_started',
              followUpMonths: rng.chance(0.5) ? [6, 11] : [3, 6, 9, 12],
              ownerId: rng.pick(people),
              sortOrder: k + 1,
            },
          };
        }
      }
      return;
    }
    case 'action': {
      for (const u of withContent)
        for (let k = 0; k < goalsOf(u); k++) {
          const rng = new Rng(o.seed, `actions:${u.index}:${k}`);
          for (let n = 0; n < o.actionsPerGoal; n++) {
            const month = rng.int(2, 12);
            yield {
              kind,
              record: {
                id: `${goalIdOf(u, k)}-h${n + 1}`,
                goalId: goalIdOf(u, k),
                text: rng.pick(domainOf(u, k).actions),
                ownerId: rng.pick(staffOf(u)),
                dueDate: `${o.year}-${pad(month)}-${pad(rng.int(1, 28))}`,
                status: month < 6 ? 'done' : rng.pick(['planned', 'in_progress'] as const),
                sortOrder: n + 1,
              },
            };
          }
        }
      return;
    }
    case 'successCriterion': {
      for (const u of withContent)
        for (let k = 0; k < goalsOf(u); k++) {
          const rng = new Rng(o.seed, `criteria:${u.index}:${k}`);
          for (let n = 0; n < o.criteriaPerGoal; n++)
            yield {
              kind,
              record: {
                id: `${goalIdOf(u, k)}-s${n + 1}`,
                goalId: goalIdOf(u, k),
                text: rng.pick(domainOf(u, k).criteria),
                kind: rng.pick(['effect', 'result', 'activity'] as const),
                sortOrder: n + 1,
              },
            };
        }
      return;
    }
    case 'indicator': {
      for (const u of withContent)
        for (let k = 0; k < goalsOf(u); k++) {
          const n = share(o.indicators, o.goals, goalStartOf(u) + k);
          for (let j = 0; j < n; j++) {
            const s = indicatorSpec(u, k, j);
            const record: RecordInput<'indicator'> = {
              id: `${goalIdOf(u, k)}-i${j + 1}`,
              goalId: goalIdOf(u, k),
              name: s.t.name,
              unitOfMeasure: s.t.unit,
              valueType: s.t.valueType,
              minValue: s.min,
              maxValue: s.max,
              baseline: s.baseline,
              baselineYear: o.year - 1,
              target: s.target,
              tolerance: s.t.direction === 'keep' ? Math.max(1, round1(Math.abs(s.baseline) * 0.05)) : null,
              direction: s.t.direction,
              frequency: { kind: s.monthly ? 'monthly' : 'quarterly' },
              dataSource: s.t.source,
              measureType: s.rng.pick(['resource', 'performance', 'result'] as const),
              ownerId: s.rng.pick(staffOf(u)),
              sortOrder: j + 1,
            };
            yield { kind, record };
          }
        }
      return;
    }
    case 'measurement': {
      for (const u of withContent) {
        const people = staffOf(u);
        for (let k = 0; k < goalsOf(u); k++) {
          const n = share(o.indicators, o.goals, goalStartOf(u) + k);
          for (let j = 0; j < n; j++) {
            const s = indicatorSpec(u, k, j);
            const id = `${goalIdOf(u, k)}-i${j + 1}`;
            const count = share(o.measurements, o.indicators, shareStart(o.indicators, o.goals, goalStartOf(u) + k) + j);
            const rng = new Rng(o.seed, `measurements:${id}`);
            const lo = s.min ?? 0;
            const hi = s.max ?? (s.t.valueType === 'percentage' ? 100 : Number.POSITIVE_INFINITY);
            const noise = s.t.valueType === 'scale' ? 0.2 : Math.max(1, Math.abs(s.baseline) * 0.06);
            for (let m = 0; m < count; m++) {
              // Periods end in December of the year: month (or quarter) `back` before it.
              const back = count - 1 - m;
              let period: string;
              let endYear: number;
              let endMonth: number;
              if (s.monthly) {
                const idx = o.year * 12 + 11 - back;
                endYear = Math.floor(idx / 12);
                endMonth = (idx % 12) + 1;
                period = `${endYear}-${pad(endMonth)}`;
              } else {
                const idx = o.year * 4 + 3 - back;
                endYear = Math.floor(idx / 4);
                endMonth = ((idx % 4) + 1) * 3;
                period = `${endYear}-Q${(idx % 4) + 1}`;
              }
              const progress = (m + 1) / count;
              const raw = s.baseline + (s.target - s.baseline) * progress * (0.5 + rng.float()) + (rng.float() - 0.5) * 2 * noise;
              const clamp = (x: number) => Math.min(hi, Math.max(lo, x));
              const value = s.t.valueType === 'number' ? Math.round(clamp(raw)) : round1(clamp(raw));
              const nextYear = endMonth === 12 ? endYear + 1 : endYear;
              const nextMonth = endMonth === 12 ? 1 : endMonth + 1;
              const day = rng.int(2, 9);
              const enteredAt = `${nextYear}-${pad(nextMonth)}-${pad(day)}T${pad(rng.int(7, 15))}:${pad(rng.int(0, 59))}:00+01:00`;
              const record: RecordInput<'measurement'> = {
                id: `${id}-${period}`,
                indicatorId: id,
                period,
                value,
                enteredBy: rng.pick(people),
                enteredAt,
                source: rng.pick(['tab', 'tab', 'card', 'card', 'import'] as const),
              };
              if (rng.chance(0.05)) record.comment = rng.pick(v.comments);
              if (rng.chance(0.02))
                record.history = [
                  {
                    value: s.t.valueType === 'number' ? Math.round(clamp(raw * 1.1)) : round1(clamp(raw * 0.95)),
                    enteredBy: rng.pick(people),
                    enteredAt: `${nextYear}-${pad(nextMonth)}-01T08:00:00+01:00`,
                    source: 'tab',
                  },
                ];
              yield { kind, record };
            }
          }
        }
      }
      return;
    }
    case 'wheelEvent': {
      const template = WHEEL_TEMPLATES.find((t) => t.id === (o.locale === 'sv' ? 'oesteraaker' : 'assens')) ?? WHEEL_TEMPLATES[0]!;
      for (const e of template.events)
        yield {
          kind,
          record: templateEventRecord(e, `${o.prefix}-hjul-${o.year}-${e.key}`, o.prefix, o.year),
        };
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// The document: in memory for small sizes and the SharePoint stand-in, streamed for the large one.

function header(o: GeneratorOptions): string {
  const source = `Generated (tests/support/large-municipality.ts): seed ${o.seed}, ${o.units} units, ${o.people} people, ${o.goals} goals, ${o.indicators} indicators, ${o.measurements} measurements, ${o.locale}`;
  return `{"format":${JSON.stringify(DOCUMENT_FORMAT)},"formatVersion":${DOCUMENT_FORMAT_VERSION},"municipalityId":${JSON.stringify(o.prefix)},"source":${JSON.stringify(source)}`;
}

/** The document as one object (byte for byte what `writeMunicipality` writes, when given to JSON.stringify). */
export function municipalityDocument(opts: Partial<GeneratorOptions> = {}): TypedDocumentInput {
  const o = generatorOptions(opts);
  const doc = JSON.parse(`${header(o)}}`) as TypedDocumentInput & Record<string, unknown[]>;
  for (const kind of DOCUMENT_KINDS) doc[COLLECTIONS[kind]] = [];
  for (const { kind, record } of municipalityRecords(planMunicipality(o))) (doc[COLLECTIONS[kind]] as unknown[]).push(record);
  return doc;
}

export type WriteResult = { sha256: string; bytes: number; counts: Record<string, number> };

/**
 * Writes the document as JSON text to a stream, a record at a time (waiting when the stream is full), and
 * returns the SHA-256 of the text: the same options give the same hash.
 */
export async function writeMunicipality(opts: Partial<GeneratorOptions>, out: NodeJS.WritableStream): Promise<WriteResult> {
  const o = generatorOptions(opts);
  const hash = createHash('sha256');
  let bytes = 0;
  let buffer = '';
  const flush = async () => {
    if (!buffer) return;
    const chunk = Buffer.from(buffer, 'utf8');
    buffer = '';
    hash.update(chunk);
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  const counts: Record<string, number> = {};
  buffer = header(o);
  const plan = planMunicipality(o);
  for (const kind of DOCUMENT_KINDS) {
    buffer += `,${JSON.stringify(COLLECTIONS[kind])}:[`;
    let n = 0;
    for (const { record } of recordsOf(plan, kind)) {
      buffer += `${n++ ? ',' : ''}${JSON.stringify(record)}`;
      if (buffer.length >= 1 << 20) await flush();
    }
    counts[COLLECTIONS[kind]] = n;
    buffer += ']';
  }
  buffer += '}';
  await flush();
  return { sha256: hash.digest('hex'), bytes, counts };
}

/** Writes the document to a file; see `writeMunicipality`. */
export async function writeMunicipalityFile(opts: Partial<GeneratorOptions>, file: string): Promise<WriteResult> {
  const out = createWriteStream(file);
  const done = once(out, 'finish');
  const r = await writeMunicipality(opts, out);
  out.end();
  await done;
  return r;
}

const USAGE = `Makes a large municipality as an organisation document (for qa import)

Usage: npm run generate:municipality -- --out file.json [options]

  --seed <n>            seed (default 1); the same seed and sizes give the same document
  --units <n>           units, five levels deep (default 1500); the other sizes scale with it:
  --people <n>          (default units × 2)
  --goals <n>           (default units × 10; agreements: one per unit)
  --indicators <n>      (default units × 30)
  --measurements <n>    (default units × 360)
  --locale da|sv        language of the texts (default da)
  --prefix <id>         id of the municipality (default storby)
  --year <n>            the agreements' year (default 2026)
`;

if (require.main === module) {
  const { values } = parseArgs({
    options: Object.fromEntries(
      ['seed', 'units', 'people', 'goals', 'indicators', 'measurements', 'locale', 'prefix', 'year', 'out'].map((k) => [k, { type: 'string' }]),
    ) as Record<string, { type: 'string' }>,
  });
  if (!values.out) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  const num = (k: string) => (values[k] === undefined ? undefined : Number(values[k]));
  const units = num('units') ?? 1_500;
  const given = Object.fromEntries(
    (['seed', 'people', 'goals', 'indicators', 'measurements', 'year'] as const).filter((k) => values[k] !== undefined).map((k) => [k, num(k)]),
  );
  const t = performance.now();
  writeMunicipalityFile(
    { units, ...given, ...(values.locale ? { locale: values.locale as GeneratorLocale } : {}), ...(values.prefix ? { prefix: values.prefix } : {}) },
    values.out as string,
  ).then(
    (r) => {
      process.stderr.write(
        `wrote ${values.out}: ${(r.bytes / 2 ** 20).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s, sha256 ${r.sha256}\n${Object.entries(
          r.counts,
        )
          .map(([k, n]) => `  ${k}: ${n}`)
          .join('\n')}\n`,
      );
    },
    (e) => {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
