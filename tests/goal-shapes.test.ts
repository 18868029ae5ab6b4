import { makeContext } from '../api/core/context';
import { DOCUMENT_KINDS } from '../api/core/entities';
import { getMeasurementCardState } from '../api/core/services/card-measurement';
import { exportOrganisation, importOrganisation } from '../api/core/services/transfer';
import { createRecord, updateRecord } from '../api/core/services/records';
import type { WheelEvent } from '../api/core/model';
import { formatWhen, label } from '../api/core/i18n/text';
import { reminderCard } from '../bot/cards/reminder-card';
import { COLLECTIONS, OrganisationDocument } from '../api/core/transfer';
import { DEFAULT_FULFILMENT_SCALE, attainment, indicatorStep } from '../api/core/rules/fulfilment';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { measurementCard } from '../bot/cards/measurement-card';
import { measurementModel } from '../bot/views';
import { systemActor } from '../teams-app/system-actor';
import { goalShapes } from './support/goal-shapes';
import { smallMunicipality, tempDir } from './support/mother';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../api/store/sqlite/migrations';
import { eventDate } from '../api/core/rules/wheel-dates';
import { OpenApiChecker } from './support/openapi-check';
import { openTestStore, startTestServer, type TestServer } from './support/server';

/**
 * Issue 17, points 4, 5 and 7: a municipality's own fulfilment scale, targets as written, goal descriptions and goal
 * groups, each through import, the REST view, the measurement card and the export, back unchanged.
 */

const NOW = () => new Date('2026-01-20T10:00:00Z');
let server: TestServer;
let checker: OpenApiChecker;
const tmp = tempDir();
const store = openTestStore(join(tmp.dir, 'shapes.db'));
const tenant = store.forTenant('demo');
const context = () => makeContext(tenant, systemActor('demo'), NOW);

async function api(
  method: string,
  path: string,
  user = 'vallby-chef',
  body?: unknown,
  lang = 'sv-SE',
  revision?: number,
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'X-Dev-User': user, 'Accept-Language': lang };
  if (revision !== undefined) headers['If-Match'] = `"${revision}"`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : undefined;
  checker.check(method, path, res.status, parsed);
  return { status: res.status, body: parsed };
}

beforeAll(async () => {
  server = await startTestServer([goalShapes(), smallMunicipality()], { now: NOW, store });
  checker = new OpenApiChecker(await (await fetch(`${server.url}/api/openapi.json`)).json());
});
afterAll(async () => {
  await server.stop();
  tmp.remove();
});

const sortById = (xs: { id: string }[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));

describe('goals and indicators as municipalities write them', () => {
  it('comes back from the export exactly as imported: scale, groups, descriptions, states, targets as written', async () => {
    const exported = OrganisationDocument.parse(JSON.parse(JSON.stringify(await exportOrganisation(context(), 'vallby'))));
    const expected = OrganisationDocument.parse(goalShapes());
    for (const kind of DOCUMENT_KINDS) {
      const c = COLLECTIONS[kind];
      expect({ [c]: sortById(exported[c] as { id: string }[]) }).toEqual({ [c]: sortById(expected[c] as { id: string }[]) });
    }
    const goals = exported.goals as { id: string; status: string | null }[];
    // The goal the document gave no state keeps none: nothing invents "not started".
    expect(goals.find((g) => g.id === 'vallby-goal-3')!.status).toBeNull();
    expect(goals.find((g) => g.id === 'vallby-goal-2')!.status).toBe('ej-uppfoljt');
  });

  it('shows in the REST view the scale, the groups in order, the description and each indicator’s step', async () => {
    const r = await api('GET', '/api/agreements/vallby-omsorg-2025/view');
    expect(r.status).toBe(200);
    const v = r.body;
    expect(v.fulfilmentScale.map((s: { key: string }) => s.key)).toEqual(['uppfyllt', 'hog-grad', 'ej-uppfyllt', 'ej-uppfoljt']);
    expect(v.goalGroups.map((g: { key: string }) => g.key)).toEqual(['medborgare', 'medarbetare', 'ekonomi']);
    const goal1 = v.goals.find((g: { id: string }) => g.id === 'vallby-goal-1');
    expect(goal1).toMatchObject({ groupKey: 'medborgare', status: 'hog-grad', statusMeaning: 'partly_achieved' });
    expect(goal1.description).toContain('”Kontinuitet” är viktigast: **inte** fler än 12 personal/14 dagar.');
    // "Not followed up" is its own state, not "not met".
    expect(v.goals.find((g: { id: string }) => g.id === 'vallby-goal-2')).toMatchObject({ status: 'ej-uppfoljt', statusMeaning: 'not_followed_up' });
    // 72 of at least 80 is 90 %: to a high degree; 4 of at most 5: met; 50 of at least 70 (71 %): not met.
    expect(v.indicatorSteps).toEqual({ 'vallby-indicator-1': 'hog-grad', 'vallby-indicator-2': 'uppfyllt', 'vallby-indicator-3': 'ej-uppfyllt' });
    expect(v.indicators.find((i: { id: string }) => i.id === 'vallby-indicator-2')).toMatchObject({ direction: 'decrease', targetText: 'högst 5 %' });
  });

  it('counts in the overview a goal off track by its indicators and its step’s meaning, whatever the step is called', async () => {
    const r = await api('GET', '/api/overview?unitId=vallby&year=2025', 'vallby-kvalitet');
    expect(r.status).toBe(200);
    const row = (r.body as { agreement: { id: string } | null; goals?: number; goalsOffTrack?: number }[]).find(
      (x) => x.agreement?.id === 'vallby-omsorg-2025',
    );
    // Goal 1: 72 misses "at least 80". Goal 2 was not followed up, which is not off track.
    expect(row).toMatchObject({ goals: 4, goalsOffTrack: 1 });
  });

  it('puts the target as written on the measurement card', async () => {
    const ctx = context();
    for (const [indicator, written] of [
      ['vallby-indicator-2', 'högst 5 %'],
      ['vallby-indicator-3', 'at least index 70'],
      ['vallby-indicator-4', '100 %'],
      ['vallby-indicator-5', 'Mellan 10 och 20 besök'],
    ] as const) {
      const state = await getMeasurementCardState(ctx, indicator, '2025');
      const card = JSON.stringify(
        measurementCard(measurementModel({ locale: 'sv', links: { teamsAppId: null, publicUrl: 'http://x' }, inTeams: false }, state)),
      );
      expect(card.replace(/\u00a0/g, ' ')).toContain(written);
    }
  });

  it('refuses a status that is no step of the municipality’s scale and a group it does not have, naming the field', async () => {
    const goal = (await api('GET', '/api/goals/vallby-goal-3')).body;
    const bad = await api('PATCH', '/api/goals/vallby-goal-3', 'vallby-chef', { status: 'not_started' }, 'sv-SE', goal.revision);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation_failed', field: 'status' });
    expect(bad.body.error.message).toContain('skala för måluppfyllelse');
    const group = await api('PATCH', '/api/goals/vallby-goal-3', 'vallby-chef', { groupKey: 'okänd' }, 'sv-SE', goal.revision);
    expect(group.status).toBe(400);
    expect(group.body.error).toMatchObject({ field: 'groupKey' });
    expect((await api('GET', '/api/goals/vallby-goal-3')).body.revision).toBe(goal.revision);
  });

  it('refuses an import whose goal names a step of no scale, and writes nothing', async () => {
    const doc = goalShapes('vallby2') as unknown as { goals: { status?: string }[] };
    doc.goals[2]!.status = 'not_started';
    const ctx = context();
    await expect(importOrganisation(ctx, doc)).rejects.toMatchObject({ field: 'goals.2.status' });
    expect(await tenant.get('unit', 'vallby2')).toBeNull();
  });

  it('lets the quality office set the scale and the groups, and nobody else', async () => {
    const unit = (await api('GET', '/api/units/vallby', 'vallby-kvalitet')).body;
    const scale = [...unit.fulfilmentScale, { key: 'delvis', name: { sv: 'Delvis uppfyllt' }, meaning: 'partly_achieved', band: { from: 50, to: 80 } }];
    expect((await api('PATCH', '/api/units/vallby', 'vallby-chef', { fulfilmentScale: scale }, 'sv-SE', unit.revision)).status).toBe(403);
    const dup = await api('PATCH', '/api/units/vallby', 'vallby-kvalitet', { goalGroups: [...unit.goalGroups, unit.goalGroups[0]] }, 'sv-SE', unit.revision);
    expect(dup.status).toBe(400);
    expect(dup.body.error.field).toBe('goalGroups.3.key');
    const ok = await api('PATCH', '/api/units/vallby', 'vallby-kvalitet', { fulfilmentScale: scale }, 'sv-SE', unit.revision);
    expect(ok.status).toBe(200);
    const v = (await api('GET', '/api/agreements/vallby-omsorg-2025/view')).body;
    expect(v.fulfilmentScale.at(-1)).toMatchObject({ key: 'delvis' });
  });
});

describe('the wheel as written (issue 17, point 9)', () => {
  it('sorts by the day each event counts from, shows the wording as written, and knows the signing deadline', async () => {
    const r = await api('GET', '/api/units/vallby-omsorg/wheel?year=2025');
    expect(r.status).toBe(200);
    const events = r.body.events as { id: string; effectiveDate: string; whenText?: string; kind: string }[];
    expect(events.map((e) => [e.id.replace('vallby-wheel-', ''), e.effectiveDate])).toEqual([
      ['underskrift', '2025-01-21'],
      ['delar', '2025-03-05'],
      ['budgetdialog', '2025-03-11'],
      ['arsredovisning', '2025-03-31'],
    ]);
    expect(events.find((e) => e.kind === 'signing_deadline')).toBeDefined();
    const range = (await tenant.get('wheelEvent', 'vallby-wheel-budgetdialog')) as WheelEvent | null;
    expect(formatWhen(range!, 'sv')).toBe('mitten av mars–början av maj');
    const { whenText: _w, ...unwritten } = range!;
    expect(formatWhen(unwritten, 'da')).toBe('medio marts–primo maj 2025');
    expect(formatWhen(unwritten, 'en')).toBe('mid March–early May 2025');
    expect(formatWhen({ ...unwritten, until: null, part: 'ultimo' }, 'sv')).toBe('slutet av mars 2025');
    expect(label('wheelKind', 'signing_deadline', 'da')).toBe('Frist for underskrift');
  });

  it('puts the wording as written on the reminder card', () => {
    const model = { locale: 'sv' as const, type: 'wheel' as const, measurements: [] };
    const event = { title: 'Budgetdialog', action: 'none' as const, unitName: 'Vallby kommun', url: null, year: 2025, month: 3, date: null };
    const written = JSON.stringify(
      reminderCard({
        ...model,
        events: [{ ...event, part: 'medio', until: { month: 5, part: 'primo', date: null }, whenText: 'mitten av mars–början av maj' }],
      }),
    );
    expect(written).toContain('mitten av mars–början av maj');
    const made = JSON.stringify(
      reminderCard({ ...model, locale: 'da', events: [{ ...event, part: 'medio', until: { month: 5, part: 'primo', date: null } }] }),
    );
    expect(made).toContain('medio marts–primo maj 2025');
  });

  it('refuses a month part beside a date and an end before the start, naming the field', async () => {
    const ctx = context();
    const base = { unitId: 'vallby', year: 2025, title: { sv: 'X' }, kind: 'other' };
    await expect(createRecord(ctx, 'wheelEvent', { ...base, date: '2025-03-05', month: 3, part: 'primo' })).rejects.toMatchObject({ field: 'part' });
    await expect(createRecord(ctx, 'wheelEvent', { ...base, date: null, month: 5, until: { month: 3, part: null, date: null } })).rejects.toMatchObject({
      field: 'until.month',
    });
  });
});

describe('a municipality without its own scale works as before', () => {
  it('judges by the default scale: its statuses are today’s, indicators on or off track, no step', async () => {
    const r = await api('GET', '/api/agreements/testby-skole-2026/view', 'testby-leder', undefined, 'da-DK');
    expect(r.body.fulfilmentScale.map((s: { key: string }) => s.key)).toEqual(DEFAULT_FULFILMENT_SCALE.map((s) => s.key));
    expect(r.body.goalGroups).toEqual([]);
    expect(r.body.indicatorSteps).toEqual({});
    // An imported goal without a state has none.
    expect(r.body.goals[0].status).toBeNull();
    const ctx = context();
    const goal = (await tenant.get('goal', 'testby-goal-1'))!;
    const marked = await updateRecord(ctx, 'goal', goal.id, { status: 'at_risk' }, goal.revision);
    expect(marked).toMatchObject({ status: 'at_risk', statusMeaning: 'at_risk' });
    const rollup = await tenant.get('agreementRollup', 'testby-skole-2026');
    expect(rollup).toMatchObject({ goalsOffTrack: 1 });
  });
});

describe('the scale’s judgement of a value (rules/fulfilment.ts)', () => {
  const scale = goalShapes().units![0]!.fulfilmentScale as Parameters<typeof indicatorStep>[0];
  const ind = (direction: 'increase' | 'decrease' | 'keep' | 'range', target: number, extra: { targetMax?: number; tolerance?: number } = {}) => ({
    direction,
    target,
    targetMax: extra.targetMax ?? null,
    tolerance: extra.tolerance ?? null,
    baseline: null,
  });

  it('reads the share of the target reached by the comparator', () => {
    expect(attainment(ind('increase', 80), 80)).toBe(100);
    expect(attainment(ind('increase', 80), 64)).toBe(80);
    expect(attainment(ind('decrease', 5), 10)).toBe(50);
    expect(attainment(ind('keep', 100, { tolerance: 2 }), 97)).toBeCloseTo(100 - (1 / 98) * 100, 5);
    expect(attainment(ind('range', 10, { targetMax: 20 }), 25)).toBe(75);
    expect(attainment(ind('increase', 80), null)).toBeNull();
  });

  it('puts a value on the step whose band holds it, the lower end included', () => {
    expect(indicatorStep(scale, ind('increase', 80), 80)?.key).toBe('uppfyllt');
    expect(indicatorStep(scale, ind('increase', 80), 64)?.key).toBe('hog-grad');
    expect(indicatorStep(scale, ind('increase', 80), 63.9)?.key).toBe('ej-uppfyllt');
    expect(indicatorStep(scale, ind('decrease', 5), 6)?.key).toBe('hog-grad');
    // The default scale has no bands: an indicator is judged on or off track, as before.
    expect(indicatorStep(DEFAULT_FULFILMENT_SCALE, ind('increase', 80), 10)).toBeNull();
  });
});

describe('stores written before scales, goal groups and wheel dates as written', () => {
  it('migrates an embedded store forward: goals get no group and their status’s meaning, events no month part or end', async () => {
    const path = join(tmp.dir, 'before.db');
    const raw = new Database(path);
    // As the file was before migration 13 (after main's 10 meeting sessions, 11 imported versions, 12 people counter).
    const mine = 12;
    for (const m of MIGRATIONS.slice(0, mine)) {
      if (typeof m === 'string') raw.exec(m);
      else m(raw);
    }
    raw.pragma(`user_version = ${mine}`);
    const at = '2024-01-01T00:00:00.000Z';
    const goal = (id: string, status: string) =>
      JSON.stringify({
        id,
        revision: 1,
        createdAt: at,
        updatedAt: at,
        unitId: 'u',
        agreementId: 'a',
        levelId: 'l',
        year: 2024,
        title: id,
        origin: 'own',
        status,
      });
    raw
      .prepare('INSERT INTO goals (tenant_id, id, revision, data, unit_id, agreement_id, year) VALUES (?, ?, 1, ?, ?, ?, ?)')
      .run('t', 'g1', goal('g1', 'at_risk'), 'u', 'a', 2024);
    raw
      .prepare('INSERT INTO goals (tenant_id, id, revision, data, unit_id, agreement_id, year) VALUES (?, ?, 1, ?, ?, ?, ?)')
      .run('t', 'g2', goal('g2', 'achieved'), 'u', 'a', 2024);
    const event = JSON.stringify({
      id: 'w1',
      revision: 1,
      createdAt: at,
      updatedAt: at,
      unitId: 'u',
      year: 2024,
      date: null,
      month: 3,
      title: { da: 'Dialog' },
      kind: 'other',
    });
    raw.prepare('INSERT INTO wheel_events (tenant_id, id, revision, data, unit_id, year) VALUES (?, ?, 1, ?, ?, ?)').run('t', 'w1', event, 'u', 2024);
    raw.close();
    const migrated = openSqliteStore(path);
    try {
      const t = migrated.forTenant('t');
      expect(await t.get('goal', 'g1')).toMatchObject({ status: 'at_risk', statusMeaning: 'at_risk', groupKey: null });
      expect(await t.get('goal', 'g2')).toMatchObject({ status: 'achieved', statusMeaning: 'achieved', groupKey: null });
      const e = (await t.get('wheelEvent', 'w1'))!;
      expect(e).toMatchObject({ part: null, until: null, month: 3 });
      // A whole month still counts from its last day.
      expect(eventDate(e)).toBe('2024-03-31');
    } finally {
      await migrated.close();
    }
  });
});
