/** @jest-environment jsdom */
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { createApi } from '../api';
import { Ctx } from '../context';
import type { Locale } from '../../../api/core/i18n/text';
import { KeyFigureLinks, provenanceText } from '../views/key-figures';

// jsdom has no ResizeObserver; Fluent's MessageBar asks for one.
(globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

const AT = '2026-12-01T06:00:00.000Z';
const run = (over: Record<string, unknown>) => ({
  id: 'x',
  indicatorId: 'x',
  municipalityId: 'assens',
  agreementId: null,
  provider: 'statbank',
  keyFigureId: 'SYGDP',
  lastAttemptAt: AT,
  lastSuccessAt: null,
  lastError: null,
  failures: 0,
  nextAttemptAt: '2026-12-01T06:20:00.000Z',
  recorded: 0,
  conflicts: [],
  skipped: [],
  revision: 1,
  createdAt: AT,
  updatedAt: AT,
  ...over,
});
const LINK = { provider: 'statbank', table: 'SYGDP', variables: [{ code: 'OMRÅDE', value: '420' }], timeVariable: 'Tid', yearOffset: 0 };
const STATUS = {
  municipalityId: 'assens',
  links: [
    {
      indicatorId: 'a',
      indicatorName: 'Sygedagpengesager over 52 uger',
      agreementId: null,
      keyFigure: LINK,
      run: run({ failures: 2, lastError: { at: AT, message: 'StatBank answered 503', status: 503 } }),
    },
    {
      indicatorId: 'b',
      indicatorName: 'Ledige',
      agreementId: null,
      keyFigure: { provider: 'kolada', kpi: 'N00945', level: 'municipality', areaId: '0180', gender: 'T', yearOffset: 0 },
      run: run({ lastSuccessAt: AT, recorded: 2, conflicts: [{ period: '2009-06', keyFigureValue: 190, value: 187, source: 'import', enteredBy: 'p' }] }),
    },
  ],
};

/** The API's /api/key-figures routes behind fetch, answering in their documented shapes (the OpenAPI document's KeyFigureStatus, KeyFigureRunOutcome). */
function stubApi(o: { forbidden?: boolean } = {}) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const json = (status: number, body: unknown) =>
    ({ status, ok: status >= 200 && status < 300, statusText: String(status), json: async () => body }) as unknown as Response;
  global.fetch = jest.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    calls.push({ method, url: String(url), body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
    if (o.forbidden) return json(403, { error: { code: 'forbidden', message: 'Du har ikke adgang.' } });
    if (method === 'GET' && url === '/api/key-figures?municipalityId=assens') return json(200, STATUS);
    if (method === 'POST' && url === '/api/key-figures/run')
      return json(200, { result: { attempted: 2, failed: 0, created: 2, corrected: 0, unchanged: 3, conflicts: 1 }, ...STATUS });
    return json(404, { error: { code: 'route_not_found', message: 'no such route' } });
  }) as typeof fetch;
  return calls;
}

async function show(lang: Locale = 'da') {
  const ctx = { lang, api: createApi('assens-demo-kvalitet', lang), navigate: jest.fn(), me: 'assens-demo-kvalitet', inTeams: false };
  const view = render(
    <FluentProvider theme={teamsLightTheme}>
      <Ctx.Provider value={ctx}>
        <KeyFigureLinks municipalityId="assens" />
      </Ctx.Provider>
    </FluentProvider>,
  );
  await act(async () => new Promise((r) => setTimeout(r, 0)));
  return view;
}

afterEach(() => jest.restoreAllMocks());

describe("the quality office's key figures in the tab", () => {
  it('shows a source that does not answer, a difference kept, and fetches now', async () => {
    const calls = stubApi();
    await show('da');
    expect(screen.getByRole('heading', { name: 'Nøgletal fra Kolada og Danmarks Statistik' })).toBeTruthy();
    expect(screen.getByText('Danmarks Statistik SYGDP')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/^Kilden svarer ikke \(2 forsøg i træk\): StatBank answered 503\. Næste forsøg /);
    expect(screen.getByText('2009-06: nøgletallet er 190, den indtastede værdi 187 er beholdt')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Hent nu' }));
    await act(async () => new Promise((r) => setTimeout(r, 0)));
    expect(calls.filter((c) => c.method === 'POST')).toEqual([{ method: 'POST', url: '/api/key-figures/run', body: { municipalityId: 'assens' } }]);
    expect(screen.getByRole('status').textContent).toBe('Hentet: 2 nye værdier, 0 rettet af kilden, 1 afvigelse, alle kilder svarede.');
  });

  it('shows nothing to someone the API refuses', async () => {
    stubApi({ forbidden: true });
    const view = await show('sv');
    expect(view.container.querySelector('[data-testid="key-figures"]')).toBeNull();
  });

  it("names a fetched value's origin in each language", () => {
    const p = { provider: 'kolada' as const, id: 'N00945', area: 'municipality 0180', period: '2024', retrievedAt: AT };
    expect(provenanceText(p, 'sv')).toMatch(/^Kolada N00945, 2024 \(hämtat .+\)$/);
    expect(provenanceText({ ...p, provider: 'statbank', id: 'AUS08', period: '2025K4' }, 'en')).toMatch(/^Statistics Denmark AUS08, 2025K4 \(fetched .+\)$/);
  });
});
