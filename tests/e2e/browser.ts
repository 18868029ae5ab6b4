import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Frame, type Locator, type Page, type Request } from 'playwright-core';
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

/** The rules every page of the product is held to: every WCAG 2.0 and 2.1 rule of levels A and AA, and axe's best practices. */
export const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * An accessibility scan of the page (axe-core through @axe-core/playwright) that reports violations only: axe still
 * runs every rule, but builds selectors for every node only where a rule is violated, not for the thousands of nodes
 * that pass (axe's `resultTypes` option; the scans of the tab's main views took 40 % less time with it). Chain
 * `withTags`, `exclude` and `analyze`.
 *
 * A page without frames is scanned with axe.run() in the page itself (the builder's legacy mode). The default,
 * made for pages that frame others, runs axe.runPartial() in each frame, then opens a blank page, injects axe
 * there a second time and hands it every partial result for axe.finishRun(): on a frameless page that merges one
 * partial into the same result, at two to four times the cost (the tab's views: 1.8-5.0 s against 0.8-1.5 s). The
 * same rules run on the same nodes: on four of the tab's views, with seven kinds of violations planted, both ways
 * gave identical violations (rule, impact, target, HTML, summary) and identical lists of passed, incomplete and
 * inapplicable rules, for all rules and for the WCAG tags. A page that frames another (the Teams stand-in) keeps
 * the default, which also scans cross-origin frames.
 */
export function axeScan(page: Page): AxeBuilder {
  return new FrameAwareAxeBuilder(page).options({ resultTypes: ['violations'] });
}

class FrameAwareAxeBuilder extends AxeBuilder {
  constructor(private readonly scanned: Page) {
    super({ page: scanned });
  }

  override async analyze(): ReturnType<AxeBuilder['analyze']> {
    this.setLegacyMode(this.scanned.frames().length === 1);
    return super.analyze();
  }
}

/**
 * The elements of `locator` that Playwright's `isVisible()` and `isEnabled()` would both accept, found in one round
 * trip instead of two per element (a view with thirty controls took sixty, each time the controls were counted).
 * The checks are Playwright's own (playwright-core's injected script, 1.5x):
 * - visible: `display: contents` counts as visible when a child element is; otherwise `checkVisibility()`, computed
 *   `visibility: visible` and a non-empty bounding box;
 * - enabled: a native form control without `disabled` (itself, or a disabled fieldset outside its first legend), and
 *   no `aria-disabled="true"` on it or on the nearest ancestor that states aria-disabled at all.
 */
export async function visibleAndEnabled(locator: Locator): Promise<Locator[]> {
  const usable = await locator.evaluateAll((elements) => {
    const visible = (el: Element): boolean => {
      const style = getComputedStyle(el);
      if (style.display === 'contents') return [...el.children].some(visible);
      if (!el.checkVisibility() || style.visibility !== 'visible') return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    const nativelyDisabled = (el: Element): boolean => {
      if (!['BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'OPTION', 'OPTGROUP'].includes(el.tagName)) return false;
      if (el.hasAttribute('disabled') || el.closest('optgroup[disabled]')) return true;
      const fieldset = el.closest('fieldset[disabled]');
      const legend = fieldset?.querySelector(':scope > legend');
      return !!fieldset && !legend?.contains(el);
    };
    const ariaDisabled = (el: Element | null): boolean => {
      for (; el; el = el.parentElement) {
        const value = (el.getAttribute('aria-disabled') ?? '').toLowerCase();
        if (value === 'true') return true;
        if (value === 'false') return false;
      }
      return false;
    };
    return elements.map((el) => visible(el) && !nativelyDisabled(el) && !ariaDisabled(el));
  });
  return usable.flatMap((ok, i) => (ok ? [locator.nth(i)] : []));
}

/** Per watched page: its requests to the API still in flight, how many it has started in all, who waits for the next to end. */
type ApiRequests = { inFlight: Set<Request>; started: number; waiting: (() => void)[] };
const apiRequests = new WeakMap<Page, ApiRequests>();

/**
 * Starts counting the page's requests to the API (paths under /api/), for `apiIdle`. Call it once, before the
 * page loads anything it should wait for.
 */
export function watchApi(page: Page): void {
  const state: ApiRequests = { inFlight: new Set(), started: 0, waiting: [] };
  apiRequests.set(page, state);
  page.on('request', (r) => {
    if (!new URL(r.url()).pathname.startsWith('/api/')) return;
    state.inFlight.add(r);
    state.started++;
  });
  const done = (r: Request) => {
    if (state.inFlight.delete(r)) for (const wake of state.waiting.splice(0)) wake();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
}

/**
 * Waits until the view has every answer it asked the API for and has drawn with them: no request under /api/ is in
 * flight, and none started during the two animation frames after the last one ended (a view that asks for one
 * thing after another, such as a unit's permissions after its agreement, asks for the next before the next frame is
 * painted). Not for a page holding a stream open (a meeting's live channel): that request never ends.
 */
export async function apiIdle(page: Page, timeout = 10_000): Promise<void> {
  const state = apiRequests.get(page);
  if (!state) throw new Error('apiIdle: the page is not watched (call watchApi first)');
  const end = Date.now() + timeout;
  for (;;) {
    while (state.inFlight.size > 0) {
      const left = end - Date.now();
      if (left <= 0) throw new Error(`${page.url()}: API requests still in flight after ${timeout} ms: ${[...state.inFlight].map((r) => r.url()).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        state.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const started = state.started;
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
    if (state.inFlight.size === 0 && state.started === started) return;
  }
}
