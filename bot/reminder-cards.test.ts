import { makeContext } from '../api/core/context';
import type { Conversation, Reminder } from '../api/core/model';
import type { Store, TenantStore } from '../api/core/port';
import { reminderSubjects } from '../api/core/services/outbox';
import { importOrganisation } from '../api/core/services/transfer';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { systemActor } from '../teams-app/system-actor';
import { botMunicipality } from './bot-fixtures';
import type { AdaptiveCard } from './cards/adaptive-card';
import { renderReminder } from './reminder-cards';

/** What each kind of reminder in the outbox becomes in the chat, read from the store as the dispatcher reads it. */
const TENANT = 'testby';
const links = { teamsAppId: '11111111-2222-3333-4444-555555555555', publicUrl: 'https://kvalitet.example.dk/' };
const AT = '2026-07-01T08:00:00.000Z';
let store: Store;
let tenant: TenantStore;

beforeEach(async () => {
  store = openSqliteStore(':memory:');
  tenant = store.forTenant(TENANT);
  await importOrganisation(makeContext(tenant, systemActor(TENANT)), {
    ...botMunicipality(),
    wheelEvents: [
      {
        id: 'testby-dialog',
        unitId: 'testby',
        year: 2026,
        date: '2026-09-15',
        month: 9,
        title: { da: 'Dialogmøde', sv: 'Dialogmöte', en: 'Dialogue meeting' },
        kind: 'dialogue_meeting',
        audience: ['leaders'],
        reminderOffsetsDays: [14],
        action: 'prepare_meeting',
      },
    ],
  });
});
afterEach(() => store.close());

const conversation = (teamsUserId: string): Conversation => ({
  id: 'c1',
  conversationId: 'a:chat',
  scope: 'personal',
  personId: null,
  teamsUserId,
  aadObjectId: null,
  teamId: null,
  status: 'installed',
  installedAt: AT,
  uninstalledAt: null,
  locale: null,
  reference: {},
  revision: 1,
  createdAt: AT,
  updatedAt: AT,
});
const reminder = (type: Reminder['type'], items: unknown[]): Reminder =>
  ({
    id: 'r1',
    key: 'k|p',
    occasion: 'k',
    recipientId: 'p',
    type,
    items,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: AT,
    plannedAt: AT,
    sentAt: null,
    lastError: null,
    sendingSince: null,
    activityId: null,
    revision: 1,
    createdAt: AT,
    updatedAt: AT,
  }) as Reminder;

async function render(r: Reminder, locale: 'da' | 'sv' | 'en' = 'da', teamsUserId = '29:chef'): Promise<{ card: AdaptiveCard; json: string }> {
  const card = await renderReminder(r, locale, conversation(teamsUserId), await reminderSubjects(tenant, [r]), { store: tenant, links });
  return { card, json: JSON.stringify(card) };
}
const actionsOf = (c: AdaptiveCard): { type: string; verb?: string; url?: string }[] => (c.actions ?? []) as { type: string; verb?: string; url?: string }[];
const allActions = (json: string) => [...json.matchAll(/"type":"(Action\.\w+)"(?:,"title":"[^"]*")?(?:,"verb":"([^"]+)")?/g)].map((m) => m[2] ?? m[1]);

describe('the card a reminder becomes', () => {
  it('a wheel reminder names the event (in the reader’s language), its date and its unit, and opens the tab', async () => {
    const r = reminder('wheel', [{ kind: 'wheel', eventId: 'testby-dialog', action: 'prepare_meeting', date: '2026-09-15', unitId: 'testby-skole' }]);
    const sv = await render(r, 'sv');
    expect(sv.json).toContain('Dialogmöte');
    expect(sv.json).toContain('Østre Skole');
    expect(sv.json).not.toContain('Dialogmøde');
    expect(actionsOf(sv.card)).toEqual([expect.objectContaining({ type: 'Action.OpenUrl', url: 'https://kvalitet.example.dk/tab/' })]);
  });

  it('a wheel event deleted since planning still reads: its id, and the month from the planned date', async () => {
    const r = reminder('wheel', [{ kind: 'wheel', eventId: 'gone-event', action: 'none', date: '2026-10-31', unitId: 'testby-skole' }]);
    const { json } = await render(r, 'en');
    expect(json).toContain('gone-event');
    expect(json).toContain('October 2026');
  });

  it('a measurement reminder lists each indicator due with a button to report it; the escalation to the chief has none', async () => {
    const item = { kind: 'measurement', indicatorId: 'testby-indicator-1', period: '2026-Q2', due: '2026-06-30', state: 'late', unitId: 'testby-skole' };
    const own = await render(reminder('measurements', [item]), 'da');
    expect(own.json).toContain('Andel elever der læser alderssvarende');
    expect(allActions(own.json)).toContain('measurement.open');
    expect(own.json).toContain('testby-skole-2026'); // the deep link to the agreement
    const escalation = await render(reminder('escalation', [item]), 'da');
    expect(escalation.json).toContain('Andel elever der læser alderssvarende');
    expect(allActions(escalation.json)).not.toContain('measurement.open');
  });

  it('an approval request is the approval card, with the decision buttons for the chief’s Teams user', async () => {
    const { card, json } = await render(
      reminder('approval_request', [{ kind: 'approval', agreementId: 'testby-dagtilbud-2027', version: 2 }]),
      'da',
      '29:chef',
    );
    expect(json).toContain('Kvalitetsaftale 2027 for Dagtilbud Nord');
    expect(JSON.stringify(card.refresh ?? {})).toContain('29:chef');
    expect(allActions(json)).toEqual(expect.arrayContaining(['approval.approve', 'approval.requestChanges']));
  });

  it('a decision tells the leader who decided, and the comment when changes are requested', async () => {
    const decided = (decision: 'approve' | 'requestChanges', comment: string | null) =>
      reminder('decision', [{ kind: 'decision', agreementId: 'testby-dagtilbud-2027', version: 2, decision, comment, decidedBy: 'testby-chef' }]);
    const approved = await render(decided('approve', null), 'en');
    expect(approved.json).toContain('Kvalitetsaftale 2027 for Dagtilbud Nord');
    expect(approved.json).toContain('Carl Chef');
    const changes = await render(decided('requestChanges', 'Mål 2 mangler en indikator'), 'da');
    expect(changes.json).toContain('Mål 2 mangler en indikator');
    expect(changes.json).toContain('Carl Chef');
  });

  it('refuses a reminder whose items do not fit its type, naming the field, and one whose agreement is gone', async () => {
    await expect(render(reminder('decision', [{ kind: 'wheel', eventId: 'e', action: 'none', date: '2026-01-01', unitId: 'u' }]))).rejects.toThrow(/items/);
    await expect(render(reminder('wheel', [{ kind: 'wheel', eventId: 'e', action: 'none', unitId: 'u' }]))).rejects.toThrow(/date/);
    await expect(render(reminder('approval_request', [{ kind: 'approval', agreementId: 'no-such-agreement', version: 1 }]))).rejects.toThrow();
  });
});
