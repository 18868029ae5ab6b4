/** @jest-environment jsdom */
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { fireEvent, render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { ConflictDialog } from '../components/conflict-dialog';
import { MeasurementChart } from '../components/measurement-chart';
import { StatusBadge } from '../components/status';
import { formatAmount, formatPeriod, pickLocale, t } from '../../../api/core/i18n/text';
import { parseRoute, routeUrl } from '../route';
import { parseNumber } from '../views/goal';

const ui = (el: ReactElement) => render(<FluentProvider theme={teamsLightTheme}>{el}</FluentProvider>);

describe('status badges', () => {
  it('say the status in words and with an icon, never by colour alone', () => {
    const { container } = ui(<StatusBadge group="goalStatus" value="off_track" lang="da" />);
    expect(screen.getByText('Ude af kurs')).toBeTruthy();
    expect(container.querySelector('svg')).not.toBeNull();
    ui(<StatusBadge group="agreementStatus" value="in_effect" lang="sv" />);
    expect(screen.getByText('Gällande')).toBeTruthy();
  });
});

describe('the conflict dialog', () => {
  it('shows both versions and lets the user choose', () => {
    const keep = jest.fn();
    const take = jest.fn();
    ui(<ConflictDialog lang="en" mine="My text" theirs="Their text" onKeepMine={keep} onTakeTheirs={take} />);
    expect(screen.getByTestId('conflict-mine').textContent).toBe('My text');
    expect(screen.getByTestId('conflict-theirs').textContent).toBe('Their text');
    fireEvent.click(screen.getByText('Keep mine'));
    expect(keep).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByText('Use the saved one'));
    expect(take).toHaveBeenCalledTimes(1);
  });
});

describe('the measurement chart', () => {
  it('draws one point per measurement in period order, the target line, and a text alternative', () => {
    const { container } = ui(
      <MeasurementChart
        lang="da"
        title="Andel"
        unit="%"
        target={80}
        baseline={60}
        points={[
          { period: '2026-03', value: 74 },
          { period: '2026-01', value: 70 },
          { period: '2026-02', value: 72 },
        ]}
      />,
    );
    expect(container.querySelectorAll('circle')).toHaveLength(3);
    expect(screen.getByText(/Målværdi 80/)).toBeTruthy();
    const rows = [...container.querySelectorAll('figcaption tr')].map((r) => r.textContent);
    expect(rows).toEqual(['januar 202670 %', 'februar 202672 %', 'marts 202674 %']);
  });
  it('says so when there is nothing to draw', () => {
    ui(<MeasurementChart lang="sv" title="x" unit="%" target={null} baseline={null} points={[]} />);
    expect(screen.getByText('Inga mätningar ännu')).toBeTruthy();
  });
});

describe('words and numbers', () => {
  it('formats amounts, periods and numbers for the locale', () => {
    expect(formatAmount(21848850, 'DKK', 'da').replace(/\u00a0/g, ' ')).toBe('21.848.850 kr.');
    expect(formatAmount(1500000, 'SEK', 'sv').replace(/[\u00a0\u202f]/g, ' ')).toBe('1 500 000 kr');
    expect(formatPeriod('2026-Q1', 'da')).toBe('1. kvartal 2026');
    expect(formatPeriod('2026-03', 'sv')).toBe('mars 2026');
    expect(pickLocale('da-DK')).toBe('da');
    expect(pickLocale('nb-NO')).toBe('en');
    expect(t('sharedFrom', 'da', { unit: 'SHC' })).toBe('Fra SHC');
  });
  it('reads numbers as Danish and Swedish users type them', () => {
    expect(parseNumber('87,5')).toBe(87.5);
    expect(parseNumber(' 1 200 ')).toBe(1200);
    expect(parseNumber('87.5')).toBe(87.5);
    expect(parseNumber('abc')).toBeNull();
    expect(parseNumber('')).toBeNull();
  });
});

describe('routes', () => {
  it('round-trips every view through its URL, and opens deep links from Teams', () => {
    const routes = [
      { view: 'agreement', agreementId: 'a1' },
      { view: 'goal', agreementId: 'a1', goalId: 'g1' },
      { view: 'red-thread', agreementId: 'a1' },
      { view: 'wheel', unitId: 'u1', year: 2026 },
      { view: 'overview', unitId: 'u1', year: 2016 },
      { view: 'setup' },
      { view: 'unit', unitId: 'u1' },
      { view: 'my-units' },
    ] as const;
    for (const r of routes) {
      const url = new URL(routeUrl(r), 'https://x.example');
      expect(parseRoute(url.pathname, url.searchParams)).toEqual(r);
    }
    expect(parseRoute('/tab/config', new URLSearchParams())).toEqual({ view: 'config' });
    expect(parseRoute('/tab/', new URLSearchParams(), 'agreement:silkeborg-borgerservice-2015')).toEqual({
      view: 'agreement',
      agreementId: 'silkeborg-borgerservice-2015',
    });
    expect(parseRoute('/tab/', new URLSearchParams(), 'unit:u9')).toEqual({ view: 'unit', unitId: 'u9' });
    expect(parseRoute('/tab/', new URLSearchParams(), 'goal:a1/g2')).toEqual({ view: 'goal', agreementId: 'a1', goalId: 'g2' });
  });
});
