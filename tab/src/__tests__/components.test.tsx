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
  const indicator = { direction: 'increase', target: 80, targetMax: null, tolerance: null, baseline: 60, unitOfMeasure: '%' } as const;
  const text = (el: Element | null) => (el?.textContent ?? '').replace(/[\u00a0\u202f]/g, ' ');
  it('draws the values against a value axis with gridlines, periods in words, the target with its comparator and the baseline', () => {
    const { container } = ui(
      <MeasurementChart
        lang="da"
        title="Andel"
        indicator={indicator}
        points={[
          { period: '2026-03', value: 84 },
          { period: '2026-01', value: 70 },
          { period: '2026-02', value: 72 },
        ]}
      />,
    );
    // Round values on the axis, covering the baseline (60) to the highest value (84): 60, 70, 80, 90.
    const ticks = [...container.querySelectorAll('[data-testid=y-tick] text')].map(text);
    expect(ticks[0]).toBe('60 %');
    expect(ticks.at(-1)).toBe('90 %');
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(container.querySelectorAll('[data-testid=y-tick] line').length).toBe(ticks.length);
    // Periods in words on the time axis, the year once.
    expect([...container.querySelectorAll('[data-testid=x-tick] text')].map(text)).toEqual(['jan.', '2026', 'feb.', 'mar.']);
    expect(text(container.querySelector('[data-testid=target-label]'))).toBe('Målværdi: Mindst 80 %');
    expect(container.querySelector('[data-testid=target-line]')).not.toBeNull();
    expect(text(container.querySelector('[data-testid=baseline]'))).toBe('Udgangspunkt: 60 %');
    // Met or missed by shape and words, not colour alone: two missed, one met, a legend in words.
    expect([...container.querySelectorAll('[data-testid=chart-point]')].map((p) => p.getAttribute('data-track'))).toEqual([
      'off_track',
      'off_track',
      'on_track',
    ]);
    expect(text(container.querySelector('[data-testid=chart-legend]'))).toBe('Når målværdienUnder målværdienMålværdiUdgangspunkt');
    // The text alternative: a summary on the image and a table of the same facts.
    const svg = container.querySelector('svg[role=img]')!;
    expect(svg.getAttribute('aria-label')!.replace(/[\u00a0\u202f]/g, ' ')).toBe(
      'Andel. 3 målinger fra januar 2026 til marts 2026. Seneste: 84 % (marts 2026). Målværdi: Mindst 80 %. Udgangspunkt: 60 %. 1 af 3 når målværdien.',
    );
    const rows = [...container.querySelectorAll('figcaption tbody tr')].map(text);
    expect(rows).toEqual(['januar 202670 %Under målværdien', 'februar 202672 %Under målværdien', 'marts 202684 %Når målværdien']);
  });
  it("draws a target between two values as a band, in the reader's language, with quarters in words", () => {
    const { container } = ui(
      <MeasurementChart
        lang="sv"
        title="Väntetid"
        indicator={{ ...indicator, direction: 'range', target: 10, targetMax: 20, baseline: null, unitOfMeasure: 'dagar' }}
        points={[
          { period: '2026-Q1', value: 25 },
          { period: '2026-Q2', value: 15 },
        ]}
      />,
    );
    expect(container.querySelector('[data-testid=target-band]')).not.toBeNull();
    expect(text(container.querySelector('[data-testid=target-label]'))).toBe('Målvärde: Mellan 10 och 20 dagar');
    expect([...container.querySelectorAll('[data-testid=x-tick] text')].map(text)).toEqual(['kv. 1', '2026', 'kv. 2']);
    expect([...container.querySelectorAll('[data-testid=chart-point]')].map((p) => p.getAttribute('data-track'))).toEqual(['off_track', 'on_track']);
  });
  it('is shown larger on the meeting stage: the same drawing, every text and mark grown by the scale', () => {
    const points = [
      { period: '2026-01', value: 70 },
      { period: '2026-02', value: 72 },
    ];
    const plain = ui(<MeasurementChart lang="da" title="Andel" indicator={indicator} points={points} />).container.querySelector('svg[role=img]')!;
    const large = ui(<MeasurementChart lang="da" title="Andel" indicator={indicator} points={points} scale={2} />).container.querySelector('svg[role=img]')!;
    // jsdom has no layout: both are drawn for the width they start with, 480 units, the larger shown at twice that.
    expect(plain.getAttribute('viewBox')).toBe('0 0 480 230');
    expect([plain.getAttribute('width'), plain.getAttribute('height')]).toEqual(['480', '230']);
    expect(large.getAttribute('viewBox')).toBe('0 0 240 200');
    expect([large.getAttribute('width'), large.getAttribute('height')]).toEqual(['480', '400']);
  });
  it('says so when there is nothing to draw', () => {
    ui(<MeasurementChart lang="sv" title="x" indicator={{ ...indicator, target: null, baseline: null }} points={[]} />);
    expect(screen.getByText(/Inga mätningar ännu/)).toBeTruthy();
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
