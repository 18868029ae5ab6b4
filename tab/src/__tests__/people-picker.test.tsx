/** @jest-environment jsdom */
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import type { Api } from '../api';
import { PeoplePicker, SEARCH_DELAY_MS, type PersonRef } from '../components/people-picker';
import { Ctx } from '../context';

/**
 * The people picker asks the server as the user types — once typing pauses, never per key, never the whole
 * directory — and shows names (with job title and e-mail address), never ids. A person from the tenant's directory
 * who is not in the app yet is added to it when picked.
 */
const STORE: PersonRef[] = [
  { id: 'p-lone', displayName: 'Lone Leder', email: 'lone@testby.dk', inStore: true },
  { id: 'p-soeren', displayName: 'Søren Ærøbo', jobTitle: 'Pædagog', inStore: true },
];
const DIRECTORY: PersonRef = { id: '0f1e2d3c-entra', displayName: 'Søren Østergaard', email: 'so@testby.dk', inStore: false };

function fakeApi() {
  const calls: string[] = [];
  const api: Api = {
    get: async <T,>(path: string): Promise<T> => {
      calls.push(`GET ${path}`);
      const url = new URL(path, 'http://x');
      if (url.pathname === '/people/search') {
        const q = url.searchParams.get('q')!.toLowerCase();
        const hits = [...STORE, DIRECTORY].filter((p) => p.displayName.toLowerCase().replace(/ø/g, 'o').includes(q.replace(/ø/g, 'o')));
        return { items: hits } as T;
      }
      if (url.pathname === '/people/names') {
        const ids = url.searchParams.get('ids')!.split(',');
        return { items: [...STORE, { ...DIRECTORY, inStore: true }].filter((p) => ids.includes(p.id)) } as T;
      }
      throw new Error(`unexpected ${path}`);
    },
    send: async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
      calls.push(`${method} ${path} ${JSON.stringify(body)}`);
      return body as T;
    },
  };
  return { api, calls };
}

function Harness({ api, initial, onIds }: { api: Api; initial: string[]; onIds: (ids: string[]) => void }) {
  const [ids, setIds] = useState(initial);
  return (
    <FluentProvider theme={teamsLightTheme}>
      <Ctx.Provider value={{ lang: 'da', api, navigate: () => undefined, me: null, inTeams: false }}>
        <PeoplePicker
          label="Ledere"
          value={ids}
          onChange={(next) => {
            setIds(next);
            onIds(next);
          }}
        />
      </Ctx.Provider>
    </FluentProvider>
  );
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const settle = async (ms = 0) => {
  await act(async () => {
    jest.advanceTimersByTime(ms);
    await Promise.resolve();
  });
  await act(async () => undefined);
};

describe('the people picker', () => {
  it('shows the names of the people chosen, not their ids', async () => {
    const { api, calls } = fakeApi();
    render(<Harness api={api} initial={['p-lone']} onIds={() => undefined} />);
    await settle();
    expect(screen.getByText('Lone Leder')).toBeTruthy();
    expect(screen.queryByText('p-lone')).toBeNull();
    expect(calls).toEqual(['GET /people/names?ids=p-lone']);
  });

  it('asks once typing pauses, with what was typed, and offers names with job title; fewer than two letters ask nothing', async () => {
    const { api, calls } = fakeApi();
    render(<Harness api={api} initial={[]} onIds={() => undefined} />);
    const input = screen.getByRole('combobox', { name: 'Ledere' });
    fireEvent.click(input);
    fireEvent.change(input, { target: { value: 's' } });
    await settle(SEARCH_DELAY_MS * 2);
    expect(calls).toEqual([]);
    expect(screen.getByText('Skriv mindst to bogstaver af navnet')).toBeTruthy();
    for (const text of ['sø', 'sør', 'søre']) {
      fireEvent.change(input, { target: { value: text } });
      await settle(SEARCH_DELAY_MS / 3);
    }
    expect(calls).toEqual([]);
    await settle(SEARCH_DELAY_MS);
    expect(calls).toEqual([`GET /people/search?q=${encodeURIComponent('søre')}&limit=20`]);
    const options = screen.getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['Søren ÆrøboPædagog', 'Søren Østergaardso@testby.dk · fra organisationen, ny i appen']);
    expect(options.join(' ')).not.toContain('0f1e2d3c');
  });

  it('adds a person from the directory to the app when picked, then chooses them', async () => {
    const { api, calls } = fakeApi();
    const chosen: string[][] = [];
    render(<Harness api={api} initial={['p-lone']} onIds={(ids) => chosen.push(ids)} />);
    const input = screen.getByRole('combobox', { name: 'Ledere' });
    fireEvent.click(input);
    fireEvent.change(input, { target: { value: 'øster' } });
    await settle(SEARCH_DELAY_MS);
    await settle();
    fireEvent.click(screen.getByRole('option', { name: /Søren Østergaard/ }));
    await settle();
    expect(calls).toContain(`POST /people ${JSON.stringify({ id: DIRECTORY.id, displayName: DIRECTORY.displayName, email: DIRECTORY.email })}`);
    expect(chosen).toEqual([['p-lone', DIRECTORY.id]]);
    await settle();
    expect(screen.getByText('Søren Østergaard')).toBeTruthy();
  });
});
