import { DEMO_DOCUMENTS } from '../api/demo';
import { startTestServer, type TestServer } from './support/server';

/**
 * The core says what the person acting may do in a unit (GET /api/units/{id}/permissions), so the tab offers
 * only possible actions and asks for nothing it would be refused (issue 18, point 7). The expectations are
 * the domain's (docs/roles.md), written out here, not read from the permission tables.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer([...DEMO_DOCUMENTS]);
});
afterAll(() => server?.stop());

type Ops = { create: boolean; update: boolean; delete: boolean };
type Can = {
  write: Record<'goal' | 'action' | 'indicator' | 'measurement' | 'wheelEvent', Ops>;
  moves: Record<'submit' | 'approve' | 'close', boolean>;
  readAudit: boolean;
  recordMeasurement: boolean;
};

const ask = (unitId: string, as: string) => fetch(`${server.url}/api/units/${unitId}/permissions`, { headers: { 'X-Dev-User': as } });
async function permissions(unitId: string, as: string): Promise<Can> {
  const res = await ask(unitId, as);
  expect(res.status).toBe(200);
  return (await res.json()) as Can;
}
const JOBCENTRET = 'assens-jobcentret';

describe('what the tab may offer, per role (Assens Jobcentret)', () => {
  it('staff report measurements and update actions, but may not delete an indicator, approve or read the audit trail', async () => {
    const can = await permissions(JOBCENTRET, 'assens-demo-jobcentret');
    expect(can.recordMeasurement).toBe(true);
    expect(can.moves.submit).toBe(false);
    expect(can.write.action.update).toBe(true);
    expect(can.write.indicator.delete).toBe(false);
    expect(can.write.goal.create).toBe(false);
    expect(can.moves.approve).toBe(false);
    expect(can.readAudit).toBe(false);
  });

  it('the leader writes goals and indicators and reads the audit trail, but does not approve their own agreement', async () => {
    const can = await permissions(JOBCENTRET, 'assens-leder-jobcentret');
    expect(can.write.goal.create).toBe(true);
    expect(can.write.indicator.delete).toBe(true);
    expect(can.moves.submit).toBe(true);
    expect(can.readAudit).toBe(true);
    expect(can.moves.approve).toBe(false);
  });

  it('the chief above approves and reads the audit trail', async () => {
    const can = await permissions(JOBCENTRET, 'assens-fagchef');
    expect(can.moves.approve).toBe(true);
    expect(can.readAudit).toBe(true);
  });

  it('only the quality office edits the wheel; staff do not see its reminder campaigns, and are indeed refused them', async () => {
    expect((await permissions(JOBCENTRET, 'assens-demo-kvalitet')).write.wheelEvent.create).toBe(true);
    expect((await permissions(JOBCENTRET, 'assens-leder-jobcentret')).write.wheelEvent.create).toBe(false);
    const staff = await permissions(JOBCENTRET, 'assens-demo-jobcentret');
    expect(staff.write.wheelEvent.create).toBe(false);
    expect(staff.readAudit).toBe(false);
    const res = await fetch(`${server.url}/api/units/${JOBCENTRET}/wheel/campaigns?year=2026`, { headers: { 'X-Dev-User': 'assens-demo-jobcentret' } });
    expect(res.status).toBe(403);
  });

  it('someone of another municipality may change nothing there', async () => {
    const can = await permissions(JOBCENTRET, 'silkeborg-michael-maaloe');
    expect(Object.values(can.write).some((ops) => ops.create || ops.update || ops.delete)).toBe(false);
    expect(can.recordMeasurement).toBe(false);
  });

  it('is asked of a unit that exists', async () => {
    expect((await ask('no-such-unit', 'assens-demo-jobcentret')).status).toBe(404);
  });
});

/**
 * The agreement's moves the tab offers (GET /api/agreements/{id}/moves): an agreement of Jobcentret walked from
 * next year's draft to signed, asking each person at each step. The expectations are the domain's: the leader
 * submits, the chief above approves or sends back, the leader and the chief each sign once, staff make no move.
 */
describe('the moves offered on an agreement, step by step', () => {
  const LEADER = 'assens-leder-jobcentret';
  const STAFF = 'assens-demo-jobcentret';
  const CHIEF = 'assens-fagchef';
  const movesOf = async (id: string, as: string) => {
    const res = await fetch(`${server.url}/api/agreements/${id}/moves`, { headers: { 'X-Dev-User': as } });
    return { status: res.status, moves: res.status === 200 ? ((await res.json()) as { moves: string[] }).moves : [] };
  };
  const post = async (path: string, as: string, body?: unknown, revision?: number) => {
    const headers: Record<string, string> = { 'X-Dev-User': as, 'Content-Type': 'application/json' };
    if (revision !== undefined) headers['If-Match'] = `"${revision}"`;
    const res = await fetch(`${server.url}/api${path}`, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await res.json()) as { id: string; revision: number; version: number; status: string };
    if (!res.ok) throw new Error(`${path} as ${as}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  it('in effect: the leader may start the year-end, open a new version or make next year; staff and the chief may not', async () => {
    expect((await movesOf('assens-jobcentret-2009', LEADER)).moves.sort()).toEqual(['createNextYear', 'openNewVersion', 'startYearEnd']);
    expect((await movesOf('assens-jobcentret-2009', STAFF)).moves).toEqual([]);
    expect((await movesOf('assens-jobcentret-2009', CHIEF)).moves).toEqual([]);
  });

  it('from draft to signed, each person is offered exactly what they may do', async () => {
    let a = await post('/agreements/assens-jobcentret-2009/next-year', LEADER, { carryGoalIds: [] });
    expect((await movesOf(a.id, LEADER)).moves).toContain('submit');
    expect((await movesOf(a.id, STAFF)).moves).not.toContain('submit');
    expect((await movesOf(a.id, CHIEF)).moves).not.toContain('approve');

    a = await post(`/agreements/${a.id}/submit`, LEADER, undefined, a.revision);
    expect((await movesOf(a.id, CHIEF)).moves.sort()).toEqual(['approve', 'requestChanges']);
    expect((await movesOf(a.id, LEADER)).moves).not.toContain('approve');
    expect((await movesOf(a.id, LEADER)).moves).not.toContain('submit');

    a = await post(`/agreements/${a.id}/decision`, CHIEF, { version: a.version, decision: 'approve' });
    expect((await movesOf(a.id, LEADER)).moves).toContain('sign');
    expect((await movesOf(a.id, CHIEF)).moves).toContain('sign');
    expect((await movesOf(a.id, STAFF)).moves).toEqual([]);

    a = await post(`/agreements/${a.id}/sign`, LEADER, undefined, a.revision);
    expect((await movesOf(a.id, LEADER)).moves).not.toContain('sign');
    expect((await movesOf(a.id, CHIEF)).moves).toContain('sign');
  });

  it('is asked of an agreement that exists', async () => {
    expect((await movesOf('no-such-agreement', LEADER)).status).toBe(404);
  });
});
