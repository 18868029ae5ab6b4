import { pino } from 'pino';
import { makeContext } from '../../api/core/context';
import { Conversation } from '../../api/core/model';
import type { Store, TenantStore } from '../../api/core/port';
import { conversationRecordId } from '../../api/core/services/conversations';
import { importOrganisation } from '../../api/core/services/transfer';
import { parseOrThrow } from '../../api/core/errors';
import { addDays, localDate } from '../../api/core/rules/periods';
import type { TypedDocumentInput } from '../../api/core/transfer';
import { ReminderDispatcher, type Clock, type DispatcherOptions } from '../../bot/dispatcher';
import type { ProactiveChannel } from '../../bot/channel';
import type { RateLimits } from '../../bot/rate-limiter';
import { systemActor } from '../../teams-app/system-actor';
import { personalReference } from './bot-connector-standin';

/**
 * A campaign for tests, the crash test and the benchmark: a municipality whose staff (n people, in units
 * of at most 5,000) all get one reminder for a wheel event three days ahead, each with a personal chat
 * whose reference points at a Bot Connector stand-in.
 */
export const personId = (i: number) => `person-${String(i).padStart(5, '0')}`;
export const conversationIdOf = (person: string) => `a:conv-${person}`;
/** The person's Microsoft Entra object id in tests (Graph looks chats up by it). */
export const aadOf = (person: string) => `aad-${person}`;

export async function seedCampaign(
  store: Store,
  tenant: string,
  o: { people: number; serviceUrl: string; now: Date; withoutChat?: readonly string[] },
): Promise<void> {
  const ids = Array.from({ length: o.people }, (_, i) => personId(i));
  const units: TypedDocumentInput['units'] = [
    { id: 'kommune', parentId: null, kind: 'municipality', name: 'Bench Kommune', leaderIds: [], approverId: null, memberIds: [], qualityOfficeIds: [] },
  ];
  for (let i = 0; i < ids.length; i += 5_000)
    units.push({
      id: `enhed-${i / 5_000}`,
      parentId: 'kommune',
      kind: 'unit',
      name: `Enhed ${i / 5_000}`,
      leaderIds: [],
      approverId: null,
      memberIds: ids.slice(i, i + 5_000),
    });
  const date = addDays(localDate(o.now), 3);
  const doc: TypedDocumentInput = {
    format: 'kvalitetsaftaler/organisation',
    formatVersion: 1,
    municipalityId: 'kommune',
    people: ids.map((id, i) => ({ id, displayName: `Medarbejder ${i}` })),
    units,
    wheelEvents: [
      {
        id: 'dialog',
        unitId: 'kommune',
        year: Number(date.slice(0, 4)),
        date,
        month: Number(date.slice(5, 7)),
        title: { da: 'Dialogmøde', sv: 'Dialogmöte', en: 'Dialogue meeting' },
        kind: 'dialogue_meeting',
        audience: ['staff'],
        reminderOffsetsDays: [3],
        action: 'prepare_meeting',
      },
    ],
  };
  await importOrganisation(makeContext(store.forTenant(tenant), systemActor(tenant)), doc);
  await installChats(
    store.forTenant(tenant),
    ids.filter((id) => !o.withoutChat?.includes(id)),
    o.serviceUrl,
    o.now,
  );
}

/** Personal chats for people, written in batches (what registerInstall writes, without a turn for each). */
export async function installChats(store: TenantStore, people: readonly string[], serviceUrl: string, now: Date): Promise<void> {
  const at = now.toISOString();
  for (let i = 0; i < people.length; i += 500) {
    const records = await Promise.all(
      people.slice(i, i + 500).map(async (p) => {
        const conversationId = conversationIdOf(p);
        return parseOrThrow(Conversation, {
          id: await conversationRecordId(conversationId),
          conversationId,
          scope: 'personal',
          personId: p,
          teamsUserId: `29:${p}`,
          aadObjectId: aadOf(p),
          status: 'installed',
          installedAt: at,
          locale: 'da',
          reference: personalReference(serviceUrl, conversationId, `29:${p}`),
          revision: 1,
          createdAt: at,
          updatedAt: at,
        });
      }),
    );
    await store.commit(records.map((record) => ({ type: 'put', kind: 'conversation', record, expectedRevision: null })));
  }
}

/** A clock that jumps: sleeping moves time forward at once, so a year runs in seconds. */
export class VirtualClock implements Clock {
  constructor(private t: number) {}
  now() {
    return new Date(this.t);
  }
  async sleep(ms: number) {
    this.t += Math.max(0, ms);
  }
  set(d: Date) {
    this.t = d.getTime();
  }
}

export function dispatcherFor(store: TenantStore, sender: ProactiveChannel, limits: RateLimits, over: Partial<DispatcherOptions> = {}): ReminderDispatcher {
  return new ReminderDispatcher({
    store,
    sender,
    limits,
    logger: pino({ level: 'silent' }),
    links: { teamsAppId: null, publicUrl: 'http://localhost:3978' },
    holder: `test-${process.pid}-${Math.random().toString(36).slice(2)}`,
    retry: { baseMs: 50, capMs: 1_000, maxAttempts: 8 },
    ...over,
  });
}
