/** @jest-environment jsdom */
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { createApi } from '../api';
import { Ctx } from '../context';
import type { Locale } from '../../../api/core/i18n/text';
import { PausesPanel } from '../views/pauses';

// jsdom has no ResizeObserver; Fluent's MessageBar asks for one.
(globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

type Pause = { id: string; personId: string; from: string; to: string; note?: string; revision: number; createdAt: string; updatedAt: string };
type Call = { method: string; url: string; body: unknown; headers: Record<string, string> };

/**
 * The API's /api/me/pauses as a stand-in behind fetch, answering as the real routes do (201 with the
 * pause, 204 on delete, the one error shape); `fail` makes the next POST answer with an error instead.
 */
function stubApi(initial: Pause[] = []) {
  const pauses = [...initial];
  const calls: Call[] = [];
  let fail: { status: number; error: { code: string; message: string; field?: string } } | null = null;
  // jsdom has no fetch Response: an answer with what the tab's API client reads of one.
  const json = (status: number, body: unknown) =>
    ({ status, ok: status >= 200 && status < 300, statusText: String(status), json: async () => body }) as unknown as Response;
  global.fetch = jest.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, url: String(url), body, headers: (init?.headers ?? {}) as Record<string, string> });
    if (method === 'GET' && url === '/api/me/pauses')
      return json(
        200,
        [...pauses].sort((a, b) => a.from.localeCompare(b.from)),
      );
    if (method === 'POST' && url === '/api/me/pauses') {
      if (fail) {
        const f = fail;
        fail = null;
        return json(f.status, { error: f.error });
      }
      const p: Pause = {
        id: `p${pauses.length + 1}`,
        personId: 'testby-leder',
        ...(body as { from: string; to: string; note?: string }),
        revision: 1,
        createdAt: 'x',
        updatedAt: 'x',
      };
      pauses.push(p);
      return json(201, p);
    }
    const del = /^\/api\/me\/pauses\/(.+)$/.exec(String(url));
    if (method === 'DELETE' && del) {
      const i = pauses.findIndex((p) => p.id === decodeURIComponent(del[1]!));
      if (i < 0) return json(400, { error: { code: 'validation_failed', message: 'id: not one of your pauses', field: 'id' } });
      pauses.splice(i, 1);
      return json(204, undefined);
    }
    return json(404, { error: { code: 'route_not_found', message: 'no such route' } });
  }) as typeof fetch;
  return { pauses, calls, failNext: (f: NonNullable<typeof fail>) => (fail = f), writes: () => calls.filter((c) => c.method !== 'GET') };
}

async function show(lang: Locale = 'da') {
  const ctx = { lang, api: createApi('testby-leder', lang), navigate: jest.fn(), me: 'testby-leder', inTeams: false };
  const view = render(
    <FluentProvider theme={teamsLightTheme}>
      <Ctx.Provider value={ctx}>
        <PausesPanel />
      </Ctx.Provider>
    </FluentProvider>,
  );
  await act(async () => new Promise((r) => setTimeout(r, 0)));
  return view;
}

/** A form field by its label (a required field's label ends in an asterisk). */
const field = (name: string) => screen.getByLabelText(new RegExp(`^${name.replace(/[()]/g, '\\$&')}\\s*\\*?$`)) as HTMLInputElement;
const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));
const rows = () => screen.queryAllByTestId('pause-row').map((r) => r.textContent);

afterEach(() => jest.restoreAllMocks());

describe('out-of-office periods in the tab', () => {
  it('lists my pauses and adds one with a note, sent as the signed-in user', async () => {
    const api = stubApi([{ id: 'p0', personId: 'testby-leder', from: '2026-02-09', to: '2026-02-13', revision: 1, createdAt: 'x', updatedAt: 'x' }]);
    const view = await show('da');
    expect(rows()).toEqual([expect.stringContaining('9. februar 2026')]);
    fireEvent.change(field('Fra'), { target: { value: '2026-07-01' } });
    fireEvent.change(field('Til og med'), { target: { value: '2026-07-20' } });
    fireEvent.change(field('Note (valgfri)'), { target: { value: ' Sommerferie ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tilføj' }));
    await settle();
    expect(api.writes()).toEqual([
      expect.objectContaining({ method: 'POST', url: '/api/me/pauses', body: { from: '2026-07-01', to: '2026-07-20', note: 'Sommerferie' } }),
    ]);
    expect(api.writes()[0]!.headers['X-Dev-User']).toBe('testby-leder');
    expect(screen.getByRole('status').textContent).toBe('Fravær tilføjet: 1. juli 2026 – 20. juli 2026');
    expect(rows()).toEqual([expect.stringContaining('9. februar 2026'), expect.stringMatching(/1\. juli 2026.*20\. juli 2026.*Sommerferie/)]);
    // The form is emptied for the next one.
    expect(field('Fra').value).toBe('');
    view.unmount();
  });

  it('refuses an end before the start in the user’s language without asking the API', async () => {
    const api = stubApi();
    const view = await show('sv');
    expect(screen.getByTestId('no-pauses').textContent).toBe('Du har ingen frånvaro registrerad.');
    fireEvent.change(field('Från'), { target: { value: '2026-07-20' } });
    fireEvent.change(field('Till och med'), { target: { value: '2026-07-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lägg till' }));
    await settle();
    expect(screen.getByText('Slutdatumet får inte ligga före startdatumet.')).toBeTruthy();
    fireEvent.change(field('Till och med'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lägg till' }));
    await settle();
    expect(screen.getByText('Välj ett datum.')).toBeTruthy();
    expect(api.writes()).toEqual([]);
    view.unmount();
  });

  it('shows what the API refused, beside the field it names or as an error message', async () => {
    const api = stubApi();
    const view = await show('en');
    fireEvent.change(field('From'), { target: { value: '2026-07-01' } });
    fireEvent.change(field('To (inclusive)'), { target: { value: '2026-07-20' } });
    api.failNext({ status: 400, error: { code: 'validation_failed', message: 'to: the end is too far away', field: 'to' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await settle();
    expect(screen.getByText('the end is too far away')).toBeTruthy();
    api.failNext({ status: 429, error: { code: 'rate_limited', message: 'Too many changes; wait a minute.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('Too many changes; wait a minute.');
    expect(api.pauses).toEqual([]);
    view.unmount();
  });

  it('deletes exactly the pause whose button is pressed', async () => {
    const api = stubApi([
      { id: 'p-summer', personId: 'testby-leder', from: '2026-07-01', to: '2026-07-20', note: 'Sommerferie', revision: 1, createdAt: 'x', updatedAt: 'x' },
      { id: 'p-winter', personId: 'testby-leder', from: '2026-12-21', to: '2027-01-01', revision: 1, createdAt: 'x', updatedAt: 'x' },
    ]);
    const view = await show('da');
    expect(rows()).toHaveLength(2);
    const summer = screen.getAllByTestId('pause-row')[0]!;
    fireEvent.click(within(summer).getByRole('button', { name: 'Fjern: 1. juli 2026 – 20. juli 2026' }));
    await settle();
    expect(api.writes()).toEqual([expect.objectContaining({ method: 'DELETE', url: '/api/me/pauses/p-summer' })]);
    expect(api.pauses.map((p) => p.id)).toEqual(['p-winter']);
    expect(rows()).toEqual([expect.stringContaining('21. december 2026')]);
    expect(screen.getByRole('status').textContent).toBe('Fravær fjernet: 1. juli 2026 – 20. juli 2026');
    view.unmount();
  });
});
