import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeContext } from '../api/core/context';
import { changeMeeting, joinMeeting } from '../api/core/services/meetings';
import { DEMO_DOCUMENTS } from '../api/demo';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { systemActor } from '../teams-app/system-actor';
import { tempDir } from './support/mother';
import { startTestServer, type TestServer } from './support/server';

/**
 * Issue 19, point 5: the minutes of a dialogue meeting — date, participants, notes per goal and per analysis step,
 * decisions with what they became — exported as an accessible document through the agreement's renderers.
 */
let server: TestServer;
const tmp = tempDir();
const store = openSqliteStore(join(tmp.dir, 'minutes.db'));
beforeAll(async () => {
  server = await startTestServer([...DEMO_DOCUMENTS], { store });
});
afterAll(async () => {
  await server.stop();
  await store.close();
  tmp.remove();
});

const AGR = 'assens-jobcentret-2009';
const LEADER = 'assens-leder-jobcentret';
const headers = (user: string) => ({ 'X-Dev-User': user, 'Content-Type': 'application/json' });

it('writes the meeting’s notes and decisions into HTML and a tagged PDF, for readers of the agreement only', async () => {
  const view = (await (await fetch(`${server.url}/api/agreements/${AGR}/view`, { headers: headers(LEADER) })).json()) as {
    goals: { id: string; title: string }[];
  };
  const goal = view.goals[0]!;
  const meeting = 'meeting-19';
  // The meeting as the tab holds it: the leader joins and records notes and a decision (services/meetings.ts).
  const as = makeContext(store.forTenant('demo'), { ...systemActor('demo', 'development'), id: LEADER, displayName: 'Leder' });
  await joinMeeting(as, meeting, AGR);
  await changeMeeting(as, meeting, AGR, {
    type: 'note',
    goalId: goal.id,
    step: 0,
    text: 'Målet drøftet – status: på vej & godt i gang (§ 3).',
    baseRevision: 0,
  });
  await changeMeeting(as, meeting, AGR, { type: 'note', goalId: goal.id, step: 4, text: 'Årsagen: færre borgere i målgruppen.', baseRevision: 0 });
  await changeMeeting(as, meeting, AGR, {
    type: 'decide',
    id: 'decision-1',
    goalId: goal.id,
    text: 'Opfølgning på ledighed i juni',
    outcome: 'record',
    ownerId: null,
    dueDate: null,
  });
  const html = await fetch(`${server.url}/api/agreements/${AGR}/meetings/export?format=html`, { headers: headers(LEADER) });
  expect(html.status).toBe(200);
  const page = await html.text();
  expect(page).toMatch(/^<!doctype html>\n<html lang="da">/);
  expect(page).toContain('<h1>Mødereferater: ');
  expect(page).toMatch(/<h2 id="s-1">Dialogmøde \d+\. \w+ \d{4}<\/h2>/);
  expect(page).toContain('Målet drøftet – status: på vej &amp; godt i gang (§ 3).');
  expect(page).toContain('4. ');
  expect(page).toContain('Årsagen: færre borgere i målgruppen.');
  expect(page).toContain('Opfølgning på ledighed i juni');
  expect(page).toContain('Kun til referat');
  expect(page).toContain('<th scope="col">Bliver til</th>');

  const pdf = await fetch(`${server.url}/api/agreements/${AGR}/meetings/export?format=pdf`, { headers: headers(LEADER) });
  expect(pdf.status).toBe(200);
  const path = join(tmp.dir, 'minutes.pdf');
  writeFileSync(path, Buffer.from(await pdf.arrayBuffer()));
  expect(execFileSync('pdfinfo', [path], { encoding: 'utf8' })).toMatch(/^Tagged:\s+yes$/m);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  expect(text).toContain('Målet drøftet – status: på vej & godt i gang (§ 3).'.replace(/\s+/g, ''));

  const docx = await fetch(`${server.url}/api/agreements/${AGR}/meetings/export?format=docx`, { headers: headers(LEADER) });
  expect(docx.status).toBe(200);
  // The read policy of the meetings: an unknown agreement is not found.
  expect((await fetch(`${server.url}/api/agreements/nothing/meetings/export?format=html`, { headers: headers(LEADER) })).status).toBe(404);
});
