import { ROLES, WRITE_PERMISSIONS, OTHER_PERMISSIONS, roleTable, type Role } from '../api/core/authorization';
import { makeContext } from '../api/core/context';
import { DOCUMENT_KINDS, ENTITIES, type DocumentKind } from '../api/core/entities';
import { decideApproval } from '../api/core/services/approvals';
import { submitMeasurementFromCard } from '../api/core/services/card-measurement';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { smallMunicipality } from './support/mother';
import { startTestServer, type TestServer } from './support/server';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { importOrganisation } from '../api/core/services/transfer';
import { systemActor } from '../teams-app/system-actor';
import { tempDir } from './support/mother';

/**
 * Every role against every write route and every card action, over HTTP on a real SQLite file. The
 * expectation comes from the permission table in the core (so a wrong entry in it would pass here); the
 * domain's rules, written out by hand, are in tests/permissions-by-hand.test.ts. The personas hold one role each.
 */
const PERSONAS: Record<Role, string> = {
  staff: 'testby-medarbejder',
  leader: 'testby-leder',
  chief: 'testby-chef',
  quality_office: 'testby-kvalitet',
  tenant_admin: 'tenant-admin',
  reader: 'testby-borger',
};
/** The tenant admin is configured (TENANT_ADMIN_IDS), not named in the organisation. */
const SETTINGS = { tenantAdminIds: [PERSONAS.tenant_admin] };

/** The unit each kind's test record belongs to: the school, or the municipality for setup kinds. */
const AT_MUNICIPALITY = new Set<DocumentKind>(['person', 'unit', 'goalLevel', 'wheelEvent']);
const rolesAt = (role: Role, kind: DocumentKind): Set<Role> => {
  // The tenant admin acts as the quality office of every municipality.
  if (role === 'tenant_admin') return new Set<Role>(['reader', 'tenant_admin', 'quality_office']);
  return new Set<Role>([
    'reader',
    ...(AT_MUNICIPALITY.has(kind) ? (role === 'quality_office' ? ['quality_office' as Role] : []) : role === 'reader' ? [] : [role]),
  ]);
};

let n = 0;
const body = (kind: DocumentKind): Record<string, unknown> => {
  n++;
  switch (kind) {
    case 'person':
      return { municipalityId: 'testby', displayName: `Person ${n}` };
    case 'unit':
      return { parentId: 'testby', kind: 'unit', name: `Enhed ${n}`, leaderIds: [], approverId: null, memberIds: [] };
    case 'goalLevel':
      return { municipalityId: 'testby', rank: 3 + (n % 10), name: { da: `Niveau ${n}` } };
    case 'wheelEvent':
      return { unitId: 'testby', year: 2026, month: 5, title: { da: `Begivenhed ${n}` }, kind: 'other' };
    case 'agreement':
      return { unitId: 'testby-skole', year: 2027, title: `Aftale ${n}`, periodStart: '2027-01-01', periodEnd: '2027-12-31' };
    case 'goal':
      return { unitId: 'testby-skole', agreementId: 'testby-skole-2026', levelId: 'testby-level-2', year: 2026, title: `Mål ${n}`, origin: 'own' };
    case 'action':
      return { goalId: 'testby-goal-1', text: `Handling ${n}` };
    case 'successCriterion':
      return { goalId: 'testby-goal-1', text: `Kriterium ${n}` };
    case 'indicator':
      return {
        goalId: 'testby-goal-1',
        name: `Indikator ${n}`,
        unitOfMeasure: '%',
        direction: 'increase',
        frequency: { kind: 'monthly' },
        measureType: 'result',
      };
    case 'measurement':
      return { indicatorId: 'testby-indicator-1', period: `${2000 + n}-Q1`, value: 50 };
  }
};
const patch = (kind: DocumentKind): Record<string, unknown> =>
  kind === 'person'
    ? { displayName: 'Ændret' }
    : kind === 'unit'
      ? { name: 'Ændret' }
      : kind === 'goalLevel'
        ? { name: { da: 'Ændret' } }
        : kind === 'wheelEvent'
          ? { title: { da: 'Ændret' } }
          : kind === 'agreement' || kind === 'goal'
            ? { title: 'Ændret' }
            : kind === 'indicator'
              ? { name: 'Ændret' }
              : kind === 'measurement'
                ? {}
                : { text: 'Ændret' };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer([smallMunicipality()], { settings: SETTINGS });
});
afterAll(async () => server.stop());

async function call(method: string, path: string, user: string, payload?: unknown, revision?: number) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'X-Dev-User': user, 'Content-Type': 'application/json', ...(revision ? { 'If-Match': `"${revision}"` } : {}) },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const pathOf = (kind: DocumentKind) => (kind === 'measurement' ? '/api/measurements' : `/api/${ENTITIES[kind].path}`);

describe('authorization matrix: every role against every write route', () => {
  for (const kind of DOCUMENT_KINDS) {
    for (const role of ROLES) {
      it(`${role} → ${kind}: create, update, delete as the permission table says`, async () => {
        const user = PERSONAS[role];
        const roles = rolesAt(role, kind);
        const may = (op: 'create' | 'update' | 'delete') => WRITE_PERMISSIONS[kind][op].some((r) => roles.has(r));
        const created = await call('POST', pathOf(kind), user, body(kind));
        expect({ kind, role, op: 'create', status: created.status }).toEqual({ kind, role, op: 'create', status: may('create') ? 201 : 403 });
        if (created.status === 403) expect(created.body.error).toMatchObject({ code: 'forbidden' });
        // A record made by the quality office, for the update and the delete.
        const fixture = await call('POST', pathOf(kind), PERSONAS.quality_office, body(kind));
        expect(fixture.status).toBe(201);
        if (kind !== 'measurement') {
          const updated = await call('PATCH', `${pathOf(kind)}/${fixture.body.id}`, user, patch(kind), fixture.body.revision);
          expect({ kind, role, op: 'update', status: updated.status }).toEqual({ kind, role, op: 'update', status: may('update') ? 200 : 403 });
        }
        const current = await call('GET', `/api/${ENTITIES[kind].path}/${fixture.body.id}`, PERSONAS.quality_office);
        expect(current.status).toBe(200);
        const deleted = await call('DELETE', `/api/${ENTITIES[kind].path}/${fixture.body.id}`, user, undefined, current.body.revision);
        expect({ kind, role, op: 'delete', status: deleted.status }).toEqual({ kind, role, op: 'delete', status: may('delete') ? 204 : 403 });
      });
    }
  }

  it("lets the unit's people, its chief and the quality office read its draft; leaders, chiefs and the quality office its audit trail; only the tenant admin the whole trail", async () => {
    for (const role of ROLES) {
      const view = await call('GET', '/api/agreements/testby-skole-2026/view', PERSONAS[role]);
      expect({ role, status: view.status }).toEqual({ role, status: role === 'reader' ? 403 : 200 });
      const audit = await call('GET', '/api/audit?entityId=testby-goal-1', PERSONAS[role]);
      expect({ role, status: audit.status }).toEqual({ role, status: ['leader', 'chief', 'quality_office', 'tenant_admin'].includes(role) ? 200 : 403 });
      const all = await call('GET', '/api/audit', PERSONAS[role]);
      expect({ role, status: all.status }).toEqual({ role, status: role === 'tenant_admin' ? 200 : 403 });
    }
  });
});

describe('authorization matrix: card actions ask the core too', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());
  it('a measurement card is accepted from staff, leader, quality office and the indicator owner only; an approval only from the chief', async () => {
    const store = openSqliteStore(join(tmp.dir, 'cards.db'));
    const doc = smallMunicipality();
    (doc.agreements![0] as { status?: string }).status = 'submitted';
    await importOrganisation(makeContext(store.forTenant('demo'), systemActor('demo')), doc);
    const as = (role: Role) =>
      makeContext(store.forTenant('demo'), { id: PERSONAS[role], tenantId: 'demo', displayName: role, locale: 'da', authMethod: 'bot' });
    let q = 0;
    for (const role of ROLES) {
      const result = submitMeasurementFromCard(as(role), { indicatorId: 'testby-indicator-1', period: `${1990 + ++q}-Q2`, indicatorRevision: 1, value: '42' });
      if ((OTHER_PERMISSIONS.recordMeasurement as readonly Role[]).includes(role)) await expect(result).resolves.toMatchObject({ outcome: 'recorded' });
      else await expect(result).rejects.toMatchObject({ code: 'forbidden' });
    }
    for (const role of ROLES.filter((r) => r !== 'chief'))
      await expect(decideApproval(as(role), { agreementId: 'testby-skole-2026', version: 1, decision: 'approve' })).rejects.toMatchObject({
        code: 'forbidden',
      });
    await expect(decideApproval(as('chief'), { agreementId: 'testby-skole-2026', version: 1, decision: 'approve' })).resolves.toMatchObject({
      status: 'approved',
    });
    await store.close();
  });
});

describe('the role table in the docs', () => {
  it('is the one the core enforces', () => {
    const doc = readFileSync(join(__dirname, '..', 'docs', 'roles.md'), 'utf8');
    expect(doc).toContain(roleTable());
  });
});

describe('membership through an Entra group', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());
  it('makes a member of the unit group staff of the unit, from the token groups claim', async () => {
    const store = openSqliteStore(join(tmp.dir, 'groups.db'));
    const doc = smallMunicipality();
    (doc.units![1] as { memberGroupId?: string }).memberGroupId = 'group-skole-staff';
    await importOrganisation(makeContext(store.forTenant('demo'), systemActor('demo')), doc);
    const as = (groupIds: string[]) =>
      makeContext(store.forTenant('demo'), { id: 'someone-new', tenantId: 'demo', displayName: 'Ny', locale: 'da', authMethod: 'teams-sso', groupIds });
    await expect(
      submitMeasurementFromCard(as(['group-skole-staff']), { indicatorId: 'testby-indicator-1', period: '2026-Q1', indicatorRevision: 1, value: '71' }),
    ).resolves.toMatchObject({ outcome: 'recorded' });
    await expect(
      submitMeasurementFromCard(as(['some-other-group']), { indicatorId: 'testby-indicator-1', period: '2026-Q2', indicatorRevision: 1, value: '72' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await store.close();
  });
});
