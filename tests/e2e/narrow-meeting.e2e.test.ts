import type { Browser } from 'playwright-core';
import { documentFixture } from '../support/document-fixture';
import type { MainProcess } from '../support/main-process';
import { tempDir } from '../support/mother';
import { startOpenIdStandin, startTeamsMain, type OpenIdStandin } from '../support/teams-mode';
import { launchChromium, quiet, screenshotPath } from './browser';
import { ASSENS, axeSerious, DOKBY, overflow, THEMES, unreachable, withTarget } from './narrow-support';
import { openSeat, tab, tabFrame, teamsPerson } from './teams-standin';

/**
 * The meeting side panel in Teams (the stand-in host), whose frame Teams makes 320 px wide (issue 18 point 9, issue
 * 19 point 1): in each of Teams' three themes, nothing scrolls sideways, every control is reachable and works, and
 * axe finds no serious or critical violation. A screenshot of each lands in test-results/narrow/.
 */
describe('the meeting side panel in Teams, 320 px wide', () => {
  const tmp = tempDir();
  let openId: OpenIdStandin;
  let teams: MainProcess & { baseUrl: string };
  let inTeams: Browser;
  beforeAll(async () => {
    // Chromium's Private Network Access would refuse Teams' public page framing 127.0.0.1 (see meeting.e2e.test.ts).
    inTeams = await launchChromium([
      '--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessForNavigations,PrivateNetworkAccessForWorkers,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks',
    ]);
    openId = await startOpenIdStandin();
    teams = await startTeamsMain({ dir: tmp.dir, standin: openId, docs: [...withTarget(), documentFixture()], env: { DEMO_DATA: 'off' } });
  }, 120_000);
  afterAll(async () => {
    await inTeams?.close();
    await teams?.stop();
    await openId?.stop();
    tmp.remove();
  });

  /** A meeting on an agreement: its presenter (a leader: Teams says they present) and an attendee from the unit. */
  const ROOMS = [
    {
      lang: 'da',
      locale: 'da-DK',
      agreement: ASSENS,
      presenter: 'assens-leder-jobcentret',
      attendee: 'assens-demo-jobcentret',
      share: 'Del på mødeskærmen',
      sharedNote: 'Vises på mødeskærmen',
      now: 'Vises nu',
    },
    {
      lang: 'sv',
      locale: 'sv-SE',
      agreement: DOKBY,
      presenter: 'dokby-ledare',
      attendee: 'dokby-medarbetare',
      share: 'Dela till mötesskärmen',
      sharedNote: 'Visas på mötesskärmen',
      now: 'Visas nu',
    },
  ] as const;
  type Room = (typeof ROOMS)[number];

  /** One person's side panel in the room's meeting, live; the page's uncaught errors are kept in `errors`. */
  async function sidePanel(room: Room, who: 'presenter' | 'attendee', theme: string, meetingId: string) {
    const person = await teamsPerson(inTeams, openId, room[who], { locale: room.locale });
    const page = await openSeat(person, {
      frame: 'sidePanel',
      server: teams.baseUrl,
      query: `agreement=${room.agreement}`,
      presenter: who === 'presenter',
      theme,
      locale: room.locale,
      meetingId,
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const panel = tab(page).getByTestId('meeting-side-panel');
    await panel.waitFor({ timeout: 30_000 });
    await tab(page).getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
    return { who, person, page, panel, frame: tabFrame(page), errors };
  }
  type Seat = Awaited<ReturnType<typeof sidePanel>>;

  /** What a person would see as broken in the panel as it stands: sideways scrolling, controls out of reach, axe's findings. */
  async function layoutProblems(seat: Seat, when: string): Promise<unknown[]> {
    await quiet(seat.frame);
    const problems: unknown[] = [];
    const o = await overflow(seat.frame);
    if (o.clientWidth !== 320) problems.push({ who: seat.who, when, frameWidth: o.clientWidth });
    if (o.scrollWidth > o.clientWidth || o.out.length) problems.push({ who: seat.who, when, overflow: o });
    const reach = await unreachable(seat.frame, '[data-testid=meeting-side-panel]');
    if (reach.length) problems.push({ who: seat.who, when, unreachable: reach });
    const axe = await axeSerious(seat.page);
    if (axe.length) problems.push({ who: seat.who, when, axe });
    return problems;
  }

  /** The goal at `index` is the current one in the seat's agenda; an attendee is told so in words too. */
  async function current(seat: Seat, room: Room, index: number) {
    const row = seat.panel.getByTestId('agenda-goal').nth(index).and(seat.panel.locator('[aria-current="step"]'));
    await (seat.who === 'attendee' ? row.filter({ hasText: room.now }) : row).waitFor({ timeout: 10_000 });
    await expect(seat.panel.locator('[aria-current="step"]').count()).resolves.toBe(1);
  }

  for (const room of ROOMS)
    for (const theme of THEMES)
      it(`the ${room.lang} side panel (${theme} theme): the presenter moves the meeting to a goal and the attendee follows; nothing scrolls sideways, every control is reachable, axe finds nothing serious before and after`, async () => {
        const meetingId = `19:meeting_${Buffer.from(`narrow-${room.lang}-${theme}`).toString('base64url')}@thread.v2`;
        const presenter = await sidePanel(room, 'presenter', theme, meetingId);
        const attendee = await sidePanel(room, 'attendee', theme, meetingId);
        try {
          const problems: unknown[] = [];
          for (const seat of [presenter, attendee]) {
            problems.push(...(await layoutProblems(seat, 'on opening')));
            await seat.page.screenshot({ path: screenshotPath(`narrow/meeting-side-panel-${room.lang}-${theme}-${seat.who}-320.png`), fullPage: true });
          }
          // The presenter's every goal is a button; the attendee has no buttons at all.
          const goals = await presenter.panel.getByTestId('agenda-goal').getByRole('button').all();
          expect(goals.length).toBeGreaterThan(1);
          expect(goals.length).toBe(await presenter.panel.getByTestId('agenda-goal').count());
          expect(await attendee.panel.getByRole('button').count()).toBe(0);
          // Before sharing to the stage, as a presenter may: the last goal (below the panel's fold), then the first.
          for (const i of [goals.length - 1, 0]) {
            await goals[i]!.click();
            await current(presenter, room, i).catch((e: Error) => {
              throw new Error(
                presenter.person.misrouted.length
                  ? `the click on goal ${i} reached Teams' page, not the tab, at ${presenter.person.misrouted.join(' ')}`
                  : e.message,
              );
            });
            await current(attendee, room, i);
          }
          for (const seat of [presenter, attendee]) {
            problems.push(...(await layoutProblems(seat, 'after the move')));
            await seat.page.screenshot({
              path: screenshotPath(`narrow/meeting-side-panel-${room.lang}-${theme}-${seat.who}-after-move-320.png`),
              fullPage: true,
            });
          }
          // Share to stage hands Teams the agreement's URL.
          await tab(presenter.page).getByRole('button', { name: room.share }).click();
          await tab(presenter.page).getByRole('status').filter({ hasText: room.sharedNote }).waitFor();
          expect(presenter.person.shared).toEqual([`${teams.baseUrl}/tab/?agreement=${room.agreement}`]);
          const after = await overflow(presenter.frame);
          if (after.scrollWidth > after.clientWidth || after.out.length) problems.push({ who: 'presenter', when: 'after sharing', overflow: after });
          for (const seat of [presenter, attendee]) if (seat.errors.length) problems.push({ who: seat.who, errors: seat.errors });
          expect(problems).toEqual([]);
        } finally {
          await presenter.person.close();
          await attendee.person.close();
        }
      }, 120_000);
});
