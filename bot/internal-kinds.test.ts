import { DOCUMENT_KINDS, ENTITY_KINDS, isInternal, PUBLIC_KINDS } from '../api/core/entities';
import { COLLECTIONS } from '../api/core/transfer';
import { LISTS } from '../api/store/sharepoint/list-schema';
import { startTestServer, type TestServer } from '../tests/support/server';

/** The bot's own records are stored like every kind, but are no part of the REST API, OpenAPI or documents. */
describe('internal kinds (conversation references, card receipts)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('are stored by both adapters but left out of documents', () => {
    expect(ENTITY_KINDS.filter(isInternal)).toEqual([
      'conversation',
      'cardReceipt',
      'reminder',
      'lease',
      'pause',
      'agreementVersion',
      'measurementSummary',
      'agreementRollup',
      'meetingSession',
      'keyFigureRun',
      'publication',
    ]);
    expect([...DOCUMENT_KINDS].sort()).toEqual([...PUBLIC_KINDS].sort());
    expect(Object.keys(COLLECTIONS)).not.toContain('conversation');
    expect(LISTS.map((l) => l.displayName)).toEqual(expect.arrayContaining(['KAConversations', 'KACardReceipts']));
  });

  it('have no REST routes and no OpenAPI entry', async () => {
    for (const path of ['/api/conversations', '/api/card-receipts']) {
      const r = await fetch(`${server.url}${path}`, { headers: { 'X-Dev-User': 'system' } });
      expect(r.status).toBe(404);
    }
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths).filter((p) => /conversation|receipt/i.test(p))).toEqual([]);
    expect(Object.keys(doc.components.schemas).filter((s) => /conversation|receipt/i.test(s))).toEqual([]);
  });
});
