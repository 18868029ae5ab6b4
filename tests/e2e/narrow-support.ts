import { axeScan } from './browser';
import type { Frame, Page } from 'playwright-core';
import { DEMO_DOCUMENTS } from '../../api/demo';

/** What the 320 px suites (narrow.e2e.test.ts, narrow-meeting.e2e.test.ts) share: their agreements, themes and checks. */

export const ASSENS = 'assens-jobcentret-2009';
export const DOKBY = 'dokby-enhet-2026';
export const THEMES = ['default', 'dark', 'contrast'] as const;

/** The demo, with a target and baseline on the Jobcentret indicator that has measurements, so its chart draws them. */
export function withTarget() {
  const docs = structuredClone(DEMO_DOCUMENTS) as unknown as { indicators?: { id: string; target: number | null; baseline?: number | null }[] }[];
  const indicator = docs.flatMap((d) => d.indicators ?? []).find((i) => i.id === `${ASSENS}-goal-3-indicator-1`)!;
  Object.assign(indicator, { target: 66, baseline: 60 });
  return docs as unknown as typeof DEMO_DOCUMENTS;
}

/**
 * What sticks out of the window (a page, or the tab's frame inside Teams): the document's scroll width against its
 * width (document.scrollingElement), and up to ten elements past its right or left edge.
 */
export function overflow(page: Page | Frame) {
  return page.evaluate(() => {
    const width = document.scrollingElement!.clientWidth;
    // Text kept for screen readers only (clipped to a pixel) takes no room on screen.
    const hidden = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.visibility === 'hidden' || cs.display === 'none') return true;
        if (cs.clip !== 'auto' && cs.position === 'absolute') return true;
      }
      return false;
    };
    const out: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || (r.right <= width + 1 && r.left >= -1)) continue;
      if (hidden(el)) continue;
      const id = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.getAttribute('role') ?? '';
      out.push(
        `${el.tagName.toLowerCase()}${id ? `[${id}]` : ''} ${Math.round(r.left)}–${Math.round(r.right)} "${(el.textContent ?? '').trim().slice(0, 40)}"`,
      );
      if (out.length >= 10) break;
    }
    return { scrollWidth: document.scrollingElement!.scrollWidth, clientWidth: width, out };
  });
}

/** Axe's serious and critical findings, Fluent's focus-trap elements left out exactly (microsoft/fluentui#27517). */
export async function axeSerious(page: Page): Promise<string[]> {
  const result = await axeScan(page).exclude('[data-tabster-dummy]').analyze();
  return result.violations
    .filter((x) => x.impact === 'serious' || x.impact === 'critical')
    .map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Controls a person cannot reach at this width: a button, link, switch or field lying (partly) outside the window. */
export function unreachable(page: Page | Frame, scope: string) {
  return page.evaluate((scope) => {
    const width = document.scrollingElement!.clientWidth;
    return [...document.querySelectorAll(`${scope} :is(button, a[href], input:not([type=file]), textarea, [role=switch], [role=combobox], [role=link])`)]
      .filter((el) => (el as HTMLElement).checkVisibility?.() !== false)
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.left < -1 || r.right > width + 1))
      .map(
        ({ el, r }) =>
          `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40)}" ${Math.round(r.left)}–${Math.round(r.right)}`,
      );
  }, scope);
}
