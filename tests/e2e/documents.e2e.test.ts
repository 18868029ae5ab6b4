import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { makeContext } from '../../api/core/context';
import { changeMeeting, joinMeeting } from '../../api/core/services/meetings';
import { DEMO_DOCUMENTS } from '../../api/demo';
import { openSqliteStore } from '../../api/store/sqlite/sqlite-store';
import { systemActor } from '../../teams-app/system-actor';
import { documentFixture } from '../support/document-fixture';
import { tempDir } from '../support/mother';
import { startTestServer, type TestServer } from '../support/server';
import { axeScan, launchChromium, WCAG_AA, screenshotPath } from './browser';

/**
 * Issue 20, point 6: the HTML export and the public pages pass axe (every WCAG 2.0/2.1 A and AA rule and axe's best
 * practices) in Chromium, for the seed agreements and the Swedish agreement with every special character; printed,
 * the export keeps nothing but the document. Issue 19, point 5: so do a dialogue meeting's minutes as a document.
 * A screenshot of each lands in test-results/documents/.
 */
let server: TestServer;
let browser: Browser;
const tmp = tempDir();
const store = openSqliteStore(join(tmp.dir, 'documents-e2e.db'));

beforeAll(async () => {
  server = await startTestServer([...DEMO_DOCUMENTS, documentFixture()], { store });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await store.close();
  tmp.remove();
});

const AGREEMENTS = [
  ['silkeborg-borgerservice-2015', 'silkeborg-demo-borgerservice'],
  ['assens-jobcentret-2009', 'assens-demo-jobcentret'],
  ['hoeje-taastrup-team-myndighed-2016', 'silkeborg-demo-borgerservice'],
  ['dokby-enhet-2026', 'dokby-medarbetare'],
] as const;

/** Runs axe on a page in Chromium (all WCAG 2.0/2.1 A and AA rules and the best practices); a screenshot for a person to look at. */
async function axe(load: (page: import('playwright-core').Page) => Promise<unknown>, shot: string): Promise<string[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await load(page);
    const result = await axeScan(page).withTags(WCAG_AA).analyze();
    await page.screenshot({ path: screenshotPath(`documents/${shot}.png`), fullPage: true });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  } finally {
    await context.close();
  }
}

describe('the public pages in Chromium', () => {
  it('pass axe: a municipality, a year, an agreement, and "not found"', async () => {
    const published = await fetch(`${server.url}/api/agreements/silkeborg-borgerservice-2015/publication`, {
      method: 'POST',
      headers: { 'X-Dev-User': 'silkeborg-demo-kvalitet' },
    });
    expect(published.status).toBe(200);
    const path = ((await published.json()) as { published: { path: string } }).published.path;
    for (const [url, shot] of [
      ['/offentlig/silkeborg-kommune', 'public-municipality'],
      ['/offentlig/silkeborg-kommune/2015', 'public-year'],
      [path, 'public-agreement'],
      ['/offentlig/silkeborg-kommune/2015/no-such-unit', 'public-not-found'],
    ] as const) {
      expect([url, await axe((page) => page.goto(`${server.url}${url}`), shot)]).toEqual([url, []]);
    }
  });
});

describe('the HTML export in Chromium', () => {
  it.each(AGREEMENTS)('%s has no accessibility violation', async (id, user) => {
    const res = await fetch(`${server.url}/api/agreements/${id}/export?format=html`, { headers: { 'X-Dev-User': user } });
    expect(res.status).toBe(200);
    const html = await res.text();
    // The export is an attachment (a browser would save it): the page is given its HTML as it came.
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.setContent(html, { waitUntil: 'load' });
      const result = await axeScan(page).withTags(WCAG_AA).analyze();
      expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      await page.screenshot({ path: screenshotPath(`documents/${id}.png`), fullPage: true });
      await page.emulateMedia({ media: 'print' });
      await page.pdf?.({ path: screenshotPath(`documents/${id}.print.pdf`) }).catch(() => undefined);
    } finally {
      await context.close();
    }
  });
});

describe('the meeting minutes in Chromium', () => {
  it('pass axe as a document: notes per goal and analysis step, a decision and what it became', async () => {
    const AGR = 'assens-jobcentret-2009';
    const LEADER = 'assens-leder-jobcentret';
    const view = await fetch(`${server.url}/api/agreements/${AGR}/view`, { headers: { 'X-Dev-User': LEADER } });
    const goal = ((await view.json()) as { goals: { id: string }[] }).goals[0]!;
    // The meeting as the tab holds it (services/meetings.ts): the leader joins, writes notes and records a decision.
    const as = makeContext(store.forTenant('demo'), { ...systemActor('demo', 'development'), id: LEADER, displayName: 'Leder' });
    await joinMeeting(as, 'meeting-e2e', AGR);
    await changeMeeting(as, 'meeting-e2e', AGR, {
      type: 'note',
      goalId: goal.id,
      step: 0,
      text: 'Status: på vej & godt i gang (§ 3) – næste skridt.',
      baseRevision: 0,
    });
    await changeMeeting(as, 'meeting-e2e', AGR, { type: 'note', goalId: goal.id, step: 4, text: 'Årsagen: færre borgere i målgruppen.', baseRevision: 0 });
    await changeMeeting(as, 'meeting-e2e', AGR, {
      type: 'decide',
      id: 'decision-e2e',
      goalId: goal.id,
      text: 'Opfølgning på ledighed i juni',
      outcome: 'record',
      ownerId: null,
      dueDate: null,
    });
    const res = await fetch(`${server.url}/api/agreements/${AGR}/meetings/export?format=html`, { headers: { 'X-Dev-User': LEADER } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const violations = await axe((page) => page.setContent(html, { waitUntil: 'load' }), 'minutes');
    expect(violations).toEqual([]);
  });
});
