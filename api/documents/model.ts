import type { Agreement, Goal, Locale, OrgUnit } from '../core/model';
import type { AgreementView } from '../core/services/agreement-view';
import {
  agreementPeriod,
  formatAmount,
  formatDate,
  formatDateTime,
  formatNumber,
  formatPeriod,
  formatTarget,
  formatValue,
  label,
  localText,
  monthName,
  t,
  type MessageKey,
} from '../core/i18n/text';

/**
 * The agreement as a document: the one place that decides which sections it has, in which order, under which
 * headings and in which words. The three renderers (html.ts, pdf.ts, docx.ts) only lay it out; none of them
 * chooses a word or a section. Text the municipality wrote is carried exactly as stored.
 */

/** A table cell: lines of text, shown as a list where `list` is set (the actions of a goal). */
export type Cell = { lines: string[]; list?: boolean };

export type Block =
  /** A heading below the section's own (level 3). */
  | { type: 'heading'; text: string }
  /** Prose as written: paragraphs split at blank lines, line breaks kept. */
  | { type: 'text'; text: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  /** Terms and their values (a description list). */
  | { type: 'facts'; label: string; items: { term: string; value: string }[] }
  /** A data table: column headers, and the first cell of each row is the row's header. */
  | { type: 'table'; caption: string; columns: string[]; rows: Cell[][] };

export type Section = { key: string; title: string; blocks: Block[] };

export type DocumentModel = {
  lang: Locale;
  /** The document's title (the agreement's): the PDF's title, the Word file's, the page's <title> and <h1>. */
  title: string;
  /** What the document is about, under the title (unit, municipality, period, version, status …). */
  about: Block;
  sections: Section[];
  /** Where the content comes from, as the agreement states it. */
  source?: string;
};

/** The built-in sections, in their default order; the municipality's configured order (agreementSections) wins. */
export const BUILT_IN_SECTIONS = ['unit', 'framework', 'budget', 'goals', 'indicators', 'other', 'signatures'] as const;
export type BuiltInSection = (typeof BUILT_IN_SECTIONS)[number];
const DEFAULT_TITLES: Record<BuiltInSection, MessageKey> = {
  unit: 'unitDescription',
  framework: 'frameworkConditions',
  budget: 'budget',
  goals: 'goals',
  indicators: 'indicators',
  other: 'otherSections',
  signatures: 'signatures',
};

const text = (s: string | undefined | null): Block[] => (s && s.trim() ? [{ type: 'text', text: s }] : []);
const cell = (...lines: (string | undefined | null | false)[]): Cell => ({ lines: lines.filter((l): l is string => !!l) });
const listCell = (lines: string[]): Cell => ({ lines, list: true });

function unitSection(v: AgreementView, lang: Locale): Block[] {
  const a = v.agreement;
  const out: Block[] = [...text(v.unit.description)];
  for (const m of a.missionVision) {
    out.push({ type: 'heading', text: m.owner }, ...text(m.intro));
    const items = [...(m.mission ? [{ term: t('mission', lang), value: m.mission }] : []), ...(m.vision ? [{ term: t('vision', lang), value: m.vision }] : [])];
    if (items.length) out.push({ type: 'facts', label: `${t('missionVision', lang)}: ${m.owner}`, items });
  }
  if (a.facts.length) out.push({ type: 'facts', label: t('facts', lang), items: a.facts.map((f) => ({ term: f.label, value: f.value })) });
  if (a.profile) out.push({ type: 'heading', text: t('profile', lang) }, ...text(a.profile));
  if (a.challenges.length) out.push({ type: 'heading', text: t('challenges', lang) }, { type: 'list', ordered: true, items: a.challenges });
  if (a.signalsToCouncil) out.push({ type: 'heading', text: t('signals', lang) }, ...text(a.signalsToCouncil));
  if (a.statements.length)
    out.push(
      { type: 'heading', text: t('statements', lang) },
      ...a.statements.map((s): Block => ({ type: 'text', text: `${s.from}${s.date ? ` (${formatDate(s.date, lang)})` : ''}: ${s.text}` })),
    );
  if (a.parties.length)
    out.push(
      { type: 'heading', text: t('parties', lang) },
      {
        type: 'list',
        ordered: false,
        items: a.parties.map((p) =>
          p.name ? `${p.name} – ${p.title ?? label('role', p.role, lang)}` : `${p.title} – ${label('role', p.role, lang)}, ${t('officeNoName', lang)}`,
        ),
      },
    );
  return out;
}

function frameworkSection(a: Agreement, lang: Locale): Block[] {
  if (!a.keyFigures.length) return [];
  const years = [...new Set(a.keyFigures.flatMap((k) => k.values.map((x) => x.year)))].sort((x, y) => x - y);
  return [
    {
      type: 'table',
      caption: t('keyFigures', lang),
      columns: [t('keyFigures', lang), ...years.map(String)],
      rows: a.keyFigures.map((k) => [
        cell(`${k.label}${k.unit ? ` (${k.unit})` : ''}`),
        ...years.map((y) => {
          const found = k.values.find((x) => x.year === y);
          return cell(found?.value == null ? '–' : formatNumber(found.value, lang), found?.note);
        }),
      ]),
    },
  ];
}

function budgetSection(a: Agreement, lang: Locale): Block[] {
  if (!a.budget) return [];
  const b = a.budget;
  return [
    {
      type: 'facts',
      label: t('budget', lang),
      items: [{ term: b.label ?? t('budget', lang), value: b.amount !== null ? formatAmount(b.amount, b.currency, lang) : t('noAmount', lang) }],
    },
    ...text(b.note),
  ];
}

function goalTable(v: AgreementView, goals: Goal[], caption: string, lang: Locale): Block {
  const parentsOf = (g: Goal) => v.parentGoals.filter((p) => g.parentGoalIds.includes(p.id));
  return {
    type: 'table',
    caption,
    columns: [t('goal', lang), t('actions', lang), t('successCriteria', lang)],
    rows: goals.map((g) => [
      cell(
        `${g.number ? `${g.number}. ` : ''}${g.title}`,
        g.kind && label('goalKind', g.kind, lang),
        ...parentsOf(g).map((p) => `${t('parentGoal', lang)}: ${p.title}`),
        g.followUpMonths.length > 0 && `${t('followUp', lang)}: ${g.followUpMonths.map((m) => monthName(m, lang)).join(', ')}`,
        g.followUpText,
      ),
      listCell(v.actions.filter((x) => x.goalId === g.id).map((x) => (x.dueDate ? `${x.text} (${t('due', lang)}: ${formatDate(x.dueDate, lang)})` : x.text))),
      listCell(v.successCriteria.filter((x) => x.goalId === g.id).map((x) => x.text)),
    ]),
  };
}

function goalsSection(v: AgreementView, lang: Locale): Block[] {
  if (!v.goals.length) return text(t('docNoGoals', lang));
  const shared = v.goals.filter((g) => g.origin === 'shared');
  const own = v.goals.filter((g) => g.origin === 'own');
  if (!shared.length) return [goalTable(v, own, t('goals', lang), lang)];
  return [
    { type: 'heading', text: t('sharedGoals', lang) },
    goalTable(v, shared, t('sharedGoals', lang), lang),
    ...(own.length ? [{ type: 'heading', text: t('ownGoals', lang) } as Block, goalTable(v, own, t('ownGoals', lang), lang)] : []),
  ];
}

function indicatorsSection(v: AgreementView, lang: Locale): Block[] {
  if (!v.indicators.length) return text(t('docNoIndicators', lang));
  const goalOf = new Map(v.goals.map((g) => [g.id, g]));
  // The view's measurements are newest first per indicator; the latest result is the newest period with a value.
  const latest = new Map<string, { period: string; value: number }>();
  for (const m of v.measurements) if (m.value !== null && !latest.has(m.indicatorId)) latest.set(m.indicatorId, { period: m.period, value: m.value });
  return [
    {
      type: 'table',
      caption: t('indicators', lang),
      columns: [t('docIndicator', lang), t('goal', lang), t('target', lang), t('docLatestResult', lang)],
      rows: v.indicators.map((i) => {
        const g = goalOf.get(i.goalId);
        const last = latest.get(i.id);
        return [
          cell(i.name, i.description),
          cell(g ? `${g.number ? `${g.number}. ` : ''}${g.title}` : ''),
          cell(formatTarget(i, lang)),
          cell(
            last
              ? t('docResultFor', lang, { value: formatValue(last.value, i.unitOfMeasure, lang), period: formatPeriod(last.period, lang) })
              : t('noMeasurements', lang),
          ),
        ];
      }),
    },
  ];
}

function signaturesSection(a: Agreement, lang: Locale): Block[] {
  const signed = [...a.signatures].sort((x, y) => x.version - y.version || x.signedAt.localeCompare(y.signedAt));
  const unsigned = a.parties.filter(
    (p) =>
      p.signs !== false &&
      !a.signatures.some((s) => s.version === a.version && s.role === p.role && (p.personId ? s.personId === p.personId : s.name === p.name)),
  );
  if (!signed.length && !unsigned.length) return text(t('docNoSignatures', lang));
  return [
    {
      type: 'table',
      caption: t('signatures', lang),
      columns: [t('name', lang), t('docRole', lang), t('version', lang), t('docSigned', lang)],
      rows: [
        ...signed.map((s) => [cell(s.name), cell(label('role', s.role, lang)), cell(String(s.version)), cell(formatDateTime(s.signedAt, lang))]),
        ...unsigned.map((p) => [cell(p.name ?? p.title ?? ''), cell(label('role', p.role, lang)), cell(String(a.version)), cell(t('notSigned', lang))]),
      ],
    },
  ];
}

/**
 * The document of one agreement in one language, in the municipality's section order: the sections it configured
 * (`agreementSections` on the municipality: a built-in section's key, or the key of one of the agreement's own
 * sections), with the titles it gave them, first; then the built-in sections it did not name, in their default
 * order (the agreement's own sections not named stand together where `other` is). Empty sections are left out.
 */
export function agreementDocument(v: AgreementView, municipality: OrgUnit | null, lang: Locale): DocumentModel {
  const a = v.agreement;
  const own = [...a.sections].sort((x, y) => x.sortOrder - y.sortOrder);
  const configured = municipality?.agreementSections ?? [];
  const titleOf = (key: string) => {
    const c = configured.find((s) => s.key === key);
    return c ? localText(c.title, lang) : '';
  };
  const builtIn = (key: BuiltInSection): Section | null => {
    const blocks =
      key === 'unit'
        ? unitSection(v, lang)
        : key === 'framework'
          ? frameworkSection(a, lang)
          : key === 'budget'
            ? budgetSection(a, lang)
            : key === 'goals'
              ? goalsSection(v, lang)
              : key === 'indicators'
                ? indicatorsSection(v, lang)
                : key === 'signatures'
                  ? signaturesSection(a, lang)
                  : [];
    return blocks.length ? { key, title: titleOf(key) || t(DEFAULT_TITLES[key], lang), blocks } : null;
  };
  const ownSection = (s: (typeof own)[number]): Section => ({ key: s.key, title: s.title, blocks: text(s.body) });

  const placed = new Set<string>();
  const sections: Section[] = [];
  for (const c of configured) {
    if (placed.has(c.key)) continue;
    const found = (BUILT_IN_SECTIONS as readonly string[]).includes(c.key) && c.key !== 'other' ? builtIn(c.key as BuiltInSection) : null;
    const mine = own.find((s) => s.key === c.key);
    if (found) sections.push(found);
    else if (mine) sections.push(ownSection(mine));
    else continue;
    placed.add(c.key);
  }
  for (const key of BUILT_IN_SECTIONS) {
    if (placed.has(key)) continue;
    if (key === 'other') {
      for (const s of own) if (!placed.has(s.key) && s.body.trim()) sections.push(ownSection(s));
      continue;
    }
    const found = builtIn(key);
    if (found) sections.push(found);
  }

  const about: Block = {
    type: 'facts',
    label: t('docAbout', lang),
    items: [
      { term: t('unit', lang), value: v.unit.name },
      ...(municipality && municipality.id !== v.unit.id ? [{ term: t('docMunicipality', lang), value: municipality.name }] : []),
      { term: t('period', lang), value: agreementPeriod(a, lang) },
      ...(a.periodText ? [{ term: t('asWritten', lang), value: a.periodText }] : []),
      { term: t('version', lang), value: a.versionLabel ?? String(a.version) },
      { term: t('status', lang), value: label('agreementStatus', a.status, lang) },
      ...(a.documentDate ? [{ term: t('docDate', lang), value: formatDate(a.documentDate, lang) }] : []),
      ...(a.approvalLine
        ? [{ term: t('approvalAsWritten', lang), value: `${a.approvalLine.text}${a.approvalLine.date ? ` (${formatDate(a.approvalLine.date, lang)})` : ''}` }]
        : []),
    ],
  };
  return { lang, title: a.title, about, sections, ...(a.source ? { source: t('sourceIs', lang, { source: a.source }) } : {}) };
}

/** Paragraphs of prose as written: split at blank lines; single line breaks stay within a paragraph. */
export function paragraphs(s: string): string[] {
  return s
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/^\n+|\n+$/g, ''))
    .filter((p) => p.trim() !== '');
}
