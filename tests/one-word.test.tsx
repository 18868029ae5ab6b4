/** @jest-environment jsdom */
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { render } from '@testing-library/react';
import type { ServiceContext } from '../api/core/context';
import { InvalidTransitionError, LockedError, NotFoundError } from '../api/core/errors';
import { domainMessage } from '../api/core/i18n';
import { AGREEMENT_STATUSES, type AgreementStatus, type Locale } from '../api/core/model';
import { toApiError } from '../api/http/errors';
import { approvalCard } from '../bot/cards/approval-card';
import { answerCommand, type ChatEnv } from '../bot/replies';
import { StatusBadge } from '../tab/src/components/status';

/**
 * A status or a term reads the same in the tab, on the bot's cards and replies, and in the API's errors.
 * The expected words are the domain's (DESIGN.md, the seeds), written here by hand, not read from the catalogue.
 */
const STATUS_WORDS: Record<AgreementStatus, Record<Locale, string>> = {
  draft: { da: 'kladde', sv: 'utkast', en: 'draft' },
  submitted: { da: 'indsendt', sv: 'inlämnad', en: 'submitted' },
  approved: { da: 'godkendt', sv: 'godkänd', en: 'approved' },
  in_effect: { da: 'gældende', sv: 'gällande', en: 'in effect' },
  year_end: { da: 'årsevaluering', sv: 'årsuppföljning', en: 'year-end evaluation' },
  closed: { da: 'afsluttet', sv: 'avslutad', en: 'closed' },
};
const LOCALES: Locale[] = ['da', 'sv', 'en'];
const plain = (s: string) => s.replace(/\u00a0/g, ' ').toLowerCase();

function tabBadge(status: AgreementStatus, locale: Locale): string {
  const { container, unmount } = render(
    <FluentProvider theme={teamsLightTheme}>
      <StatusBadge group="agreementStatus" value={status} lang={locale} />
    </FluentProvider>,
  );
  const text = container.querySelector(`[data-status="${status}"]`)?.textContent ?? '';
  unmount();
  return text;
}

/** The bot's "my units" reply lists each agreement with its status; the store holds one unit and its agreements. */
async function botMyUnits(locale: Locale): Promise<string> {
  const agreements = AGREEMENT_STATUSES.map((status, i) => ({ id: `a-${status}`, unitId: 'u1', year: 2030 - i, title: `Aftale ${status}`, status }));
  const unit = { id: 'u1', parentId: null, name: 'Østre Skole', leaderIds: ['p1'], memberIds: [], approverId: null };
  // The reads the bot's reply makes: the organisation (counted where the store can; not here) and the unit's agreements.
  const store = {
    tenantId: 'one-word',
    revisionOf: async () => null,
    listCounted: async () => ({ revision: null, records: [unit] }),
    listAll: async () => agreements,
  };
  const env = {
    locale,
    links: { teamsAppId: null, publicUrl: 'https://kvalitet.example.dk' },
    inTeams: false,
    ctx: { store, memo: new Map() } as unknown as ServiceContext,
    personId: 'p1',
    displayName: 'Lone',
  } as unknown as ChatEnv;
  const replies = await answerCommand(env, 'myUnits');
  return replies.map((r) => ('text' in r ? r.text : JSON.stringify(r.card))).join('\n');
}

function botApprovalCard(status: AgreementStatus, locale: Locale): string {
  return JSON.stringify(
    approvalCard({
      locale,
      agreementId: 'a1',
      title: 'Kvalitetsaftale 2026',
      unitName: 'Østre Skole',
      year: 2026,
      period: '2026',
      source: null,
      version: 2,
      goalsCount: 3,
      budget: { amount: 21848850, currency: 'DKK' },
      changeSummary: '',
      status,
      approverName: 'Carl Chef',
      approverUserIds: [],
      view: 'status',
      agreementUrl: 'https://kvalitet.example.dk/tab/?agreement=a1',
    }),
  );
}

describe('one word on every surface', () => {
  it.each(LOCALES)('names each agreement status the same in the tab, the bot and the API (%s)', async (locale) => {
    const myUnits = plain(await botMyUnits(locale));
    for (const status of AGREEMENT_STATUSES) {
      const word = STATUS_WORDS[status][locale];
      expect(plain(tabBadge(status, locale))).toBe(word);
      expect(myUnits).toContain(`(${word})`);
      const api = toApiError(new InvalidTransitionError(null, 'submit', status), locale, domainMessage).body.error.message;
      expect(plain(api)).toContain(` ${word}`);
      expect(plain(toApiError(new LockedError('title', status), locale, domainMessage).body.error.message)).toContain(` ${word} `);
    }
    // The approval card names the status in words once the decision is past (in effect, year end, closed).
    for (const status of ['in_effect', 'year_end', 'closed'] as const)
      expect(plain(botApprovalCard(status, locale))).toContain(`status: ${STATUS_WORDS[status][locale]}.`);
  });

  it('calls the agreement by one name per language on every surface', () => {
    const NAME: Record<Locale, string> = { da: 'aftale', sv: 'verksamhetsplan', en: 'agreement' };
    for (const locale of LOCALES) {
      const card = plain(botApprovalCard('submitted', locale));
      const api = plain(domainMessage(new NotFoundError('agreement', 'a1'), locale));
      expect(card).toContain(`"title":"${locale === 'en' ? 'open the agreement' : locale === 'da' ? 'åbn aftalen' : 'öppna verksamhetsplanen'}"`);
      expect(api).toContain(NAME[locale]);
    }
  });
});
