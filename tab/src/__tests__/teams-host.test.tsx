/** @jest-environment jsdom */
import { act, render, waitFor } from '@testing-library/react';
import { App } from '../app';
import { detectHost } from '../teams';

/**
 * Inside Teams: the Teams client (Microsoft's host) cannot run here, so teams-js is replaced by a stand-in
 * that answers as its documented API does (app.initialize, app.getContext with the v2 context shape,
 * app.registerOnThemeChangeHandler, authentication.getAuthToken).
 */
const themeHandlers: ((theme: string) => void)[] = [];
jest.mock('@microsoft/teams-js', () => ({
  app: {
    initialize: jest.fn(async () => undefined),
    notifySuccess: jest.fn(),
    getContext: jest.fn(async () => ({
      app: { locale: 'sv-SE', theme: 'dark', sessionId: 's', host: { name: 'Teams', clientType: 'web' } },
      page: { id: 'myUnits', frameContext: 'content', subPageId: 'goal:silkeborg-borgerservice-2015/silkeborg-borgerservice-2015-goal-1' },
      user: { id: 'user-oid-1', tenant: { id: 'tenant-1' } },
    })),
    registerOnThemeChangeHandler: jest.fn((h: (t: string) => void) => themeHandlers.push(h)),
  },
  authentication: { getAuthToken: jest.fn(async () => 'sso-token-from-teams') },
  pages: { config: { registerOnSaveHandler: jest.fn(), setValidityState: jest.fn(), setConfig: jest.fn() } },
}));

// jsdom has no ResizeObserver; Fluent's MessageBar asks for one.
(globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

describe('the tab inside Teams', () => {
  const realParent = Object.getOwnPropertyDescriptor(window, 'parent')!;
  beforeAll(() => Object.defineProperty(window, 'parent', { configurable: true, value: {} }));
  afterAll(() => Object.defineProperty(window, 'parent', realParent));

  it('initialises teams-js and takes locale, theme, deep link and user from the context', async () => {
    const host = await detectHost(new URLSearchParams());
    expect(host).toMatchObject({ inTeams: true, locale: 'sv-SE', theme: 'dark', frameContext: 'content', userObjectId: 'user-oid-1', tenantId: 'tenant-1' });
    expect(host.subPageId).toBe('goal:silkeborg-borgerservice-2015/silkeborg-borgerservice-2015-goal-1');
  });

  it('follows theme changes, opens the deep-linked goal, and calls the API with the SSO token instead of the development sign-in', async () => {
    const calls: { url: string; headers: Record<string, string> }[] = [];
    global.fetch = jest.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(url), headers: (init?.headers ?? {}) as Record<string, string> });
      return new Response(JSON.stringify({ error: { code: 'not_found', message: 'x' } }), { status: 404, headers: { 'Content-Type': 'application/json' } });
    }) as typeof fetch;
    const host = await detectHost(new URLSearchParams());
    const { container } = render(<App host={host} lang="sv" />);
    // Rendered once the deep-linked agreement has been asked for.
    await waitFor(() => expect(calls.some((c) => c.url === '/api/agreements/silkeborg-borgerservice-2015/view?recent=24')).toBe(true), { timeout: 20_000 });
    expect(container.querySelector('[data-theme]')?.getAttribute('data-theme')).toBe('dark');
    await act(async () => themeHandlers.forEach((h) => h('contrast')));
    expect(container.querySelector('[data-theme]')?.getAttribute('data-theme')).toBe('contrast');
    await act(async () => themeHandlers.forEach((h) => h('default')));
    expect(container.querySelector('[data-theme]')?.getAttribute('data-theme')).toBe('default');
    expect(calls.some((c) => c.url === '/api/agreements/silkeborg-borgerservice-2015/view?recent=24')).toBe(true);
    for (const c of calls) {
      expect(c.headers.Authorization).toBe('Bearer sso-token-from-teams');
      expect(c.headers['X-Dev-User']).toBeUndefined();
    }
    expect(container.querySelector('[data-testid=dev-sign-in]')).toBeNull();
  });
});
