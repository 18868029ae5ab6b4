import type { z } from 'zod';
import type { ServiceContext } from '../context';
import { authorizeAgreementRead, authorizeImport, mayReadAgreement, municipalityOfUnit } from '../authorization';
import { clientHidden, type DocumentKind } from '../entities';
import { NotFoundError, ValidationError } from '../errors';
import { issueMessage, keyFigureOrigin, t, type MessageKey } from '../i18n';
import type { Action, Agreement, Goal, Indicator, Locale, Measurement, Person, SuccessCriterion } from '../model';
import {
  cellNumber,
  isNoValue,
  NO_VALUE_CELL,
  cellText,
  columnHeading,
  columnLetter,
  columnOfField,
  columnOfHeading,
  directionChoices,
  formatFrequency,
  frequencyChoices,
  headingRow,
  measureTypeChoices,
  parseDirection,
  parseFrequency,
  parseMeasureType,
  periodOfHeading,
  SHEET_COLUMNS,
  type Cell,
  type ColumnKey,
  type Grid,
  type GridSheet,
  type SheetPart,
  type SheetProblem,
} from '../sheet';
import { COLLECTIONS, DOCUMENT_FORMAT, DOCUMENT_FORMAT_VERSION } from '../transfer';
import { organisation, subtreeUnits } from './organisation';
import { importOrganisation } from './transfer';

/**
 * The spreadsheet import and export (api/core/sheet.ts has the one column list). The import turns the rows into
 * the records of an organisation document — only those that are new or changed — and hands them to the JSON
 * import (importOrganisation): the same validation, the same single commit, nothing written when anything is
 * wrong. Its errors, which name a record's field, are turned back into the sheet, row and column they came from.
 */

type Stored = { revision: number; createdAt: string; updatedAt: string };
type SheetKind = Exclude<SheetPart, 'agreement'> | 'measurement';

/** One record the import would create or change (or leaves as it is), and where in the sheet it is written. */
export type SheetChange = {
  kind: SheetKind;
  change: 'create' | 'update' | 'unchanged';
  id: string;
  /** The goal's title, the action's text, the indicator's name, the measurement's period and value. */
  text: string;
  row: number;
  /** For an update: the fields that change. */
  fields: string[];
};

export type SheetImportResult = {
  dryRun: boolean;
  sheet: string;
  problems: SheetProblem[];
  changes: SheetChange[];
  counts: { create: number; update: number; unchanged: number };
};

/** Where a record of the document came from: its row and, for a measurement, its period's column. */
type Place = { row: number; part: SheetKind; column?: number };

const EMPTY = (c: Cell | undefined) => cellText(c) === '';

/**
 * Reads a sheet into the records of an organisation document and imports them (dryRun: checks everything,
 * writes nothing). `agreementId` is the agreement of rows that name none. Problems come back in the actor's
 * language; a file with any problem writes nothing (and, when not a dry run, is refused as a ValidationError
 * whose details name each problem's sheet, row and column).
 */
export async function importSheet(
  ctx: ServiceContext,
  grid: Grid,
  opts: { agreementId?: string; dryRun: boolean; name?: string; sha256?: string },
): Promise<SheetImportResult> {
  const locale = ctx.actor.locale;
  const sheet = grid.sheets.find((s) => (s.rows[0] ?? []).some((h) => columnOfHeading(cellText(h)))) ?? grid.sheets[0];
  const sheetName = sheet?.name ?? '';
  const problems: SheetProblem[] = [];
  const headings = (sheet?.rows[0] ?? []).map(cellText);
  const problem = (row: number, column: number, key: MessageKey, values: Record<string, string> = {}, message?: string) =>
    problems.push({
      sheet: sheetName,
      row,
      column: headings[column] ?? '',
      cell: column >= 0 ? `${columnLetter(column + 1)}${row}` : `${row}`,
      message: message ?? t(key, locale, values),
    });
  const result = (changes: SheetChange[] = []): SheetImportResult => {
    const counts = { create: 0, update: 0, unchanged: 0 };
    for (const c of changes) counts[c.change]++;
    if (problems.length && !opts.dryRun) throw sheetError(problems, locale);
    return { dryRun: opts.dryRun, sheet: sheetName, problems, changes, counts };
  };

  // The heading row: which column is which; periods are measurement columns.
  const at = new Map<ColumnKey, number>();
  const periods: { index: number; period: string }[] = [];
  headings.forEach((h, index) => {
    if (!h) return;
    const key = columnOfHeading(h);
    const period = key ? null : periodOfHeading(h);
    if (key) at.set(key, index);
    else if (period) periods.push({ index, period });
    else
      problem(1, index, 'sheetIssue.unknownWord', {
        value: h,
        choices: SHEET_COLUMNS.map((c) => columnHeading(c.key, locale)).join(', '),
      });
  });
  if (!sheet || !at.size) {
    problem(1, -1, 'sheetIssue.noColumns');
    return result();
  }
  const has = (key: ColumnKey) => at.has(key);
  const cell = (row: Cell[], key: ColumnKey): Cell | undefined => (at.has(key) ? row[at.get(key)!] : undefined);
  const text = (row: Cell[], key: ColumnKey) => cellText(cell(row, key));

  // What is stored: the agreements the rows name, with everything under them; the municipality's people.
  const org = await organisation(ctx);
  const loaded = new Map<string, Loaded | null>();
  const load = async (id: string): Promise<Loaded | null> => {
    if (!loaded.has(id)) loaded.set(id, await loadAgreement(ctx, id));
    return loaded.get(id)!;
  };
  const fallback = opts.agreementId ? await load(opts.agreementId) : null;
  if (opts.agreementId && !fallback) throw new NotFoundError('agreement', opts.agreementId);
  const home = fallback ? municipalityOfUnit(org, fallback.agreement.unitId) : null;
  // Who may import is asked first: the preview names people and records, and is for the quality office only.
  if (home) await authorizeImport(ctx, home);
  let municipality = home;
  const people = (await ctx.store.listAll('person', {})) as Person[];

  const now = ctx.now().toISOString();
  const doc: Record<string, Record<string, unknown>[]> = {};
  const places: Record<string, Place[]> = {};
  const changes: SheetChange[] = [];
  /** Puts a record in the document when it is new or changed, and notes the change. */
  const plan = (kind: SheetKind, before: Record<string, unknown> | null, after: Record<string, unknown>, place: Place, label: string) => {
    const fields = before ? Object.keys({ ...before, ...after }).filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f])) : [];
    const change = !before ? 'create' : fields.length ? 'update' : 'unchanged';
    changes.push({ kind, change, id: String(after.id), text: label, row: place.row, fields });
    if (change === 'unchanged') return;
    const collection = COLLECTIONS[kind as DocumentKind];
    (doc[collection] ??= []).push(after);
    (places[collection] ??= []).push(place);
  };

  let goal: { record: Record<string, unknown>; agreement: Loaded } | null = null;
  const order = new Map<string, number>();
  const next = (key: string) => {
    const n = (order.get(key) ?? 0) + 1;
    order.set(key, n);
    return n;
  };
  const nameIssue = (row: number, key: ColumnKey, message: MessageKey, value: string) => problem(row, at.get(key)!, message, { value });

  for (let r = 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? [];
    const rowNo = r + 1;
    if (row.every((c) => EMPTY(c))) continue;

    // The goal: a row with a goal column starts one; otherwise the row continues the goal above.
    const startsGoal = (['goalId', 'goalNumber', 'goal', 'goalOwner', 'parentGoals'] as const).some((k) => !EMPTY(cell(row, k)));
    if (startsGoal) {
      const agreementId = text(row, 'agreementId') || opts.agreementId || '';
      const agreement = agreementId ? await load(agreementId) : null;
      if (!agreement) {
        if (has('agreementId')) nameIssue(rowNo, 'agreementId', 'sheetIssue.noAgreement', agreementId);
        else problem(rowNo, -1, 'sheetIssue.noAgreement', { value: agreementId });
        goal = null;
        continue;
      }
      const where = municipalityOfUnit(org, agreement.agreement.unitId);
      if (municipality && where !== municipality) {
        nameIssue(rowNo, 'agreementId', 'sheetIssue.otherAgreement', agreementId);
        goal = null;
        continue;
      }
      municipality ??= where;
      const givenId = text(row, 'goalId');
      const number = text(row, 'goalNumber');
      const title = text(row, 'goal');
      let existing = givenId ? agreement.goals.find((g) => g.id === givenId) : undefined;
      if (givenId && !existing && (await ctx.store.get('goal', givenId))) {
        nameIssue(rowNo, 'goalId', 'sheetIssue.otherAgreement', givenId);
        goal = null;
        continue;
      }
      if (!givenId) existing = agreement.goals.find((g) => (number && g.number === number) || (!number && g.title === title));
      const before = existing ? plain('goal', existing) : null;
      const record: Record<string, unknown> = before
        ? { ...before }
        : {
            id: givenId || ctx.newId(),
            unitId: agreement.agreement.unitId,
            agreementId: agreement.agreement.id,
            levelId: agreement.levelId,
            year: agreement.agreement.year,
            origin: 'own',
          };
      if (has('goal')) record.title = title;
      if (has('goalNumber')) {
        if (number) record.number = number;
        else delete record.number;
      }
      if (has('goalOwner')) {
        const name = text(row, 'goalOwner');
        const person = name ? personNamed(people, municipality, name) : null;
        if (person === 'none') nameIssue(rowNo, 'goalOwner', 'sheetIssue.noPerson', name);
        else if (person === 'many') nameIssue(rowNo, 'goalOwner', 'sheetIssue.manyPeople', name);
        else record.ownerId = person?.id ?? null;
      }
      if (has('parentGoals')) {
        const ids: string[] = [];
        for (const title of lines(text(row, 'parentGoals'))) {
          const parent = agreement.parentCandidates.find((g) => g.title === title);
          if (parent) ids.push(parent.id);
          else nameIssue(rowNo, 'parentGoals', 'sheetIssue.noParentGoal', title);
        }
        record.parentGoalIds = ids;
      }
      record.sortOrder = next(`goal:${agreement.agreement.id}`);
      plan('goal', before, record, { row: rowNo, part: 'goal' }, String(record.title ?? ''));
      goal = { record, agreement };
    } else if (!EMPTY(cell(row, 'agreementId')) && goal && text(row, 'agreementId') !== goal.agreement.agreement.id) {
      nameIssue(rowNo, 'agreementId', 'sheetIssue.otherAgreement', text(row, 'agreementId'));
      continue;
    }
    const hasRest = row.some((c, i) => !EMPTY(c) && i !== at.get('agreementId'));
    if (!goal) {
      if (hasRest && !startsGoal) problem(rowNo, -1, 'sheetIssue.noGoal');
      continue;
    }
    const goalId = String(goal.record.id);
    const { agreement } = goal;

    // An action and a success criterion: matched by id, else by their text under the goal, else new.
    for (const [part, idKey, textKey, list] of [
      ['action', 'actionId', 'action', agreement.actions],
      ['successCriterion', 'criterionId', 'successCriterion', agreement.criteria],
    ] as const) {
      const body = text(row, textKey);
      const givenId = text(row, idKey);
      if (!body && !givenId) continue;
      const existing = (list as readonly (Action | SuccessCriterion)[]).find((x) => (givenId ? x.id === givenId : x.goalId === goalId && x.text === body));
      if (givenId && !existing && (await ctx.store.get(part, givenId))) {
        nameIssue(rowNo, idKey, 'sheetIssue.otherAgreement', givenId);
        continue;
      }
      const before = existing ? plain(part, existing) : null;
      const record = { ...(before ?? { id: givenId || ctx.newId() }), goalId, text: body, sortOrder: next(`${part}:${goalId}`) };
      plan(part, before, record, { row: rowNo, part }, body);
    }

    // An indicator, with its measurements in the period columns.
    const name = text(row, 'indicator');
    const indicatorGivenId = text(row, 'indicatorId');
    const valued = periods.filter((p) => !EMPTY(row[p.index]));
    if (!name && !indicatorGivenId) {
      for (const p of valued) problem(rowNo, p.index, 'sheetIssue.noIndicator');
      continue;
    }
    const existing = agreement.indicators.find((x) => (indicatorGivenId ? x.id === indicatorGivenId : x.goalId === goalId && x.name === name));
    if (indicatorGivenId && !existing && (await ctx.store.get('indicator', indicatorGivenId))) {
      nameIssue(rowNo, 'indicatorId', 'sheetIssue.otherAgreement', indicatorGivenId);
      continue;
    }
    const before = existing ? plain('indicator', existing) : null;
    const record: Record<string, unknown> = {
      ...(before ?? { id: indicatorGivenId || ctx.newId(), direction: 'increase', measureType: 'result' }),
      goalId,
      name,
    };
    const numberOf = (key: ColumnKey, field: string) => {
      if (!has(key)) return;
      const n = cellNumber(cell(row, key));
      if (Number.isNaN(n)) nameIssue(rowNo, key, 'sheetIssue.notANumber', text(row, key));
      else record[field] = n ?? null;
    };
    const textOf = (key: ColumnKey, field: string) => {
      if (!has(key)) return;
      const s = text(row, key);
      if (s) record[field] = s;
      else delete record[field];
    };
    if (has('unitOfMeasure')) record.unitOfMeasure = text(row, 'unitOfMeasure');
    numberOf('baseline', 'baseline');
    textOf('targetText', 'targetText');
    numberOf('target', 'target');
    numberOf('targetMax', 'targetMax');
    textOf('dataSource', 'dataSource');
    const word = <V>(key: ColumnKey, parse: (s: string) => V | null, field: string, choices: string, fallbackValue?: V) => {
      if (!has(key)) return;
      const s = text(row, key);
      const v = s ? parse(s) : fallbackValue;
      if (v === null) problem(rowNo, at.get(key)!, 'sheetIssue.unknownWord', { value: s, choices });
      else if (v !== undefined) record[field] = v;
    };
    word('direction', parseDirection, 'direction', directionChoices(locale).join(', '), before?.direction ?? 'increase');
    word('measureType', parseMeasureType, 'measureType', measureTypeChoices(locale).join(', '), before?.measureType ?? 'result');
    word('frequency', parseFrequency, 'frequency', frequencyChoices(locale), before?.frequency);
    record.sortOrder = next(`indicator:${goalId}`);
    plan('indicator', before, record, { row: rowNo, part: 'indicator' }, name);

    for (const { index, period } of valued) {
      const value = isNoValue(row[index]) ? null : cellNumber(row[index]);
      if (value === undefined || Number.isNaN(value)) {
        problem(rowNo, index, 'sheetIssue.notANumber', { value: cellText(row[index]) });
        continue;
      }
      const stored = agreement.measurements.find((m) => m.indicatorId === record.id && m.period === period);
      const entry = { value, enteredBy: ctx.actor.id, enteredAt: now, source: 'import' as const };
      const m: Record<string, unknown> = stored
        ? stored.value === value
          ? plain('measurement', stored)
          : (() => {
              const { id, indicatorId, agreementId: _a, period: _p, history, revision: _r, createdAt: _c, updatedAt: _u, ...previous } = stored;
              return { id, indicatorId, period, ...entry, history: [...history, previous] };
            })()
        : { id: ctx.newId(), indicatorId: record.id, period, ...entry, history: [] };
      plan(
        'measurement',
        stored ? plain('measurement', stored) : null,
        m,
        { row: rowNo, part: 'measurement', column: index },
        `${period}: ${value ?? NO_VALUE_CELL}`,
      );
    }
  }

  if (problems.length || !municipality) return result(changes);
  const document = { format: DOCUMENT_FORMAT, formatVersion: DOCUMENT_FORMAT_VERSION, municipalityId: municipality, ...doc };
  try {
    await importOrganisation(
      ctx,
      document,
      undefined,
      { name: opts.name ?? sheetName, ...(opts.sha256 ? { sha256: opts.sha256 } : {}) },
      { dryRun: opts.dryRun },
    );
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    for (const issue of e.issues) {
      const path = [...e.prefix, ...issue.path].map(String);
      const place = places[path[0] ?? '']?.[Number(path[1])];
      const field = path[2] ?? 'id';
      const column = place?.column ?? (place && place.part !== 'measurement' ? at.get(columnOfField(place.part, field) ?? 'goal') : undefined) ?? -1;
      problem(place?.row ?? 1, column, 'sheetIssue.unreadable', {}, issueMessage(issue, locale));
    }
  }
  return result(changes);
}

/** The problems of a sheet as one refusal: each detail names the cell ("Mål!F4") and says what is wrong, in the user's language. */
function sheetError(problems: readonly SheetProblem[], locale: Locale): ValidationError {
  return new ValidationError(
    problems.map(
      (p) =>
        ({
          code: 'custom',
          path: [`${p.sheet}!${p.cell}`],
          message: t('sheetProblem', locale, { sheet: p.sheet, row: String(p.row), column: p.column, message: p.message }),
          input: undefined,
        }) as z.core.$ZodIssue,
    ),
  );
}

type Loaded = {
  agreement: Agreement;
  /** The goal level a new goal of the agreement takes: the one its unit's kind owns, else the lowest. */
  levelId: string;
  goals: Goal[];
  actions: Action[];
  criteria: SuccessCriterion[];
  indicators: Indicator[];
  measurements: Measurement[];
  /** Goals a goal of the agreement may link to: those of the units above its unit. */
  parentCandidates: Goal[];
};

async function loadAgreement(ctx: ServiceContext, id: string): Promise<Loaded | null> {
  const agreement = await ctx.store.get('agreement', id);
  if (!agreement) return null;
  const org = await organisation(ctx);
  const municipalityId = municipalityOfUnit(org, agreement.unitId);
  const unit = org.byId.get(agreement.unitId);
  const above: string[] = [];
  for (let u = unit?.parentId ? org.byId.get(unit.parentId) : undefined; u; u = u.parentId ? org.byId.get(u.parentId) : undefined) above.push(u.id);
  const [goals, actions, criteria, indicators, measurements, levels, parents] = await Promise.all([
    ctx.store.listAll('goal', { agreementId: id }),
    ctx.store.listAll('action', { agreementId: id }),
    ctx.store.listAll('successCriterion', { agreementId: id }),
    ctx.store.listAll('indicator', { agreementId: id }),
    ctx.store.listAll('measurement', { agreementId: id }),
    municipalityId ? ctx.store.listAll('goalLevel', { municipalityId }) : Promise.resolve([]),
    above.length ? ctx.store.listAll('goal', { unitId: above }) : Promise.resolve([]),
  ]);
  const ranked = [...levels].sort((a, b) => b.rank - a.rank);
  const level = ranked.find((l) => l.ownerKind === unit?.kind) ?? ranked[0];
  const year = (g: Goal) => (g.year === agreement.year ? 0 : g.year === null ? 1 : 2);
  return {
    agreement,
    levelId: goals[0]?.levelId ?? level?.id ?? '',
    goals,
    actions,
    criteria,
    indicators,
    measurements,
    parentCandidates: [...parents].sort((a, b) => year(a) - year(b)),
  };
}

/** A stored record as a document holds it: without what the store keeps and what the core derives. */
function plain(kind: SheetKind, record: object): Record<string, unknown> {
  const { revision: _r, createdAt: _c, updatedAt: _u, ...rest } = record as Stored & Record<string, unknown>;
  for (const f of clientHidden(kind)) delete rest[f];
  return rest;
}

const lines = (s: string) =>
  s
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean);

function personNamed(people: readonly Person[], municipalityId: string | null, name: string): Person | 'none' | 'many' {
  const fold = (s: string) => s.trim().toLocaleLowerCase('da');
  const found = people.filter((p) => fold(p.displayName) === fold(name) && (!p.municipalityId || p.municipalityId === municipalityId));
  return found.length === 1 ? found[0]! : found.length ? 'many' : 'none';
}

/** What to export: one agreement, or every agreement of a unit and the units below it (of a year, when given). */
export type SheetScope = { agreementId: string } | { unitId: string; year?: number };

/**
 * The goals, actions, success criteria, indicators and measurements of the agreements in scope as one sheet with
 * the import's columns, headed in `locale`: importing it again changes nothing. Only what the actor may read.
 */
export async function exportSheet(ctx: ServiceContext, scope: SheetScope, locale: Locale): Promise<Grid> {
  let agreements: Agreement[];
  if ('agreementId' in scope) {
    const a = await ctx.store.get('agreement', scope.agreementId);
    if (!a) throw new NotFoundError('agreement', scope.agreementId);
    await authorizeAgreementRead(ctx, a);
    agreements = [a];
  } else {
    const units = await subtreeUnits(ctx, scope.unitId);
    if (!units.length) throw new NotFoundError('unit', scope.unitId);
    const all = await ctx.store.listAll('agreement', { unitId: units.map((u) => u.id) });
    agreements = [];
    for (const a of all) if ((scope.year === undefined || a.year === scope.year) && (await mayReadAgreement(ctx, a))) agreements.push(a);
    const place = new Map(units.map((u, i) => [u.id, i]));
    agreements.sort((a, b) => place.get(a.unitId)! - place.get(b.unitId)! || a.year - b.year || (a.id < b.id ? -1 : 1));
  }
  const loaded = (await Promise.all(agreements.map((a) => loadAgreement(ctx, a.id)))).filter((l) => l !== null);
  const periods = [...new Set(loaded.flatMap((l) => l.measurements.map((m) => m.period)))].sort();
  const peopleIds = [...new Set(loaded.flatMap((l) => l.goals.map((g) => g.ownerId)).filter((x) => x !== null))];
  const parentIds = [...new Set(loaded.flatMap((l) => l.goals.flatMap((g) => g.parentGoalIds)))];
  const [people, parents] = await Promise.all([
    Promise.all(peopleIds.map((id) => ctx.store.get('person', id))),
    Promise.all(parentIds.map((id) => ctx.store.get('goal', id))),
  ]);
  const nameOf = new Map(people.filter((p) => p !== null).map((p) => [p.id, p.displayName]));
  const titleOf = new Map(parents.filter((g) => g !== null).map((g) => [g.id, g.title]));
  const bySort = <T extends { sortOrder: number; id: string }>(xs: readonly T[]) => [...xs].sort((a, b) => a.sortOrder - b.sortOrder || (a.id < b.id ? -1 : 1));

  const rows: Cell[][] = [headingRow(locale, periods)];
  const index = new Map<ColumnKey, number>(SHEET_COLUMNS.map((c, i) => [c.key, i]));
  for (const l of loaded) {
    for (const g of bySort(l.goals)) {
      const actions = bySort(l.actions.filter((x) => x.goalId === g.id));
      const criteria = bySort(l.criteria.filter((x) => x.goalId === g.id));
      const indicators = bySort(l.indicators.filter((x) => x.goalId === g.id));
      const n = Math.max(1, actions.length, criteria.length, indicators.length);
      for (let i = 0; i < n; i++) {
        const row: Cell[] = new Array<Cell>(SHEET_COLUMNS.length + periods.length).fill(null);
        const set = (key: ColumnKey, v: Cell | undefined) => (row[index.get(key)!] = v === undefined || v === '' ? null : v);
        if (i === 0) {
          set('agreementId', l.agreement.id);
          set('goalId', g.id);
          set('goalNumber', g.number);
          set('goal', g.title);
          set('goalOwner', g.ownerId ? (nameOf.get(g.ownerId) ?? null) : null);
          set('parentGoals', g.parentGoalIds.map((id) => titleOf.get(id) ?? id).join('\n'));
        }
        const a = actions[i];
        if (a) {
          set('actionId', a.id);
          set('action', a.text);
        }
        const c = criteria[i];
        if (c) {
          set('criterionId', c.id);
          set('successCriterion', c.text);
        }
        const ind = indicators[i];
        if (ind) {
          set('indicatorId', ind.id);
          set('indicator', ind.name);
          set('unitOfMeasure', ind.unitOfMeasure);
          set('baseline', ind.baseline);
          set('targetText', ind.targetText);
          set('direction', t(`direction.${ind.direction}`, locale));
          set('target', ind.target);
          set('targetMax', ind.targetMax);
          set('frequency', formatFrequency(ind.frequency, locale));
          set('dataSource', ind.dataSource);
          set('measureType', t(`measureType.${ind.measureType}`, locale));
          for (const m of l.measurements.filter((x) => x.indicatorId === ind.id))
            row[SHEET_COLUMNS.length + periods.indexOf(m.period)] = m.value ?? NO_VALUE_CELL;
        }
        rows.push(row);
      }
    }
  }
  // Values that came from another system or a key figure are listed with their origin on a second sheet (the import
  // reads the first sheet with the template's headings, so a round trip is unchanged).
  const names = new Map(loaded.flatMap((l) => l.indicators.map((i) => [i.id, i.name] as const)));
  const fetched = loaded.flatMap((l) => l.measurements.filter((m) => m.source === 'keyfigure' || m.source === 'api'));
  const sources: GridSheet[] = fetched.length
    ? [
        {
          name: t('sheetSourcesName', locale),
          rows: [
            [
              t('sheetColumn.indicatorId', locale),
              t('sheetColumn.indicator', locale),
              t('period', locale),
              t('value', locale),
              t('sheetSourceColumn', locale),
              t('sheetOriginColumn', locale),
            ],
            ...fetched.map((m) => [
              m.indicatorId,
              names.get(m.indicatorId) ?? '',
              m.period,
              m.value ?? NO_VALUE_CELL,
              t(`measurementSource.${m.source as 'keyfigure' | 'api'}`, locale),
              m.keyFigure ? `${keyFigureOrigin(m.keyFigure, locale)}; ${m.keyFigure.area}` : (m.appId ?? ''),
            ]),
          ],
        },
      ]
    : [];
  return { sheets: [{ name: t('sheetName', locale), rows }, ...sources] };
}

/** The empty template: the heading row in the user's language. */
export function sheetTemplate(locale: Locale): Grid {
  return { sheets: [{ name: t('sheetName', locale), rows: [headingRow(locale)] }] };
}
