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
type Can = { write: Record<'goal' | 'action' | 'indicator' | 'measurement' | 'wheelEvent', Ops>; moves: Record<'submit' | 'approve' | 'close', boolean>; readAudit: boolean; recordMeasurement: boolean };

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
