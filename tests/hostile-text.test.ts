import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { join } from 'node:path';
import { auditEntry } from '../api/core/audit';
import { makeContext } from '../api/core/context';
import { importOrganisation } from '../api/core/services/transfer';
import type { Locale } from '../api/core/model';
import { openSqliteStore } from '../api/store/sqlite/sqlite-store';
import { botMunicipality, BOT_NOW } from '../bot/bot-fixtures';
import type { AdaptiveCard } from '../bot/cards/adaptive-card';
import { approvalCard } from '../bot/cards/approval-card';
import { measurementCard } from '../bot/cards/measurement-card';
import { measurementReceiptCard } from '../bot/cards/measurement-receipt-card';
import { noticeCard } from '../bot/cards/notice-card';
import { reminderCard } from '../bot/cards/reminder-card';
import { tasksCard } from '../bot/cards/tasks-card';
import { answerCommand, help, welcome, type ChatEnv } from '../bot/replies';
import { systemActor } from '../teams-app/system-actor';
import { tempDir } from './support/mother';

/**
 * People's text (titles, names, comments, units of measure) written to attack the reader: markdown links,
 * bold, images, HTML and mention tags, entities, list and heading starts, right-to-left overrides and
 * zero-width characters. Through every card builder and every chat reply it must come out as written —
 * no markup of its own, nothing invisible — while our own markup stays as it was.
 *
 * The oracle is markdown-it in CommonMark mode with HTML on and strikethrough, the markdown processor the
 * Adaptive Cards SDK documents for TextBlock markdown: a superset of what Teams renders in TextBlocks,
 * facts and chat messages.
 */
const markdown = new MarkdownIt('commonmark', { html: true }).enable('strikethrough');

const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;
const ATTACKS = [
  '[Godkend her](https://evil.example/approve)',
  '**Vigtigt** _straks_',
  '\u202Egnp.exe\u202C Kvalitetsaftale',
  'Ski\u200Bcole\u2066 \u2067x\u2069 \u200E\u200F\u061C',
  '<b>fed</b> <a href="https://evil.example">link</a> <at>Carl Chef</at>',
  '![billede](https://evil.example/x.png)',
  '&#x202E;&lt;b&gt; &amp;',
  '`kode` ~~slettet~~',
  '# Overskrift',
  '> citat',
  '- punkt\n- punkt',
  '1. første\n2. anden',
  '---',
  '<https://evil.example>',
  'linje 1\r\nlinje 2\u2028linje 3',
  '\\*escaped\\* \\[x\\]',
  '   indrykket kode',
  '| a | b |\n|---|---|',
  '[a]: https://evil.example\n[ref][a]',
];
const hostile = fc.oneof(
  fc.constantFrom(...ATTACKS),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...ATTACKS, '*', '_', '[', ']', '(', ')', '<', '>', '#', '`', '~', '&', '\\', '!', '\n', '\u202E', '\u200B', '1.', '-'),
        fc.string({ maxLength: 6 }),
      ),
      { minLength: 1, maxLength: 8 },
    )
    .map((parts) => parts.join('')),
);

/** What a reader sees of a text: invisible characters gone, whitespace as single spaces. */
const visible = (s: string) =>
  s
    // eslint-disable-next-line no-control-regex -- matching them is the point
    .replace(/[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '')
    .replace(/[\s\u2028\u2029]+/g, ' ')
    .trim();
const decode = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, '&');
/** The markup a text makes: its tags, in order (attributes of links kept: where they lead matters). */
const tags = (html: string) => (html.match(/<[^>]+>/g) ?? []).map((t) => (t.startsWith('<a ') ? t : t.replace(/\s.*>$/, '>')));

/** Every text in a card that is read as markdown: TextBlock text, fact titles and values. */
function markdownTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => markdownTexts(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string' && o.isVisible !== false) out.push(o.text);
    if (o.type === 'FactSet') for (const f of o.facts as { title: string; value: string }[]) out.push(f.title, f.value);
    Object.values(o).forEach((v) => markdownTexts(v, out));
  }
  return out;
}

const LOCALES: Locale[] = ['da', 'sv', 'en'];
const url = 'https://kvalitet.example.dk/tab/?agreement=a1';

/** Every card builder, with every field people write set to `h`. */
const BUILDERS: Record<string, (h: string, locale: Locale) => AdaptiveCard> = {
  approval: (h, locale) =>
    approvalCard({
      locale,
      agreementId: 'a1',
      title: h,
      unitName: h,
      year: 2026,
      period: h,
      source: h,
      version: 2,
      goalsCount: 3,
      budget: { amount: 1000, currency: 'DKK' },
      changeSummary: h,
      status: 'submitted',
      approverName: h,
      approverUserIds: ['29:chef'],
      view: 'approver',
      values: { comment: h },
      error: h,
      notice: { text: h, tone: 'warning' },
      agreementUrl: url,
    }),
  measurement: (h, locale) =>
    measurementCard({
      locale,
      indicatorId: 'i1',
      indicatorRevision: 1,
      indicatorName: h,
      unitOfMeasure: h,
      valueType: 'number',
      minValue: null,
      maxValue: null,
      direction: 'increase',
      target: null,
      targetMax: null,
      tolerance: null,
      targetText: h,
      unitName: h,
      agreementTitle: h,
      period: '2026-03',
      due: '2026-03-31',
      state: 'late',
      last: null,
      values: { value: h, comment: h },
      error: h,
      agreementUrl: url,
    }),
  receipt: (h, locale) =>
    measurementReceiptCard({
      locale,
      indicatorName: h,
      unitName: h,
      period: '2026-03',
      value: 87,
      unitOfMeasure: h,
      enteredByName: h,
      comment: h,
      notice: { text: h, tone: 'warning' },
      agreementUrl: url,
    }),
  tasks: (h, locale) =>
    tasksCard({
      locale,
      devNote: h,
      measurements: [{ indicatorId: 'i1', indicatorName: h, unitName: h, period: '2026-Q1', state: 'late', moreOpen: 1, agreementUrl: url }],
      agreementsToSubmit: [{ agreementId: 'a1', title: h, unitName: h, agreementUrl: url }],
      agreementsToApprove: [{ agreementId: 'a2', title: h, unitName: h, agreementUrl: url }],
    }),
  'reminder (wheel)': (h, locale) =>
    reminderCard({
      locale,
      type: 'wheel',
      measurements: [],
      events: [{ title: h, date: '2026-03-17', month: 3, year: 2026, action: 'prepare_meeting', unitName: h, url }],
    }),
  'reminder (measurements)': (h, locale) =>
    reminderCard({
      locale,
      type: 'measurements',
      events: [],
      measurements: [{ indicatorId: 'i1', indicatorName: h, unitName: h, period: '2026-Q1', due: '2026-03-31', state: 'late', url }],
    }),
  'reminder (escalation)': (h, locale) =>
    reminderCard({
      locale,
      type: 'escalation',
      events: [],
      measurements: [{ indicatorId: 'i1', indicatorName: h, unitName: h, period: '2026-Q1', due: '2026-03-31', state: 'late', url }],
    }),
  notice: (h, locale) => noticeCard({ locale }, h),
};

describe('hostile text through every card builder', () => {
  for (const [name, build] of Object.entries(BUILDERS))
    it(`${name}: shows people's text as written, with no markup and nothing invisible`, () => {
      fc.assert(
        fc.property(hostile, fc.constantFrom(...LOCALES), (h, locale) => {
          const c = build(h, locale);
          expect(JSON.stringify(c)).not.toMatch(INVISIBLE);
          const texts = markdownTexts(c);
          const shown = texts.map((t) => markdown.render(t));
          // Cards have no markup of their own: every text renders as one plain paragraph.
          for (const html of shown) expect(tags(html).filter((t) => t !== '<p>' && t !== '</p>')).toEqual([]);
          const seen = visible(shown.map(decode).join(' \u0001 '));
          if (visible(h)) expect(seen).toContain(visible(h));
        }),
        { numRuns: 150 },
      );
    });
});

describe('hostile text through every chat reply', () => {
  const tmp = tempDir();
  const store = openSqliteStore(join(tmp.dir, 'replies.db'));
  const tenant = store.forTenant('demo');
  beforeAll(() => importOrganisation(makeContext(tenant, systemActor('demo')), botMunicipality()));
  afterAll(async () => {
    await store.close();
    tmp.remove();
  });

  /** The leader's units and agreements renamed to `h`, as a quality office could name them. */
  async function rename(h: string) {
    for (const kind of ['unit', 'agreement'] as const)
      for (const r of await tenant.listAll(kind, {})) {
        const renamed = { ...(kind === 'unit' ? { ...r, name: h } : { ...r, title: h }), revision: r.revision + 1 };
        const ctx = makeContext(tenant, systemActor('demo'));
        await tenant.commit([
          { type: 'put', kind, record: renamed as never, expectedRevision: r.revision },
          { type: 'audit', entry: auditEntry(ctx, kind, r.id, 'update', r, renamed) },
        ]);
      }
  }
  const env = (h: string, locale: Locale, devNote?: string): ChatEnv => ({
    ctx: makeContext(tenant, { id: 'testby-leder', tenantId: 'demo', displayName: h, locale, authMethod: 'bot' }, () => BOT_NOW),
    locale,
    links: { teamsAppId: '11111111-2222-3333-4444-555555555555', publicUrl: 'https://kvalitet.example.dk' },
    inTeams: true,
    personId: 'testby-leder',
    displayName: h,
    devNote,
  });
  const replies = async (h: string, locale: Locale) => [
    ...welcome(env(h, locale, h)),
    ...help(env(h, locale, h)),
    ...(await answerCommand(env(h, locale), 'myUnits')),
    ...(await answerCommand(env(h, locale), 'status')),
    ...(await answerCommand(env(h, locale), null)),
  ];
  const textOf = (rs: Awaited<ReturnType<typeof replies>>) => rs.map((r) => ('text' in r ? r.text : JSON.stringify(r.card)));

  it("welcome, help, my units and the rest: people's text as written, our markup unchanged, links only ours", async () => {
    await rename('Plain name');
    const plain = Object.fromEntries(
      await Promise.all(LOCALES.map(async (l) => [l, textOf(await replies('Plain name', l)).map((t) => tags(markdown.render(t)))])),
    );
    expect((plain.da as string[][]).flat().join(' ')).toMatch(/<a href="https:\/\/teams\.microsoft\.com\/l\/entity\//);
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom(...LOCALES), async (h, locale) => {
        // A name is never empty (the model requires one); empty, bold around it would have nothing to hold.
        fc.pre(visible(h) !== '');
        await rename(h);
        const texts = textOf(await replies(h, locale));
        expect(texts.join('\n')).not.toMatch(INVISIBLE);
        const rendered = texts.map((t) => markdown.render(t));
        // The same markup as with a plain name: bold, lists and our links, nothing the text brought.
        const structure = rendered.map((html) => tags(html).map((t) => (t.startsWith('<a ') ? '<a>' : t)));
        expect(structure).toEqual((plain[locale] as string[][]).map((ts) => ts.map((t) => (t.startsWith('<a ') ? '<a>' : t))));
        for (const html of rendered)
          for (const a of html.match(/<a [^>]*>/g) ?? [])
            expect(a).toMatch(/^<a href="https:\/\/teams\.microsoft\.com\/l\/entity\/11111111-2222-3333-4444-555555555555\//);
        if (visible(h)) for (const i of [0, 2]) expect(visible(decode(rendered[i]!))).toContain(visible(h));
      }),
      { numRuns: 80 },
    );
  }, 60_000);
});
