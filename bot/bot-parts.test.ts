import { parseCommand } from './commands';
import { agreementLink } from './deep-link';
import { formatAmount, formatPeriod } from '../api/core/i18n/text';
import { isVerb, PAYLOADS, VERBS } from './verbs';

describe('commands', () => {
  it('understands the command titles in English, Danish and Swedish, with mentions and punctuation', () => {
    expect(['help', 'hjælp', 'hjälp', 'HJÆLP!'].map(parseCommand)).toEqual(['help', 'help', 'help', 'help']);
    expect(['my tasks', 'mine opgaver', 'mina uppgifter', '<at>Kvalitetsaftaler</at>  Mine  Opgaver'].map(parseCommand)).toEqual([
      'myTasks',
      'myTasks',
      'myTasks',
      'myTasks',
    ]);
    expect(['report', 'indberet', 'rapportera'].map(parseCommand)).toEqual(['report', 'report', 'report']);
    expect(['my units', 'mine enheder', 'mina enheter', 'status'].map(parseCommand)).toEqual(['myUnits', 'myUnits', 'myUnits', 'status']);
    expect(parseCommand('hvad kan du?')).toBeNull();
  });
});

describe('the deep link to an agreement', () => {
  const links = { teamsAppId: '11111111-2222-3333-4444-555555555555', publicUrl: 'https://kvalitet.example.dk/' };
  it('opens the personal tab at the agreement inside Teams', () => {
    const url = new URL(agreementLink(links, 'silkeborg-borgerservice-2015', { inTeams: true, label: 'Kvalitetsaftale 2015' }));
    expect(url.origin + url.pathname).toBe('https://teams.microsoft.com/l/entity/11111111-2222-3333-4444-555555555555/myUnits');
    expect(url.searchParams.get('webUrl')).toBe('https://kvalitet.example.dk/tab/?agreement=silkeborg-borgerservice-2015');
    expect(url.searchParams.get('label')).toBe('Kvalitetsaftale 2015');
    expect(JSON.parse(url.searchParams.get('context')!)).toEqual({ subEntityId: 'silkeborg-borgerservice-2015' });
    expect(url.search).not.toContain('+');
  });
  it('falls back to the tab on the web outside Teams or without a Teams app id', () => {
    expect(agreementLink(links, 'a1', { inTeams: false, label: 'x' })).toBe('https://kvalitet.example.dk/tab/?agreement=a1');
    expect(agreementLink({ ...links, teamsAppId: null }, 'a 1', { inTeams: true, label: 'x' })).toBe('https://kvalitet.example.dk/tab/?agreement=a%201');
  });
});

describe('texts', () => {
  it('formats amounts and periods as the municipalities write them', () => {
    expect(formatAmount(21848850, 'DKK', 'da')).toBe('21.848.850\u00a0kr.');
    expect(formatAmount(21848850, 'DKK', 'en')).toBe('DKK\u00a021,848,850');
    expect(['da', 'sv', 'en'].map((l) => formatPeriod('2026-03', l as 'da'))).toEqual(['marts 2026', 'mars 2026', 'March 2026']);
    expect(['da', 'sv', 'en'].map((l) => formatPeriod('2026-Q1', l as 'da'))).toEqual(['1. kvartal 2026', 'kvartal 1 2026', 'Q1 2026']);
  });
});

describe('verbs', () => {
  it('are a closed set, each with a payload schema that takes the strings clients send', () => {
    expect(VERBS.sort()).toEqual([
      'approval.approve',
      'approval.open',
      'approval.refresh',
      'approval.requestChanges',
      'measurement.open',
      'measurement.submit',
    ]);
    expect(isVerb('measurement.submit')).toBe(true);
    expect(isVerb('toString')).toBe(false);
    expect(PAYLOADS['measurement.submit'].parse({ indicatorId: 'i1', period: '2026-Q1', indicatorRevision: '2', cardVersion: '1', value: '87' })).toMatchObject(
      { indicatorRevision: 2, cardVersion: 1, value: '87' },
    );
    expect(PAYLOADS['measurement.submit'].safeParse({ indicatorId: 'i1', period: 'March', indicatorRevision: 1, cardVersion: 1 }).success).toBe(false);
  });
});
