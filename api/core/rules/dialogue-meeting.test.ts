import { dialogueStakeholders, teamsMeetingLink, zonedIsoDateTime } from './dialogue-meeting';

/**
 * The scheduling link against the format Microsoft documents
 * (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-workflow#deep-link-to-open-a-meeting-scheduling-dialog),
 * and the invitation list against Assens' dialogue map.
 */
describe("Teams' link for a new meeting", () => {
  it('is the documented address with subject, times, details and attendees, spaces as %20 and never +', () => {
    const link = teamsMeetingLink({
      subject: 'Dialogmøde: Kvalitetsaftale 2026 for Østre Skole',
      startTime: '2026-03-10T09:00:00+01:00',
      endTime: '2026-03-10T10:30:00+01:00',
      content: 'Dialog om kvalitetsaftalen\nhttps://kvalitet.example.dk/tab/?agreement=testby-skole-2026',
      attendees: ['lone.leder@testby.dk', 'carl.chef@testby.dk'],
    });
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe('https://teams.microsoft.com/l/meeting/new');
    expect(url.search).not.toContain('+');
    expect(link).toContain('subject=Dialogm%C3%B8de%3A%20Kvalitetsaftale%202026%20for%20%C3%98stre%20Skole');
    expect(link).toContain('attendees=lone.leder@testby.dk,carl.chef@testby.dk');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      subject: 'Dialogmøde: Kvalitetsaftale 2026 for Østre Skole',
      startTime: '2026-03-10T09:00:00+01:00',
      endTime: '2026-03-10T10:30:00+01:00',
      content: 'Dialog om kvalitetsaftalen\nhttps://kvalitet.example.dk/tab/?agreement=testby-skole-2026',
      attendees: 'lone.leder@testby.dk,carl.chef@testby.dk',
    });
  });

  it('matches the example on the page, parameter for parameter', () => {
    // The page's example: ?subject=test%20subject&attendees=joe@contoso.com,bob@contoso.com&startTime=…&endTime=…&content=test%3Acontent
    const link = teamsMeetingLink({ subject: 'test subject', content: 'test:content', attendees: ['joe@contoso.com', 'bob@contoso.com'] });
    expect(link).toBe('https://teams.microsoft.com/l/meeting/new?subject=test%20subject&content=test%3Acontent&attendees=joe@contoso.com,bob@contoso.com');
  });

  it('keeps an address with + intact, leaves out what is not an address, and a meeting without anything is the bare link', () => {
    const url = new URL(teamsMeetingLink({ attendees: ['ida+dialog@testby.dk', 'Kvalitetsafdelingen', 'a,b@testby.dk', 'ida+dialog@testby.dk'] }));
    expect(url.searchParams.get('attendees')).toBe('ida+dialog@testby.dk');
    expect(teamsMeetingLink({})).toBe('https://teams.microsoft.com/l/meeting/new');
  });

  it('carries no control characters or link syntax of its own out of a title', () => {
    const url = new URL(teamsMeetingLink({ subject: 'Mål\u0000 **1**&attendees=evil@x.dk\u0007', content: 'a\u0001b\nc' }));
    expect(url.searchParams.get('subject')).toBe('Mål  **1**&attendees=evil@x.dk');
    expect(url.searchParams.get('attendees')).toBeNull();
    expect(url.searchParams.get('content')).toBe('a b\nc');
  });

  it('gives times in the long ISO 8601 form with the offset of the day (winter and summer time in Copenhagen and Stockholm)', () => {
    expect(zonedIsoDateTime('2026-03-10', '09:00', 'Europe/Copenhagen')).toBe('2026-03-10T09:00:00+01:00');
    expect(zonedIsoDateTime('2026-09-15', '13:30', 'Europe/Copenhagen')).toBe('2026-09-15T13:30:00+02:00');
    expect(zonedIsoDateTime('2026-03-29', '12:00', 'Europe/Stockholm')).toBe('2026-03-29T12:00:00+02:00'); // the day summer time begins
    expect(zonedIsoDateTime('2026-01-05', '08:15', 'UTC')).toBe('2026-01-05T08:15:00+00:00');
    expect(zonedIsoDateTime('2026-07-01', '10:00', 'America/New_York')).toBe('2026-07-01T10:00:00-04:00');
    expect(() => zonedIsoDateTime('10/03/2026', '09:00', 'Europe/Copenhagen')).toThrow('date');
  });
});

describe('who is invited to a dialogue meeting (the dialogue map)', () => {
  const people = new Map([
    ['leder', { displayName: 'Lone Leder', email: 'lone.leder@testby.dk' }],
    ['chef', { displayName: 'Carl Chef', email: 'carl.chef@testby.dk' }],
    ['formand', { displayName: 'Bent Bestyrelse' }],
  ]);

  it('the unit (its leader and staff), its chief, the user board and the works council are suggested; council and citizens are there to consider', () => {
    const list = dialogueStakeholders({
      unit: { leaderIds: ['leder'], approverId: 'chef' },
      parties: [
        { role: 'leader', personId: 'leder', name: 'Lone Leder' },
        { role: 'board_chair', personId: 'formand', name: 'Bent Bestyrelse' },
        { role: 'works_council_deputy', title: 'MED-udvalget ved Østre Skole' },
      ],
      people,
    });
    expect(list.map((s) => [s.role, s.name ?? null, s.email ?? null, s.suggested])).toEqual([
      ['leader', 'Lone Leder', 'lone.leder@testby.dk', true],
      ['chief', 'Carl Chef', 'carl.chef@testby.dk', true],
      ['staff', null, null, true],
      // A person with no address in the people store is invited by hand.
      ['user_board', 'Bent Bestyrelse', null, true],
      ['works_council', 'MED-udvalget ved Østre Skole', null, true],
      ['council', null, null, false],
      ['citizens', null, null, false],
    ]);
  });

  it('names the user board and the works council even when the agreement names neither, and each person once', () => {
    const list = dialogueStakeholders({ unit: { leaderIds: ['leder'], approverId: 'leder' }, parties: [], people });
    expect(list.filter((s) => s.personId === 'leder')).toHaveLength(1);
    expect(list.map((s) => s.role)).toEqual(['leader', 'staff', 'user_board', 'works_council', 'council', 'citizens']);
  });
});
