import { join } from 'node:path';
import { makeContext } from '../api/core/context';
import { decideApproval } from '../api/core/services/approvals';
import { submitAgreement } from '../api/core/services/lifecycle';
import { importOrganisation } from '../api/core/services/transfer';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { cloudAdapterSender } from '../bot/adapter';
import { TEAMS_RATE_LIMITS } from '../bot/rate-limiter';
import { systemActor } from '../teams-app/system-actor';
import { startBotConnectorStandin } from './support/bot-connector-standin';
import { conversationIdOf, dispatcherFor, installChats } from './support/campaign';
import { smallMunicipality, tempDir } from './support/mother';

/**
 * Approval through chat: submitting puts the approval card for the chief into the outbox in the same
 * transaction; the dispatcher sends it to the chief's personal chat over the CloudAdapter to a local Bot
 * Connector; the chief's decision puts the outcome for the leader into the outbox, and it reaches the leader.
 */
const FAST = { perConversation: TEAMS_RATE_LIMITS.perConversation, perTenant: [{ limit: 200, perMs: 1_000 }] };
const tmp = tempDir();
afterAll(() => tmp.remove());

it('sends the approval card to the chief on submit, and tells the leader the outcome', async () => {
  const store = openSqliteStore(join(tmp.dir, 'approval.db'));
  const standin = await startBotConnectorStandin({ limits: FAST });
  const tenant = store.forTenant('demo');
  const now = new Date();
  await importOrganisation(makeContext(tenant, systemActor('demo')), smallMunicipality());
  await installChats(tenant, ['testby-chef', 'testby-leder'], standin.url, now);
  const as = (id: string) => makeContext(store.forTenant('demo'), { id, tenantId: 'demo', displayName: id, locale: 'da', authMethod: 'teams-sso' });
  const sender = cloudAdapterSender({ appId: '', appPassword: '', tenantId: null });
  // One dispatcher, as in the server: it holds the lease between drains.
  const dispatcher = dispatcherFor(tenant, sender, FAST);

  const a = (await tenant.get('agreement', 'testby-skole-2026'))!;
  await submitAgreement(as('testby-leder'), a.id, a.revision);
  expect(await tenant.listAll('reminder', {})).toEqual([expect.objectContaining({ type: 'approval_request', recipientId: 'testby-chef', state: 'pending' })]);
  expect((await dispatcher.drain()).sent).toBe(1);
  const toChief = standin.deliveries.find((d) => d.conversationId === conversationIdOf('testby-chef'))!;
  expect(toChief.text).toContain('Godkendelse: Kvalitetsaftale 2026 for Østre Skole');
  expect(toChief.text).toContain('approval.approve');
  expect(toChief.text).toContain('"userIds":["29:testby-chef"]');

  await decideApproval(as('testby-chef'), { agreementId: a.id, version: 1, decision: 'approve' });
  expect((await dispatcher.drain()).sent).toBe(1);
  const toLeader = standin.deliveries.find((d) => d.conversationId === conversationIdOf('testby-leder'))!;
  expect(toLeader.text).toContain('Kvalitetsaftale 2026 for Østre Skole er godkendt af Carl Chef.');
  // Nothing is sent twice.
  expect((await dispatcher.drain()).sent).toBe(0);
  expect(standin.deliveries).toHaveLength(2);
  await dispatcher.stop();
  await standin.close();
  await store.close();
});
