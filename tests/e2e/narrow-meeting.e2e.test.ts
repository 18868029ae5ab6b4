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

  const SEATS = [
    { lang: 'da', locale: 'da-DK', person: 'assens-leder-jobcentret', agreement: ASSENS, presenter: true },
    { lang: 'sv', locale: 'sv-SE', person: 'dokby-medarbetare', agreement: DOKBY, presenter: false },
  ] as const;
  for (const s of SEATS)
    for (const theme of THEMES)
      it(`${s.presenter ? 'a presenter' : 'an attendee'} (${s.lang}, ${theme} theme): nothing scrolls sideways, every control is reachable and works, axe finds nothing serious`, async () => {
        const person = await teamsPerson(inTeams, openId, s.person, { locale: s.locale });
        try {
          const meetingId = `19:meeting_${Buffer.from(`narrow-${s.lang}-${theme}`).toString('base64url')}@thread.v2`;
          const page = await openSeat(person, {
            frame: 'sidePanel',
            server: teams.baseUrl,
            query: `agreement=${s.agreement}`,
            presenter: s.presenter,
            theme,
            locale: s.locale,
            meetingId,
          });
          const panel = tab(page).getByTestId('meeting-side-panel');
          await panel.waitFor({ timeout: 30_000 });
          await tab(page).getByText('Live', { exact: true }).waitFor({ timeout: 30_000 });
          const frame = tabFrame(page);
          await quiet(frame);
          const problems: unknown[] = [];
          const o = await overflow(frame);
          if (o.clientWidth !== 320) problems.push({ frameWidth: o.clientWidth });
          if (o.scrollWidth > o.clientWidth || o.out.length) problems.push({ overflow: o });
          const reach = await unreachable(frame, '[data-testid=meeting-side-panel]');
          if (reach.length) problems.push({ unreachable: reach });
          const axe = await axeSerious(page);
          if (axe.length) problems.push({ axe });
          await page.screenshot({ path: screenshotPath(`narrow/meeting-side-panel-${s.lang}-${theme}-320.png`), fullPage: true });
          if (s.presenter) {
            // Every goal is a button (moving everyone to a goal is tested in stage.e2e.test.ts); Share to stage hands
            // Teams the agreement's URL.
            expect(await panel.getByTestId('agenda-goal').getByRole('button').count()).toBe(await panel.getByTestId('agenda-goal').count());
            await tab(page).getByRole('button', { name: 'Del på mødeskærmen' }).click();
            await tab(page).getByRole('status').filter({ hasText: 'Vises på mødeskærmen' }).waitFor();
            expect(person.shared).toEqual([`${teams.baseUrl}/tab/?agreement=${s.agreement}`]);
            const after = await overflow(frame);
            if (after.scrollWidth > after.clientWidth || after.out.length) problems.push({ afterUse: after });
          } else {
            expect(await panel.getByRole('button').count()).toBe(0);
          }
          expect(problems).toEqual([]);
        } finally {
          await person.close();
        }
      }, 120_000);
});
