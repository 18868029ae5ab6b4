import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Debian's Chromium (apt-get install chromium); never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `extraArgs`: further command-line switches for one suite (the meeting suite's Teams stand-in on a public origin framing a local server). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run "apt-get install -y chromium" (see .ci/run)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** Screenshots land in test-results/ for a person to look at. */
export function screenshotPath(name: string): string {
  const dir = join(__dirname, '..', '..', 'test-results');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/**
 * Waits until the view shows everything it has asked for and nothing moves: no spinner visible in <main>, the
 * fonts loaded, and no animation or transition running (a Fluent dialog fading in, a list opening). What a
 * screenshot or an accessibility scan then sees is what a person sees. On timeout it says what was still going on.
 * A frame (the tab inside Teams) is waited for the same way.
 */
export async function quiet(page: Page | Frame, timeout = 10_000): Promise<void> {
  await page
    .waitForFunction(
      () =>
        document.fonts.status === 'loaded' &&
        ![...document.querySelectorAll('main .fui-Spinner')].some((e) => e.checkVisibility()) &&
        // A spinner's endless turn elsewhere never finishes: only what ends is waited for.
        document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
      undefined,
      { timeout, polling: 100 },
    )
    .catch(async (e: unknown) => {
      const state = await page.evaluate(() => ({
        fonts: document.fonts.status,
        spinners: [...document.querySelectorAll('main .fui-Spinner')].filter((el) => el.checkVisibility()).length,
        running: document
          .getAnimations()
          .filter((a) => a.playState === 'running')
          .map((a) => `${a.constructor.name} ${(a as CSSAnimation).animationName ?? (a as CSSTransition).transitionProperty ?? ''}`),
      }));
      throw new Error(`${page.url()} did not come to rest within ${timeout} ms: ${JSON.stringify(state)} (${(e as Error).message})`);
    });
}

/**
 * Waits until the view has the actor's permissions from the core and has drawn with them, so that what it does
 * not offer is known not to be offered: the page's request for them (GET /api/units/{id}/permissions) has
 * finished, as its Resource Timing records, and two animation frames have passed since (React commits the state
 * a finished request sets before the next frame is painted).
 */
export async function permissionsApplied(page: Page, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    () => performance.getEntriesByType('resource').some((e) => /\/api\/units\/[^/]+\/permissions$/.test(new URL(e.name).pathname)),
    undefined,
    { timeout },
  );
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/**
 * An accessibility scan of the page (axe-core through @axe-core/playwright) that reports violations only: axe still
 * runs every rule, but builds selectors for every node only where a rule is violated, not for the thousands of nodes
 * that pass (axe's `resultTypes` option; the scans of the tab's main views took 40 % less time with it). Chain
 * `withTags`, `exclude` and `analyze`.
 */
export function axeScan(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).options({ resultTypes: ['violations'] });
}
