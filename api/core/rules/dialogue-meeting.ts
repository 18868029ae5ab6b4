/**
 * From the annual wheel to the Teams meeting: who to invite to a dialogue meeting on an agreement (the stakeholders
 * of Assens' dialogue map) and Teams' deep link that opens its scheduling dialog with subject, time, attendees and
 * details filled in. Pure rules: the tab builds the link from what it has read and opens it through teams-js.
 */

/** What a stakeholder on the dialogue map is to the agreement. */
export const STAKEHOLDER_ROLES = ['leader', 'chief', 'staff', 'user_board', 'works_council', 'party', 'council', 'citizens'] as const;
export type StakeholderRole = (typeof STAKEHOLDER_ROLES)[number];

/**
 * One line of the invitation list. A person with an e-mail address goes into the link's attendees; a person
 * without one, and an office or body (the staff, the user board when the agreement names no person, the
 * council), is shown by name to be invited by hand. `suggested`: ticked at first (the parties of the
 * dialogue: unit, chief, user board, works council); the rest of the dialogue map is there to consider.
 */
export type Stakeholder = {
  key: string;
  role: StakeholderRole;
  /** The person's name, or the office's as the agreement gives it; absent for an office the map names in general (the tab words it). */
  name?: string;
  personId?: string;
  email?: string;
  suggested: boolean;
};

type PartyLike = { role: string; name?: string; personId?: string | null; title?: string };
type PersonLike = { displayName: string; email?: string };

/**
 * The invitation list of a dialogue meeting on one unit's agreement, after Assens' dialogue map (styringskoncept,
 * "Bilag til kvalitetsaftalen: Dialogkort"; formal dialogue at least in the first and third quarter between the unit,
 * its chief, the user board and the works council): the unit's leaders and its chief, its staff, the agreement's
 * parties (the user board's chair, the works council's deputy chair, others), and — to consider — the council and
 * its committee, and the citizens, users and relatives. Each person once, whatever roles they hold.
 */
export function dialogueStakeholders(o: {
  unit: { leaderIds: readonly string[]; approverId: string | null };
  parties: readonly PartyLike[];
  /** The people the caller may read, by id (their e-mail address from the people store). */
  people: ReadonlyMap<string, PersonLike>;
}): Stakeholder[] {
  const out: Stakeholder[] = [];
  const seen = new Set<string>();
  const person = (role: StakeholderRole, personId: string, fallbackName?: string) => {
    if (seen.has(personId)) return;
    seen.add(personId);
    const p = o.people.get(personId);
    const name = p?.displayName ?? fallbackName;
    out.push({ key: `person:${personId}`, role, personId, ...(name ? { name } : {}), ...(p?.email ? { email: p.email } : {}), suggested: true });
  };
  for (const id of o.unit.leaderIds) person('leader', id);
  if (o.unit.approverId) person('chief', o.unit.approverId);
  out.push({ key: 'office:staff', role: 'staff', suggested: true });
  const roleOf = (party: PartyLike): StakeholderRole =>
    party.role === 'board_chair'
      ? 'user_board'
      : party.role === 'works_council_deputy'
        ? 'works_council'
        : party.role === 'leader'
          ? 'leader'
          : party.role === 'chief'
            ? 'chief'
            : 'party';
  const named = new Set<StakeholderRole>();
  o.parties.forEach((party, i) => {
    const role = roleOf(party);
    named.add(role);
    if (party.personId) person(role, party.personId, party.name);
    else if (party.name || party.title) out.push({ key: `party:${i}`, role, name: [party.name, party.title].filter(Boolean).join(', '), suggested: true });
  });
  // The user board and the works council take part in the dialogue whether or not the agreement names them.
  for (const role of ['user_board', 'works_council'] as const) if (!named.has(role)) out.push({ key: `office:${role}`, role, suggested: true });
  out.push({ key: 'office:council', role: 'council', suggested: false }, { key: 'office:citizens', role: 'citizens', suggested: false });
  return out;
}

/**
 * A wall-clock time in a time zone as the long ISO 8601 form with the zone's offset on that day
 * ("2026-03-10T09:00:00+01:00"; in summer "+02:00"), which Teams' scheduling link asks for.
 */
export function zonedIsoDateTime(date: string, time: string, timeZone: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`date must be YYYY-MM-DD: ${date}`);
  if (!/^\d{2}:\d{2}$/.test(time)) throw new RangeError(`time must be HH:MM: ${time}`);
  const wall = Date.parse(`${date}T${time}:00Z`);
  const offsetAt = (instant: number) => {
    const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(instant))
      .find((p) => p.type === 'timeZoneName')!.value; // "GMT+01:00", "GMT" for UTC
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part);
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  };
  // The offset at the instant the wall time names (a second look settles a day when the offset changes).
  let offset = offsetAt(wall);
  offset = offsetAt(wall - offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${date}T${time}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Control characters (other than line breaks in the details) have no place in a meeting's subject or details. */
const clean = (s: string, lines: boolean) =>
  (lines ? s.split('\n') : [s])
    .map((l) => l.replace(/\p{Cc}/gu, ' '))
    .join('\n')
    .trim();

/**
 * Teams' deep link that opens the meeting scheduling dialog
 * (https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-workflow#deep-link-to-open-a-meeting-scheduling-dialog):
 * `https://teams.microsoft.com/l/meeting/new?subject=…&startTime=…&endTime=…&content=…&attendees=…`, where
 * - `attendees` is a comma-separated list of user principal names, typically e-mail addresses (the user who opens
 *   the link is the organiser);
 * - `startTime` and `endTime` are in the long ISO 8601 form with the UTC offset ("the time zone must be given");
 * - `subject` and `content` (the meeting's details) are free text;
 * - spaces are percent-encoded (`%20`): the page says Teams does not read `+` as a space.
 * Every parameter is optional; one left empty is left out.
 */
export function teamsMeetingLink(m: { subject?: string; startTime?: string; endTime?: string; content?: string; attendees?: readonly string[] }): string {
  const params: [string, string][] = [];
  if (m.subject?.trim()) params.push(['subject', clean(m.subject, false)]);
  if (m.startTime) params.push(['startTime', m.startTime]);
  if (m.endTime) params.push(['endTime', m.endTime]);
  if (m.content?.trim()) params.push(['content', clean(m.content, true)]);
  const attendees = [...new Set((m.attendees ?? []).map((a) => a.trim()).filter((a) => /^[^\s,@]+@[^\s,@]+$/.test(a)))];
  // The commas between addresses are the list's own; an address never holds one.
  // '@' is left as it is, as in the page's example; anything else an address may hold ('+') is percent-encoded.
  if (attendees.length) params.push(['attendees', attendees.map((a) => encodeURIComponent(a).replace(/%40/g, '@')).join(',')]);
  const query = params.map(([k, v]) => `${k}=${k === 'attendees' ? v : encodeURIComponent(v)}`).join('&');
  return `https://teams.microsoft.com/l/meeting/new${query ? `?${query}` : ''}`;
}
