import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { diffLine, type VersionDiff } from '../rules/versions';
import { HasDependantsError } from '../errors';
import { CATALOGUE, type MessageKey } from './catalogue';
import { domainMessage } from './index';
import { formatAmount, formatDate, formatNumber, formatPeriod, formatTarget, t } from './text';

const LOCALES = ['da', 'sv', 'en'] as const;
const keys = Object.keys(CATALOGUE) as MessageKey[];

type Ast = ReturnType<IntlMessageFormat['getAst']>;
/** Every argument a message names, with its kind: "n:plural", "status:select", "name:argument". */
function argumentsOf(elements: Ast, into = new Set<string>()): Set<string> {
  const KIND: Record<number, string> = { 1: 'argument', 2: 'number', 3: 'date', 4: 'time', 5: 'select', 6: 'plural' };
  for (const el of elements) {
    if (KIND[el.type] && 'value' in el) into.add(`${String(el.value)}:${KIND[el.type]}`);
    if ('options' in el) for (const o of Object.values(el.options) as { value: Ast }[]) argumentsOf(o.value, into);
  }
  return into;
}

describe('the one catalogue', () => {
  it('has every key in Danish, Swedish and English', () => {
    const missing = keys.flatMap((key) => {
      const entry = CATALOGUE[key] as Record<string, string | undefined>;
      const empty = LOCALES.filter((l) => !entry[l]);
      // An entry may be empty on purpose (an annual-cycle event that asks for nothing) only in every language.
      return empty.length && empty.length < LOCALES.length ? [`${key}: ${empty.join(', ')}`] : [];
    });
    expect(missing).toEqual([]);
    expect(keys.length).toBeGreaterThan(300);
  });

  it('parses every message as ICU MessageFormat, with the same arguments in every language', () => {
    const problems: string[] = [];
    for (const key of keys) {
      const args = LOCALES.map((l) => {
        const text: string = CATALOGUE[key][l];
        // An ASCII apostrophe starts ICU quoting and would swallow placeholders: the catalogue writes ’.
        if (text.includes("'")) problems.push(`${key}.${l}: ASCII apostrophe`);
        try {
          return [...argumentsOf(new IntlMessageFormat(text, l).getAst())].sort().join(' ');
        } catch (e) {
          problems.push(`${key}.${l}: ${(e as Error).message}`);
          return '';
        }
      });
      // A language may count where another does not inflect (Danish "mål" is the same in one and many),
      // but every language takes the same arguments by name.
      const names = args.map((a) =>
        a
          .split(' ')
          .map((x) => x.split(':')[0])
          .join(' '),
      );
      if (new Set(names).size > 1) problems.push(`${key}: arguments differ ${JSON.stringify(args)}`);
    }
    expect(problems).toEqual([]);
  });

  it('detects a message whose languages take different arguments (the check itself)', () => {
    const a = [...argumentsOf(new IntlMessageFormat('{n, plural, one {# mål} other {# mål}}', 'da').getAst())];
    const b = [...argumentsOf(new IntlMessageFormat('{count} goals', 'en').getAst())];
    expect(a).toEqual(['n:plural']);
    expect(b).not.toEqual(a);
  });

  it('keeps one word for each domain term: the variants that used to appear on one surface are gone', () => {
    // Chosen once (DESIGN.md, the seeds): year_end is "årsevaluering" / "årsuppföljning", a submitted
    // agreement is "inlämnad" in Swedish, the Swedish agreement is a "verksamhetsplan", the Danish "late" is
    // "forsinket", the unit leader is "enhetschef" in Swedish, English says "annual cycle".
    const retired: Record<(typeof LOCALES)[number], RegExp[]> = {
      da: [/årsafslutning/i, /\bfor sen[et]?\b/i, /\bi årsevaluering\b/i],
      sv: [/årsbokslut/i, /inskick/i, /\bplan(en|er|erna)?\b/i, /\bchef(en)?\b/i],
      en: [/annual wheel/i, /\byear end\b/i],
    };
    // "Enligt plan" is "according to plan"; "Godkännande chef" is the approving chief, not the unit leader.
    const allowed = new Set<string>(['goalStatus.on_track', 'approver']);
    const found = keys.flatMap((key) =>
      LOCALES.flatMap((l) => (allowed.has(key) ? [] : retired[l].filter((re) => re.test(CATALOGUE[key][l])).map((re) => `${key}.${l} matches ${re}`))),
    );
    expect(found).toEqual([]);
  });

  it('counts in every language: one and many', () => {
    const diff = (n: number): VersionDiff => ({
      goalsAdded: Array.from({ length: n }, (_, i) => ({ id: `g${i}`, title: 'x' })),
      goalsRemoved: [],
      goalsChanged: Array.from({ length: n }, (_, i) => ({ id: `g${i}`, title: 'x', fields: ['title'] })),
      budget: null,
    });
    expect(LOCALES.map((l) => diffLine(diff(1), l))).toEqual(['1 mål tilføjet; 1 mål ændret', '1 mål tillagt; 1 mål ändrat', '1 goal added; 1 goal changed']);
    expect(LOCALES.map((l) => diffLine(diff(3), l))).toEqual([
      '3 mål tilføjet; 3 mål ændret',
      '3 mål tillagda; 3 mål ändrade',
      '3 goals added; 3 goals changed',
    ]);
    expect(LOCALES.map((l) => t('morePeriods', l, { n: 1 }))).toEqual(['+1 periode mere', '+1 period till', '+1 more period']);
    expect(LOCALES.map((l) => t('morePeriods', l, { n: 4 }))).toEqual(['+4 perioder mere', '+4 perioder till', '+4 more periods']);
    expect(LOCALES.map((l) => t('latePeriods', l, { n: 1 }))).toEqual(['1 forsinket måling', '1 försenad mätning', '1 late measurement']);
    expect(LOCALES.map((l) => t('latePeriods', l, { n: 2 }))).toEqual(['2 forsinkede målinger', '2 försenade mätningar', '2 late measurements']);
    expect(LOCALES.map((l) => t('duePeriods', l, { n: 1 }))).toEqual(['1 måling skal indberettes', '1 mätning ska rapporteras', '1 measurement due']);
    const dependants = (n: number) => LOCALES.map((l) => domainMessage(new HasDependantsError('goal', 'g1', 'indicator', n), l));
    expect(dependants(1)).toEqual([
      'Målet kan ikke slettes, fordi der stadig hører 1 post til (indikatoren).',
      'Målet kan inte tas bort eftersom 1 post fortfarande hör till (indikatorn).',
      'The goal cannot be deleted while 1 record still belongs to it (the indicator).',
    ]);
    expect(dependants(7)[2]).toBe('The goal cannot be deleted while 7 records still belong to it (the indicator).');
    expect(dependants(1000)[0]).toContain('1.000 poster');
  });

  it('formats dates, periods, amounts and numbers one way per language', () => {
    const plain = (s: string) => s.replace(/\u00a0/g, ' ');
    expect(LOCALES.map((l) => plain(formatAmount(21848850, l === 'sv' ? 'SEK' : 'DKK', l)))).toEqual(['21.848.850 kr.', '21 848 850 kr', 'DKK 21,848,850']);
    expect(plain(formatAmount(1234.5, 'DKK', 'da'))).toBe('1.234,50 kr.');
    expect(LOCALES.map((l) => plain(formatNumber(1234.567, l)))).toEqual(['1.234,57', '1 234,57', '1,234.57']);
    expect(LOCALES.map((l) => formatPeriod('2026-Q1', l))).toEqual(['1. kvartal 2026', 'kvartal 1 2026', 'Q1 2026']);
    expect(LOCALES.map((l) => formatPeriod('2026-03', l))).toEqual(['marts 2026', 'mars 2026', 'March 2026']);
    expect(LOCALES.map((l) => formatPeriod('2026', l))).toEqual(['2026', '2026', '2026']);
    expect(LOCALES.map((l) => formatDate('2026-03-31', l))).toEqual(['31. marts 2026', '31 mars 2026', '31 March 2026']);
    // An instant late in the evening UTC is already the next day in Copenhagen and Stockholm.
    expect(formatDate('2026-03-31T23:30:00Z', 'da')).toBe('1. april 2026');
  });

  it('is the only catalogue: the tab, the bot and the HTTP layer hold no words of their own', () => {
    const root = join(__dirname, '..', '..', '..');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return name === '__tests__' || name === 'dist' ? [] : files(path);
        return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
      });
    // Content, not product text: Österåker's analysis-wheel questions are the municipality's own words.
    const content = new Set(['tab/src/analysis-wheel.ts']);
    const offenders = ['bot', 'tab/src', 'api/http']
      .flatMap((d) => files(join(root, d)))
      .map((f) => relative(root, f))
      .filter((f) => !content.has(f) && /\b(da|sv)\s*:\s*['"`][^'"`]/.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('a target as written (formatTarget: tab, cards and exports)', () => {
  const base = { target: null, targetMax: null, tolerance: null, unitOfMeasure: '%' } as const;
  const plain = (s: string) => s.replace(/\u00a0/g, ' ');

  it('shows the wording the document gave, whatever the comparator', () => {
    expect(formatTarget({ ...base, direction: 'increase', target: 80, targetText: 'mindst 80 %' }, 'en')).toBe('mindst 80 %');
    expect(formatTarget({ ...base, direction: 'decrease', target: 5, targetText: 'högst 5 %' }, 'da')).toBe('högst 5 %');
    expect(formatTarget({ ...base, direction: 'increase', target: 70, unitOfMeasure: 'index', targetText: 'at least index 70' }, 'sv')).toBe(
      'at least index 70',
    );
    expect(formatTarget({ ...base, direction: 'keep', target: 100, targetText: '100 %' }, 'da')).toBe('100 %');
  });

  it('makes the wording from comparator, number and unit in each language when none was written', () => {
    expect(plain(formatTarget({ ...base, direction: 'increase', target: 80 }, 'da'))).toBe('Mindst 80 %');
    expect(plain(formatTarget({ ...base, direction: 'decrease', target: 5.5 }, 'sv'))).toBe('Högst 5,5 %');
    expect(plain(formatTarget({ ...base, direction: 'keep', target: 100 }, 'en'))).toBe('Exactly 100 %');
    expect(plain(formatTarget({ ...base, direction: 'keep', target: 100, tolerance: 2 }, 'en'))).toBe('About 100 % (± 2)');
    expect(plain(formatTarget({ ...base, direction: 'range', target: 10, targetMax: 20, unitOfMeasure: 'timer' }, 'da'))).toBe('Mellem 10 og 20 timer');
    expect(plain(formatTarget({ ...base, direction: 'increase', target: 1200, unitOfMeasure: 'kr.' }, 'da'))).toBe('Mindst 1.200 kr.');
    expect(formatTarget({ ...base, direction: 'increase' }, 'da')).toBe('–');
  });
});
