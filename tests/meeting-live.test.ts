import { pino } from 'pino';
import { join } from 'node:path';
import type { MeetingSession } from '../api/core/model';
import { followStream, type StreamEvent } from '../tab/src/meeting/stream';
import { redisChannel } from '../teams-app/redis-channel';
import { smallMunicipality, tempDir } from './support/mother';
import { startRedis, type RedisServer } from './support/redis';
import { openTestStore, startTestServer, type TestServer } from './support/server';

/**
 * The live channel between two server instances over one store, joined by a real Redis (Debian's redis-server):
 * a change made through one instance reaches a participant streaming from the other within a second; a stream
 * that drops reconnects with its last event id and is sent what it missed; a participant of another meeting, and
 * a person who may not read the agreement, see nothing of it.
 */

const tmp = tempDir();
let redis: RedisServer;
let a: TestServer;
let b: TestServer;
const MEETING = '19:meeting_ZTk2NjA1YjMtYzA0@thread.v2';
const OTHER = '19:meeting_AAAAAAAAAAAAAAAA@thread.v2';
const AGREEMENT = 'testby-skole-2026';
const GOAL = 'testby-goal-1';
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  redis = await startRedis();
  const dbPath = join(tmp.dir, 'shared.db');
  a = await startTestServer([smallMunicipality(), smallMunicipality('other')], { store: openTestStore(dbPath), live: await redisChannel(redis.url, logger) });
  b = await startTestServer([], { store: openTestStore(dbPath), live: await redisChannel(redis.url, logger) });
}, 60_000);
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await redis?.stop();
  tmp.remove();
});

const path = (meeting: string) => `/api/meetings/${encodeURIComponent(meeting)}/agreements/${AGREEMENT}`;

/** A participant's stream through one instance, as the tab opens it: the sessions it was sent, in order. */
function follow(server: TestServer, user: string, meeting = MEETING) {
  const sessions: { session: MeetingSession; at: number }[] = [];
  const statuses: (string | number)[] = [];
  const stop = followStream(
    (lastEventId, signal) =>
      fetch(`${server.url}${path(meeting)}`, {
        headers: { Accept: 'text/event-stream', 'X-Dev-User': user, ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
        signal,
      }),
    (e: StreamEvent) => {
      if (e.event === 'session') sessions.push({ session: JSON.parse(e.data) as MeetingSession, at: performance.now() });
    },
    (s, status) => statuses.push(status ?? s),
  );
  const latest = () => sessions[sessions.length - 1]?.session;
  const until = async (test: (s: MeetingSession) => boolean, ms = 10_000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const found = sessions.find((x) => test(x.session));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no session as expected within ${ms} ms; last: ${JSON.stringify(latest())}`);
  };
  return { sessions, statuses, stop, latest, until };
}

async function change(server: TestServer, user: string, body: unknown, meeting = MEETING) {
  const res = await fetch(`${server.url}${path(meeting)}/changes`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Dev-User': user },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as MeetingSession & { error?: { code: string; field?: string } } };
}

it('carries a change made through one instance to a participant on the other within a second', async () => {
  const presenter = follow(a, 'testby-leder');
  const attendee = follow(b, 'testby-chef');
  await presenter.until((s) => s.participants.length >= 1);
  await attendee.until((s) => s.participants.some((p) => p.personId === 'testby-chef'));

  const sent = performance.now();
  const moved = await change(a, 'testby-leder', { type: 'show', goalId: GOAL, step: 1 });
  expect(moved.status).toBe(200);
  const seen = await attendee.until((s) => s.goalId === GOAL);
  const moveMs = seen.at - sent;

  const sent2 = performance.now();
  const decided = await change(a, 'testby-leder', {
    type: 'decide',
    id: 'live-1',
    goalId: GOAL,
    text: 'Læsevejleder to timer om ugen',
    outcome: 'action',
    ownerId: 'testby-medarbejder',
    dueDate: '2026-09-30',
  });
  expect(decided.status).toBe(200);
  const seen2 = await attendee.until((s) => s.decisions.some((d) => d.id === 'live-1'));
  const decideMs = seen2.at - sent2;
  console.log(`meeting live channel (two instances, Redis): goal shown after ${moveMs.toFixed(0)} ms, decision after ${decideMs.toFixed(0)} ms`);
  expect(moveMs).toBeLessThan(1000);
  expect(decideMs).toBeLessThan(1000);
  expect(seen2.session.decisions[0]!.actionId).toBeTruthy();

  // A late joiner on either instance is sent the current state at once.
  const late = follow(b, 'testby-medarbejder');
  const first = await late.until(() => true);
  expect(first.session).toMatchObject({ goalId: GOAL, step: 1 });
  expect(first.session.decisions.map((d) => d.id)).toEqual(['live-1']);

  // A participant of another meeting on the same agreement sees nothing of this one.
  const elsewhere = follow(b, 'testby-leder', OTHER);
  await elsewhere.until(() => true);
  await change(a, 'testby-leder', { type: 'note', goalId: GOAL, step: 1, text: 'Kun i dette møde', baseRevision: 0 });
  await attendee.until((s) => s.notes.some((n) => n.text === 'Kun i dette møde'));
  await new Promise((r) => setTimeout(r, 300));
  for (const { session } of elsewhere.sessions) {
    expect(session.meetingId).toBe(OTHER);
    expect(session.notes).toEqual([]);
    expect(session.decisions).toEqual([]);
  }

  for (const f of [presenter, attendee, late, elsewhere]) f.stop();
}, 60_000);

it('refuses the stream to someone who may not read the agreement', async () => {
  const outsider = follow(b, 'other-leder');
  const end = Date.now() + 5_000;
  while (!outsider.statuses.includes(403) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  outsider.stop();
  expect(outsider.statuses).toContain(403);
  expect(outsider.sessions).toEqual([]);
  const direct = await fetch(`${a.url}${path(MEETING)}`, { headers: { 'X-Dev-User': 'other-leder' } });
  expect(direct.status).toBe(403);
});

it('catches up a stream that reconnects with Last-Event-ID, and sends nothing it already has', async () => {
  const seen = follow(a, 'testby-chef');
  const first = await seen.until(() => true);
  const lastId = String(first.session.revision);
  seen.stop();
  // While it is away, two changes through the other instance.
  await change(b, 'testby-leder', { type: 'note', goalId: GOAL, step: 3, text: 'Mønster: drengene halter', baseRevision: 0 });
  await change(b, 'testby-leder', { type: 'show', goalId: GOAL, step: 3 });
  const res = await fetch(`${a.url}${path(MEETING)}`, { headers: { Accept: 'text/event-stream', 'X-Dev-User': 'testby-chef', 'Last-Event-ID': lastId } });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  let text = '';
  while (!text.includes('\n\nevent: session')) text += new TextDecoder().decode((await reader.read()).value);
  while (!/data: .*\n\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  await reader.cancel();
  const data = JSON.parse(/data: (.*)\n/.exec(text)![1]!) as MeetingSession;
  expect(data.revision).toBeGreaterThan(Number(lastId));
  expect(data.step).toBe(3);
  expect(data.notes.some((n) => n.text === 'Mønster: drengene halter')).toBe(true);

  // Naming the current revision: nothing is sent until something changes.
  const current = await fetch(`${a.url}${path(MEETING)}`, { headers: { 'X-Dev-User': 'testby-chef' } });
  const revision = ((await current.json()) as MeetingSession).revision;
  const quiet = await fetch(`${a.url}${path(MEETING)}`, {
    headers: { Accept: 'text/event-stream', 'X-Dev-User': 'testby-chef', 'Last-Event-ID': String(revision) },
  });
  const quietReader = quiet.body!.getReader();
  const chunks: string[] = [];
  const reading = (async () => {
    for (;;) {
      const { done, value } = await quietReader.read();
      if (done) return;
      chunks.push(new TextDecoder().decode(value));
    }
  })();
  await new Promise((r) => setTimeout(r, 400));
  expect(chunks.join('')).not.toContain('event: session');
  await quietReader.cancel();
  await reading.catch(() => undefined);
}, 30_000);

it('refuses to start on a REDIS_URL that cannot be reached, saying where, instead of hanging', async () => {
  await expect(redisChannel('redis://127.0.0.1:1', logger, 1_000)).rejects.toThrow('REDIS_URL: no connection to redis at 127.0.0.1:1 within 1000 ms');
});
