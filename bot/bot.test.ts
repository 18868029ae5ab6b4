import { TestAdapter, type Activity } from 'botbuilder';
import { pino } from 'pino';
import { makeContext } from '../api/core/context';
import { importOrganisation } from '../api/core/services/transfer';
import { openNewVersion, submitAgreement } from '../api/core/services/lifecycle';
import { updateRecord } from '../api/core/services/records';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import type { Store } from '../api/core/port';
import { systemActor } from '../teams-app/system-actor';
import { BOT_NOW, botMunicipality } from './bot-fixtures';
import { TeamsActivityBot } from './adapter';
import type { AdaptiveCard } from './cards/adaptive-card';

/** The bot's handlers through botbuilder's TestAdapter, over a real (in-memory) SQLite store. */

const TENANT = 'demo';
let store: Store & { db: import('better-sqlite3').Database };
let adapter: TestAdapter;
let activitySeq = 0;

type Who = { id: string; aadObjectId: string; name: string };
const LEDER: Who = { id: '29:leder', aadObjectId: 'testby-leder', name: 'Lone Leder' };
const CHEF: Who = { id: '29:chef', aadObjectId: 'testby-chef', name: 'Carl Chef' };
const STAFF: Who = { id: '29:staff', aadObjectId: 'testby-medarbejder', name: 'Mette Medarbejder' };

function activity(who: Who, locale: string, extra: Partial<Activity>): Partial<Activity> {
  return {
    id: `act-${++activitySeq}`,
    channelId: 'msteams',
    serviceUrl: 'https://smba.example.test/emea/',
    from: { id: who.id, aadObjectId: who.aadObjectId, name: who.name },
    recipient: { id: '28:bot', name: 'Kvalitetsaftaler' },
    conversation: { id: `a:personal-${who.aadObjectId}`, conversationType: 'personal', tenantId: 'tenant-1', isGroup: false, name: '' },
    locale,
    ...extra,
  };
}

async function turn(a: Partial<Activity>): Promise<Partial<Activity>[]> {
  adapter.activeQueue.splice(0);
  await adapter.processActivity(a);
  return adapter.activeQueue.splice(0);
}

const say = (who: Who, locale: string, text: string) => turn(activity(who, locale, { type: 'message', text }));
const cardsOf = (out: Partial<Activity>[]) => out.flatMap((a) => (a.attachments ?? []).map((x) => x.content as AdaptiveCard));
const textOf = (out: Partial<Activity>[]) => out.map((a) => a.text ?? '').join('\n');

async function invoke(who: Who, locale: string, verb: string, data: Record<string, unknown>, opts: { id?: string; replyToId?: string } = {}) {
  const out = await turn(
    activity(who, locale, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      ...(opts.id ? { id: opts.id } : {}),
      replyToId: opts.replyToId ?? 'card-message-1',
      value: { action: { type: 'Action.Execute', verb, data } },
    }),
  );
  const response = out.find((a) => a.type === 'invokeResponse')?.value as { status: number; body: { statusCode: number; type: string; value: unknown } };
  return { response, sent: out.filter((a) => a.type !== 'invokeResponse') };
}

// Amounts keep their currency on the same line (a no-break space, as Intl writes them); the tests read plain spaces.
const json = (x: unknown) => JSON.stringify(x).replace(/\\u00a0|\u00a0/g, ' ');
/** The submit action's data of a measurement card, with the inputs as the Playground sends them (strings). */
function submitData(c: AdaptiveCard, inputs: Record<string, string>): Record<string, unknown> {
  const submit = c.actions!.find((a) => a.type === 'Action.Execute' && a.verb === 'measurement.submit') as { data: Record<string, unknown> };
  return { ...submit.data, ...inputs };
}
const measurementsOf = (indicatorId: string) => store.forTenant(TENANT).listAll('measurement', { indicatorId });

beforeEach(async () => {
  store = openSqliteStore(':memory:');
  await importOrganisation(makeContext(store.forTenant(TENANT), systemActor(TENANT)), botMunicipality());
  const bot = new TeamsActivityBot({
    store,
    tenantId: TENANT,
    allowedTeamsTenantId: null,
    links: { teamsAppId: '11111111-2222-3333-4444-555555555555', publicUrl: 'https://kvalitet.example.dk' },
    developmentPersonId: null,
    logger: pino({ level: 'silent' }),
    now: () => BOT_NOW,
  });
  adapter = new TestAdapter((context) => bot.run(context));
});
afterEach(async () => store.close());

describe('install and uninstall', () => {
  const install = (who: Who, locale: string) => turn(activity(who, locale, { type: 'installationUpdate', action: 'add' }));

  it.each([
    ['da-DK', 'Hej Lone Leder! Jeg er bot’en for kvalitetsaftalerne', 'mine opgaver'],
    ['sv-SE', 'Hej Lone Leder! Jag är boten för verksamhetsplanerna', 'mina uppgifter'],
    ['en-US', 'Hello Lone Leder! I am the quality agreement bot', 'my tasks'],
  ])('greets once in %s, saying what the bot does, and keeps the conversation reference in the store', async (locale, greeting, command) => {
    const out = await install(LEDER, locale);
    expect(textOf(out)).toContain(greeting);
    expect(textOf(out)).toContain(`**${command}**`);
    const [conversation] = await store.forTenant(TENANT).listAll('conversation', { personId: 'testby-leder' });
    expect(conversation).toMatchObject({ scope: 'personal', status: 'installed', teamsUserId: '29:leder', conversationId: 'a:personal-testby-leder' });
    expect(conversation!.reference).toMatchObject({
      serviceUrl: 'https://smba.example.test/emea/',
      conversation: { id: 'a:personal-testby-leder' },
      bot: { id: '28:bot' },
    });
    // Teams announces an install twice (installationUpdate and conversationUpdate): one welcome.
    const again = await turn(activity(LEDER, locale, { type: 'conversationUpdate', membersAdded: [{ id: '28:bot', name: 'bot' }] }));
    expect(again).toEqual([]);
  });

  it('records an uninstall, and greets again after a reinstall', async () => {
    await install(LEDER, 'da-DK');
    await turn(activity(LEDER, 'da-DK', { type: 'installationUpdate', action: 'remove' }));
    const [c] = await store.forTenant(TENANT).listAll('conversation', { personId: 'testby-leder' });
    expect(c).toMatchObject({ status: 'uninstalled' });
    expect(c!.uninstalledAt).toBeTruthy();
    expect(textOf(await install(LEDER, 'da-DK'))).toContain('Hej Lone Leder');
  });

  it('stores team and group chat installs without greeting anybody personally', async () => {
    const out = await turn(
      activity(LEDER, 'da-DK', {
        type: 'conversationUpdate',
        membersAdded: [{ id: '28:bot', name: 'bot' }],
        conversation: { id: '19:team-channel@thread.tacv2', conversationType: 'channel', tenantId: 'tenant-1', isGroup: true, name: 'Skolen' },
        channelData: { team: { id: '19:team@thread.tacv2' } },
      }),
    );
    expect(out).toEqual([]);
    const rows = store.db.prepare('SELECT data FROM conversations').all() as { data: string }[];
    expect(rows.map((r) => JSON.parse(r.data))).toEqual([
      expect.objectContaining({ scope: 'team', teamId: '19:team@thread.tacv2', personId: null, status: 'installed' }),
    ]);
  });
});

describe('the personal chat', () => {
  it.each([
    ['da-DK', 'hjælp', 'Det kan jeg hjælpe med'],
    ['sv-SE', 'hjälp', 'Det här kan jag hjälpa till med'],
    ['en-US', 'help', 'This is what I can do'],
    ['en-US', '<at>Kvalitetsaftaler</at> Help!', 'This is what I can do'],
  ])('answers help in %s ("%s")', async (locale, text, expected) => {
    expect(textOf(await say(LEDER, locale, text))).toContain(expected);
  });

  it('accepts the translated command titles of the manifest', async () => {
    for (const [locale, text] of [
      ['da-DK', 'mine opgaver'],
      ['sv-SE', 'mina uppgifter'],
      ['en-US', 'my tasks'],
    ] as const)
      expect(cardsOf(await say(LEDER, locale, text))).toHaveLength(1);
    for (const [locale, text] of [
      ['da-DK', 'indberet'],
      ['sv-SE', 'rapportera'],
      ['en-US', 'report'],
    ] as const)
      expect(json(cardsOf(await say(LEDER, locale, text)))).toContain('measurement.submit');
    expect(textOf(await say(LEDER, 'da-DK', 'mine enheder'))).toContain('Østre Skole');
    expect(textOf(await say(LEDER, 'sv-SE', 'mina enheter'))).toContain('Biblioteket');
    expect(textOf(await say(LEDER, 'en-US', 'status'))).toMatch(/Measurements to report: 1 \(1 late\)\. Agreements to submit: 1\. Agreements to approve: 0\./);
    expect(textOf(await say(LEDER, 'da-DK', 'noget andet'))).toContain('Det forstod jeg ikke');
  });

  it('lists what is due for the user with buttons and a deep link into the tab', async () => {
    const [leader] = cardsOf(await say(LEDER, 'da-DK', 'mine opgaver'));
    const s = json(leader);
    expect(s).toContain('Målinger at indberette (1)');
    // The quarterly indicator has no owner: the unit's leader reports it; Q1 is late, Q2 due.
    expect(s).toContain('Andel elever der læser alderssvarende');
    expect(s).toContain('1. kvartal 2026');
    expect(s).toContain('+1 periode mere'); // one period: singular (was "+1 perioder mere")
    expect(s).toContain('"verb":"measurement.open"');
    expect(s).toContain('Aftaler at indsende (1)');
    expect(s).toContain('Kvalitetsaftale 2027 for Biblioteket');
    expect(s).toContain(
      'https://teams.microsoft.com/l/entity/11111111-2222-3333-4444-555555555555/myUnits?webUrl=https%3A%2F%2Fkvalitet.example.dk%2Ftab%2F%3Fagreement%3Dtestby-bibliotek-2027',
    );
    const [chief] = cardsOf(await say(CHEF, 'en-US', 'my tasks'));
    expect(json(chief)).toContain('Agreements to approve (1)');
    expect(json(chief)).toContain('"verb":"approval.open"');
    expect(json(chief)).not.toContain('Measurements to report');
    // The scale indicator is owned by the staff member, due at the end of June.
    const [staff] = cardsOf(await say(STAFF, 'sv-SE', 'mina uppgifter'));
    expect(json(staff)).toContain('Trivsel i klassen');
    expect(json(staff)).toContain('Andel elever der læser alderssvarende');
  });

  it('opens the measurement card from a task button', async () => {
    const { response, sent } = await invoke(STAFF, 'en-US', 'measurement.open', { indicatorId: 'testby-indicator-scale', period: '2026' });
    expect(response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    const [c] = cardsOf(sent);
    expect(json(c)).toContain('"type":"Input.ChoiceSet"');
    expect(json(c)).toContain('Trivsel i klassen');
  });
});

describe('the measurement card', () => {
  async function reportCard(who: Who = LEDER, locale = 'da-DK'): Promise<AdaptiveCard> {
    const [c] = cardsOf(await say(who, locale, 'indberet'));
    return c!;
  }

  it('shows name, unit of measure, period, target and last value, and carries indicator, period and revisions', async () => {
    const c = await reportCard();
    const s = json(c);
    // "1. kvartal" at the start of a fact would begin a numbered list: its dot is escaped (bot/markdown.ts).
    for (const part of [
      'Andel elever der læser alderssvarende',
      '1\\\\. kvartal 2026',
      'Mindst 80 %',
      'ingen endnu',
      '"type":"Input.Number"',
      '"id":"comment"',
    ])
      expect(s).toContain(part);
    expect(submitData(c, {})).toEqual({ indicatorId: 'testby-indicator-1', period: '2026-Q1', indicatorRevision: 1, cardVersion: 1 });
  });

  it.each([
    ['da-DK', 'abc', 'værdien skal være et tal'],
    ['sv-SE', '150', 'värdet är högre än det högsta tillåtna'],
    ['en-US', '', 'enter a value'],
    ['da-DK', '-3', 'værdien er under den laveste tilladte'],
  ])('in %s refuses "%s" with the error beside the field, keeps the values, writes nothing', async (locale, value, error) => {
    const c = await reportCard(LEDER, locale);
    const { response } = await invoke(LEDER, locale, 'measurement.submit', submitData(c, { value, comment: 'Fra kortet' }));
    expect(response.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const again = response.body.value as AdaptiveCard;
    const at = again.body.findIndex((e) => 'id' in e && e.id === 'value');
    expect(again.body[at + 1]).toMatchObject({ id: 'valueError', color: 'Attention' });
    expect(json(again.body[at + 1])).toContain(error);
    expect(json(again)).toContain('"value":"Fra kortet"');
    if (value === '150') expect(again.body[at]).toMatchObject({ value: 150 });
    if (value === 'abc') expect(json(again.body[at + 1])).toContain('“abc”');
    expect(await measurementsOf('testby-indicator-1')).toEqual([]);
  });

  it('stores a valid value from the card, replaces the card with a receipt for everyone, within 3 s', async () => {
    const c = await reportCard(LEDER, 'da-DK');
    const update = jest.spyOn(adapter, 'updateActivity');
    const started = performance.now();
    const { response } = await invoke(LEDER, 'da-DK', 'measurement.submit', submitData(c, { value: '87,5', comment: 'Fra kortet' }), { replyToId: 'msg-42' });
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(3000);
    console.log(`measurement.submit answered in ${ms.toFixed(1)} ms (TestAdapter, SQLite)`);
    const receipt = json(response.body.value);
    expect(receipt).toContain('Indberettet 87,5 % for 1. kvartal 2026 af Lone Leder.');
    // The message itself is updated too, so everyone in the conversation sees the receipt.
    expect(update.mock.calls.map((call) => call[1])).toEqual([
      expect.objectContaining({ id: 'msg-42', attachments: [expect.objectContaining({ content: response.body.value })] }),
    ]);
    const [m] = await measurementsOf('testby-indicator-1');
    expect(m).toMatchObject({ period: '2026-Q1', value: 87.5, source: 'card', enteredBy: 'testby-leder', comment: 'Fra kortet', revision: 1 });
  });

  it('reports a period as "no value" from the card (its own button, no value typed): stored as no value, never 0', async () => {
    const c = await reportCard(LEDER, 'sv-SE');
    const button = c.actions!.find((a) => a.type === 'Action.Execute' && a.title === 'Inget värde för perioden') as {
      data: Record<string, unknown>;
      associatedInputs?: string;
    };
    // The value field is required for the report button; this one neither validates nor sends the inputs.
    expect(button.associatedInputs).toBe('none');
    const { response } = await invoke(LEDER, 'sv-SE', 'measurement.submit', button.data);
    expect(json(response.body.value)).toContain('Rapporterat – inget värde för kvartal 1 2026 av Lone Leder.');
    const [m] = await measurementsOf('testby-indicator-1');
    expect(m).toMatchObject({ period: '2026-Q1', value: null, source: 'card', enteredBy: 'testby-leder' });
    // A typed value beside it is not read: the button says what the period is.
    const [scale] = cardsOf((await invoke(STAFF, 'da-DK', 'measurement.open', { indicatorId: 'testby-indicator-scale', period: '2026' })).sent);
    const noValue = scale!.actions!.find((a) => a.type === 'Action.Execute' && a.title === 'Ingen værdi for perioden') as { data: Record<string, unknown> };
    const other = await invoke(STAFF, 'da-DK', 'measurement.submit', { ...noValue.data, value: '0' });
    expect(json(other.response.body.value)).toContain('– ingen værdi');
    const [n] = await measurementsOf('testby-indicator-scale');
    expect(n).toMatchObject({ period: '2026', value: null, source: 'card' });
  });

  it('writes once when Teams redelivers the same invoke', async () => {
    const c = await reportCard(LEDER, 'en-US');
    const data = submitData(c, { value: '87' });
    const first = await invoke(LEDER, 'en-US', 'measurement.submit', data, { id: 'invoke-1' });
    const second = await invoke(LEDER, 'en-US', 'measurement.submit', data, { id: 'invoke-1' });
    expect(second.response.body).toEqual(first.response.body);
    expect(json(second.response.body.value)).toContain('Reported 87 % for Q1 2026 by Lone Leder.');
    const ms = await measurementsOf('testby-indicator-1');
    expect(ms).toHaveLength(1);
    expect(ms[0]).toMatchObject({ revision: 1, history: [] });
    const audit = await store.forTenant(TENANT).auditTrail({ entityId: ms[0]!.id }, { limit: 10 });
    expect(audit.items).toHaveLength(1);
  });

  it('refreshes a card whose period was reported meanwhile, without writing', async () => {
    const c = await reportCard(LEDER, 'sv-SE');
    await invoke(STAFF, 'da-DK', 'measurement.submit', submitData(c, { value: '81' }));
    const { response } = await invoke(LEDER, 'sv-SE', 'measurement.submit', submitData(c, { value: '90' }));
    const s = json(response.body.value);
    expect(s).toContain('Perioden är redan rapporterad');
    expect(s).toContain('Rapporterat 81 % för kvartal 1 2026 av Mette Medarbejder.');
    const [m] = await measurementsOf('testby-indicator-1');
    expect(m).toMatchObject({ value: 81, revision: 1 });
  });

  it('refreshes a card built from an older revision of the indicator, keeping the typed values, without writing', async () => {
    const c = await reportCard(LEDER, 'en-US');
    const ctx = makeContext(store.forTenant(TENANT), systemActor(TENANT));
    // Changing an indicator of an agreement in effect takes a new version of the agreement.
    const agreement = (await store.forTenant(TENANT).get('agreement', 'testby-skole-2026'))!;
    await openNewVersion(ctx, agreement.id, agreement.revision);
    await updateRecord(ctx, 'indicator', 'testby-indicator-1', { target: 85 }, 1);
    const { response } = await invoke(LEDER, 'en-US', 'measurement.submit', submitData(c, { value: '87' }));
    const fresh = response.body.value as AdaptiveCard;
    expect(json(fresh)).toContain('The indicator changed after this card was sent');
    expect(json(fresh)).toContain('At least 85 %');
    expect(submitData(fresh, {})).toMatchObject({ indicatorRevision: 2 });
    expect(fresh.body.find((e) => 'id' in e && e.id === 'value')).toMatchObject({ value: 87 });
    expect(await measurementsOf('testby-indicator-1')).toEqual([]);
  });

  it('takes the scale value a choice set sends', async () => {
    const { sent } = await invoke(STAFF, 'da-DK', 'measurement.open', { indicatorId: 'testby-indicator-scale', period: '2026' });
    const { response } = await invoke(STAFF, 'da-DK', 'measurement.submit', submitData(cardsOf(sent)[0]!, { value: '4' }));
    expect(json(response.body.value)).toContain('Indberettet 4 point for 2026 af Mette Medarbejder.');
  });

  it('answers an unknown verb and a broken payload with a card, never a silent failure', async () => {
    expect((await invoke(LEDER, 'en-US', 'measurement.delete', {})).response.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const broken = await invoke(LEDER, 'en-US', 'measurement.submit', { indicatorId: 'testby-indicator-1' });
    expect(broken.response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  });
});

describe('the approval card', () => {
  const AGR = 'testby-dagtilbud-2027';
  const data = (version = 2, comment?: string) => ({ agreementId: AGR, version, cardVersion: 1, ...(comment !== undefined ? { comment } : {}) });

  beforeEach(async () => {
    await turn(activity(CHEF, 'da-DK', { type: 'installationUpdate', action: 'add' }));
  });

  it('shows the summary to everyone and names the approver for the user-specific view', async () => {
    const { sent } = await invoke(LEDER, 'da-DK', 'approval.open', { agreementId: AGR });
    const [c] = cardsOf(sent);
    const s = json(c);
    for (const part of ['Dagtilbud Nord', '2027', '21.848.850 kr.', 'Ny version siden version 1', 'Afventer godkendelse af Carl Chef'])
      expect(s).toContain(part);
    expect(c!.refresh).toMatchObject({ action: { type: 'Action.Execute', verb: 'approval.refresh', data: data() }, userIds: ['29:chef'] });
    expect(s).not.toContain('approval.approve');
  });

  it('says in one line what changed since the previous version kept', async () => {
    const tenant = store.forTenant(TENANT);
    const current = (await tenant.get('agreementVersion', `${AGR}--v2`))!;
    const snapshot = current.snapshot as { goals: unknown[]; agreement: Record<string, unknown> };
    // Version 1 as it was kept: one goal fewer, and a smaller budget frame.
    const v1 = {
      ...current,
      id: `${AGR}--v1`,
      version: 1,
      snapshot: { ...snapshot, goals: snapshot.goals.slice(1), agreement: { ...snapshot.agreement, budget: { amount: 21_000_000, currency: 'DKK' } } },
    };
    await tenant.commit([{ type: 'put', kind: 'agreementVersion', record: v1, expectedRevision: null }]);
    const { sent } = await invoke(LEDER, 'da-DK', 'approval.open', { agreementId: AGR });
    const s = json(cardsOf(sent)[0]).replace(/\\u00a0|\u00a0/g, ' ');
    expect(s).toContain('Siden version 1: 1 mål tilføjet; økonomisk ramme 21.000.000 kr. → 21.848.850 kr.');
  });

  it('gives the buttons only to the designated approver', async () => {
    const chief = (await invoke(CHEF, 'en-US', 'approval.refresh', data())).response.body.value as AdaptiveCard;
    expect(chief.actions!.map((a) => ('verb' in a ? a.verb : a.type))).toEqual(['approval.approve', 'approval.requestChanges', 'Action.OpenUrl']);
    expect(json(chief)).toContain('DKK 21,848,850');
    const other = (await invoke(LEDER, 'en-US', 'approval.refresh', data())).response.body.value as AdaptiveCard;
    expect(other.actions!.map((a) => a.type)).toEqual(['Action.OpenUrl']);
    expect(json(other)).toContain('Awaiting approval by Carl Chef.');
  });

  it('names the chief who inherits the approval from above and gives them the buttons, through the card path', async () => {
    // The unit names no approver of its own: the municipality's approver approves for it.
    const ctx = makeContext(store.forTenant(TENANT), systemActor(TENANT));
    const tenant = store.forTenant(TENANT);
    const unit = (await tenant.get('unit', 'testby-dagtilbud'))!;
    await updateRecord(ctx, 'unit', unit.id, { approverId: null }, unit.revision);
    const root = (await tenant.get('unit', 'testby'))!;
    await updateRecord(ctx, 'unit', root.id, { approverId: 'testby-chef' }, root.revision);
    const [everyone] = cardsOf((await invoke(LEDER, 'en-US', 'approval.open', { agreementId: AGR })).sent);
    expect(json(everyone)).toContain('Awaiting approval by Carl Chef.');
    expect(everyone!.refresh).toMatchObject({ userIds: ['29:chef'] });
    const chief = (await invoke(CHEF, 'en-US', 'approval.refresh', data())).response.body.value as AdaptiveCard;
    expect(chief.actions!.map((a) => ('verb' in a ? a.verb : a.type))).toEqual(['approval.approve', 'approval.requestChanges', 'Action.OpenUrl']);
    const other = (await invoke(LEDER, 'en-US', 'approval.refresh', data())).response.body.value as AdaptiveCard;
    expect(other.actions!.map((a) => a.type)).toEqual(['Action.OpenUrl']);
    await invoke(CHEF, 'en-US', 'approval.approve', data());
    expect(await tenant.get('agreement', AGR)).toMatchObject({ status: 'approved' });
  });

  it('refuses a decision by anybody but the approver, changing nothing', async () => {
    const { response } = await invoke(LEDER, 'da-DK', 'approval.approve', data());
    expect(json(response.body.value)).toContain('Kun den udpegede godkender (Carl Chef) kan træffe afgørelsen.');
    expect(await store.forTenant(TENANT).get('agreement', AGR)).toMatchObject({ status: 'submitted', revision: 1 });
  });

  it('requires a comment to send the agreement back, shown beside the field', async () => {
    const { response } = await invoke(CHEF, 'sv-SE', 'approval.requestChanges', data(2, '  '));
    const c = response.body.value as AdaptiveCard;
    const at = c.body.findIndex((e) => 'id' in e && e.id === 'comment');
    expect(c.body[at + 1]).toMatchObject({ id: 'commentError' });
    expect(json(c.body[at + 1])).toContain('skriv en kommentar');
    expect(await store.forTenant(TENANT).get('agreement', AGR)).toMatchObject({ status: 'submitted' });
  });

  it('refuses acting on an outdated version, with the current state', async () => {
    const { response } = await invoke(CHEF, 'en-US', 'approval.approve', data(1));
    const s = json(response.body.value);
    expect(s).toContain('The card showed an outdated version');
    expect(s).toContain('"version":2');
    expect(await store.forTenant(TENANT).get('agreement', AGR)).toMatchObject({ status: 'submitted' });
  });

  it('records the approval, and a request for changes with its comment in the audit trail', async () => {
    const update = jest.spyOn(adapter, 'updateActivity');
    const { response } = await invoke(CHEF, 'da-DK', 'approval.approve', data());
    expect(json(response.body.value)).toContain('Godkendt.');
    expect(update).toHaveBeenCalled();
    expect(await store.forTenant(TENANT).get('agreement', AGR)).toMatchObject({ status: 'approved', revision: 2 });
    const [entry] = (await store.forTenant(TENANT).auditTrail({ entityId: AGR }, { limit: 1 })).items;
    expect(entry).toMatchObject({ action: 'approve', actorId: 'testby-chef' });
    // Deciding again is refused: the agreement no longer waits.
    expect(json((await invoke(CHEF, 'da-DK', 'approval.requestChanges', data(2, 'Nej'))).response.body.value)).toContain('forældet version');

    // On the bot's clock: the trail is ordered by the instant of each entry (then as made, within one instant).
    const ctx = makeContext(store.forTenant(TENANT), systemActor(TENANT), () => BOT_NOW);
    const reopened = await openNewVersion(ctx, AGR, 2);
    await submitAgreement(ctx, AGR, reopened.revision);
    await invoke(CHEF, 'en-US', 'approval.requestChanges', data(3, 'Please add the budget note.'));
    expect(await store.forTenant(TENANT).get('agreement', AGR)).toMatchObject({ status: 'draft' });
    const [back] = (await store.forTenant(TENANT).auditTrail({ entityId: AGR }, { limit: 1 })).items;
    expect(back).toMatchObject({ action: 'transition', note: 'Please add the budget note.', after: expect.objectContaining({ status: 'draft' }) });
  });
});

describe('the development bot', () => {
  it('lets an unknown user act as the configured demo person, and says so', async () => {
    const bot = new TeamsActivityBot({
      store,
      tenantId: TENANT,
      allowedTeamsTenantId: null,
      links: { teamsAppId: null, publicUrl: 'http://localhost:3978' },
      developmentPersonId: 'testby-leder',
      logger: pino({ level: 'silent' }),
      now: () => BOT_NOW,
    });
    adapter = new TestAdapter((context) => bot.run(context));
    const stranger: Who = { id: 'user-id-0', aadObjectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' };
    const out = await say(stranger, 'en-US', 'help');
    expect(textOf(out)).toContain('Development bot – not for production: you act as Lone Leder (testby-leder).');
    const [c] = cardsOf(await say(stranger, 'en-US', 'my tasks'));
    expect(json(c)).toContain('http://localhost:3978/tab/?agreement=testby-skole-2026');
  });
});
