import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { TEAMS_TENANT } from '../support/teams-mode';

/**
 * A stand-in for the Teams host in Chromium: a page on https://teams.microsoft.com (served by the browser context's
 * routing) that frames the tab and answers teams-js over window.postMessage, as the Teams client does:
 * - `initialize` answers [frameContext, hostClientType, runtimeConfig, clientSupportedSDKVersion];
 * - `getContext` answers the context with `frameContext` (`sidePanel`, `meetingStage` or `content`), `meetingId`,
 *   `locale` and `theme` (https://learn.microsoft.com/javascript/api/@microsoft/teams-js/app.context: page.frameContext,
 *   meeting.id, app.locale, app.theme; https://learn.microsoft.com/microsoftteams/platform/tabs/how-to/access-teams-context);
 * - `authentication.getAuthToken` answers a Teams SSO token (a v2.0 access token signed by the local Entra stand-in)
 *   (https://learn.microsoft.com/microsoftteams/platform/tabs/how-to/authentication/tab-sso-code);
 * - `meeting.getAppContentStageSharingCapabilities` answers `doesAppHaveSharePermission`, true for presenters only, and
 *   `meeting.shareAppContentToStage` takes the URL shared
 *   (https://learn.microsoft.com/microsoftteams/platform/apps-in-teams-meetings/build-apps-for-teams-meeting-stage);
 * - `executeDeepLink` (what `app.openLink` sends) takes the deep link and answers success
 *   (https://learn.microsoft.com/javascript/api/@microsoft/teams-js/app#@microsoft-teams-js-app-openlink).
 * teams-js accepts messages only from Teams' origins; its list of them is served as the CDN would, from the copy
 * teams-js ships.
 *
 * The frame is as wide as Teams makes it: 320 px in the meeting side panel
 * (https://learn.microsoft.com/microsoftteams/platform/apps-in-teams-meetings/design/designing-apps-in-meetings: "the
 * in-meeting tab is 320 pixels wide"), the window's size elsewhere unless the seat says otherwise.
 */

export const MEETING_ID = '19:meeting_MzFhZTIyYzMtZDk5OS00@thread.v2';
const VALID_DOMAINS = readFileSync(require.resolve('@microsoft/teams-js/dist/esm/packages/teams-js/src/artifactsForCDN/validDomains.json'), 'utf8');

/** Where one person sits: which frame of Teams, which server and tab query, as presenter or not, in which theme and language. */
export type Seat = {
  frame: 'sidePanel' | 'meetingStage' | 'content';
  server: string;
  query: string;
  meetingId?: string;
  presenter: boolean;
  theme?: string;
  /** Teams' locale (app.locale); default da-DK. */
  locale?: string;
  /** The tab frame's size in CSS pixels; default 320 × 900 in the side panel, 1280 × 900 elsewhere. */
  width?: number;
  height?: number;
};

/** `misrouted`: where a click meant for the tab reached the Teams page instead (see LARGEST_WINDOW). */
export type TeamsPerson = BrowserContext & { shared: string[]; opened: string[]; misrouted: string[] };

/**
 * The largest window a seat may have (a 1920 × 1080 stage and its margin), and the size every page of a person's
 * context starts at. Chromium (156, headless) sends a click in the tab's frame — cross-site, so an out-of-process
 * iframe — to the Teams page's <iframe> element instead of into the tab once the context has opened a page smaller
 * than the seat's window, and says nothing: the click "succeeds". @axe-core/playwright opens such a page in the same
 * context to finish every run (AxeBuilder.finishRun: a blank page at the context's default 1280 × 720, then closed).
 * Measured in the 320 px side panel (a 340 × 920 window): after axe, a click on the last goal at y = 738 reached the
 * stand-in's <iframe>, never the tab, so the meeting did not move (issue 19); with the context's pages at least as
 * large as the seat's window it reaches the tab. A real Teams client has no second page.
 */
export const LARGEST_WINDOW = { width: 1940, height: 1100 };

/** A browser context for one person: Teams (the stand-in) signs them in with their own token from the Entra stand-in. */
export async function teamsPerson(
  browser: Browser,
  entra: { token: (oid: string) => Promise<string> },
  personId: string,
  opts: { locale?: string } = {},
): Promise<TeamsPerson> {
  const context = (await browser.newContext({ locale: opts.locale ?? 'da-DK', timezoneId: 'Europe/Copenhagen', viewport: LARGEST_WINDOW })) as TeamsPerson;
  context.shared = [];
  context.opened = [];
  context.misrouted = [];
  await context.route('https://res.cdn.office.net/**', (route) => route.fulfill({ contentType: 'application/json', body: VALID_DOMAINS }));
  await context.exposeBinding('standinToken', () => entra.token(personId));
  await context.exposeBinding('standinShared', (_source, url: string) => void context.shared.push(url));
  await context.exposeBinding('standinOpened', (_source, url: string) => void context.opened.push(url));
  await context.exposeBinding('standinMisrouted', (_source, at: string) => void context.misrouted.push(at));
  await context.route('https://teams.microsoft.com/standin/**', (route) => {
    const u = new URL(route.request().url());
    const seat = JSON.parse(u.searchParams.get('seat')!) as Seat;
    const locale = seat.locale ?? 'da-DK';
    const ctx = {
      locale,
      theme: seat.theme ?? 'default',
      frameContext: seat.frame,
      meetingId: seat.meetingId ?? MEETING_ID,
      userObjectId: personId,
      tid: TEAMS_TENANT,
      entityId: 'unit',
      hostClientType: 'web',
      appSessionId: 'standin-session',
    };
    const runtime = {
      apiVersion: 4,
      isLegacyTeams: false,
      hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
      supports: { app: {}, appInitialization: {}, authentication: {}, meeting: {}, pages: { config: {} }, teamsCore: {} },
    };
    const { width, height } = frameSize(seat);
    void route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="${locale.slice(0, 2)}"><head><meta charset="utf-8"><title>Teams (stand-in)</title></head>
<body style="margin:0"><main><iframe title="Kvalitetsaftaler" src="${seat.server}/tab/?${seat.query}" style="display:block;width:${width}px;height:${height}px;border:0"></iframe></main>
<script>
const ctx = ${JSON.stringify(ctx)};
const runtime = ${JSON.stringify(runtime)};
const frame = document.querySelector('iframe');
// In a browser a pointer on the tab's frame reaches the tab's document, never this one: one that lands on the
// <iframe> element here was sent to the wrong page (see LARGEST_WINDOW) and is reported rather than lost unseen.
document.addEventListener('pointerdown', (e) => { if (e.target === frame) window.standinMisrouted(e.clientX + ',' + e.clientY); }, true);
window.addEventListener('message', async (e) => {
  if (e.source !== frame.contentWindow) return;
  const m = e.data;
  if (!m || typeof m.func !== 'string') return;
  const reply = (args) => frame.contentWindow.postMessage({ id: m.id, args }, '*');
  switch (m.func) {
    case 'initialize': return reply([ctx.frameContext, 'web', JSON.stringify(runtime), '2.58.0']);
    case 'getContext': return reply([ctx]);
    case 'authentication.getAuthToken': return reply([true, await window.standinToken()]);
    case 'meeting.getAppContentStageSharingCapabilities': return reply([null, { doesAppHaveSharePermission: ${seat.presenter} }]);
    case 'meeting.shareAppContentToStage': await window.standinShared(m.args[0]); return reply([null, true]);
    case 'executeDeepLink': await window.standinOpened(m.args[0]); return reply([true]);
    default: return reply([]);
  }
});
</script></body></html>`,
    });
  });
  return context;
}

function frameSize(seat: Seat) {
  return { width: seat.width ?? (seat.frame === 'sidePanel' ? 320 : 1280), height: seat.height ?? 900 };
}

/** Opens Teams (the stand-in) with the tab in the seat's frame; the window is a little larger than the frame. */
export async function openSeat(context: BrowserContext, seat: Seat): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (m) => process.env.MEETING_E2E_DEBUG && console.log(`[${seat.frame}] ${m.type()}: ${m.text()}`));
  const { width, height } = frameSize(seat);
  if (width + 20 > LARGEST_WINDOW.width || height + 20 > LARGEST_WINDOW.height)
    throw new Error(`a seat's window of ${width + 20} × ${height + 20} is larger than LARGEST_WINDOW: clicks in its tab would not arrive`);
  await page.setViewportSize({ width: width + 20, height: height + 20 });
  await page.goto(`https://teams.microsoft.com/standin/meeting?seat=${encodeURIComponent(JSON.stringify(seat))}`);
  return page;
}

/** The tab inside the stand-in's page, for locators. */
export const tab = (page: Page) => page.frameLocator('iframe');
/** The tab's own frame inside the stand-in's page, for evaluating in it. */
export const tabFrame = (page: Page): Frame => page.frames().find((f) => f !== page.mainFrame())!;
