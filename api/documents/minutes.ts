import type { ServiceContext } from '../core/context';
import { formatDate, formatDateTime, label, t } from '../core/i18n/text';
import type { Goal, Locale, MeetingSession } from '../core/model';
import { read } from '../core/port';
import type { AgreementView } from '../core/services/agreement-view';
import { listMeetings } from '../core/services/meetings';
import { ANALYSIS_WHEEL } from '../../tab/src/analysis-wheel';
import { agreementModel, DOCUMENT_FORMATS, render, type DocumentFormat } from './export';
import type { Block, DocumentModel, Section } from './model';

/**
 * The minutes of an agreement's dialogue meetings (issue 19, point 5) as a document, through the same renderers as
 * the agreement: per meeting, newest first, its date and participants, then per goal the notes on the goal and per
 * step of the analysis wheel, and the decisions with what they became (an action with its owner and due date, a
 * proposed change, or the minutes only).
 */
export function minutesDocument(v: AgreementView, meetings: readonly MeetingSession[], names: ReadonlyMap<string, string>, lang: Locale): DocumentModel {
  const goals = new Map(v.goals.map((g) => [g.id, g]));
  const goalTitle = (id: string) => {
    const g: Goal | undefined = goals.get(id);
    return g ? `${g.number ? `${g.number}. ` : ''}${g.title}` : id;
  };
  const name = (id: string | null) => (id ? (names.get(id) ?? id) : '–');
  const sections: Section[] = meetings.map((m) => {
    const blocks: Block[] = [
      {
        type: 'facts',
        label: t('meetingHeldOn', lang, { date: formatDate(m.createdAt, lang) }),
        items: [{ term: t('meetingParticipants', lang), value: m.participants.map((p) => p.displayName).join(', ') || '–' }],
      },
    ];
    // The goals in the agreement's order, then any the meeting names that the agreement no longer holds.
    const named = new Set([...m.notes.map((n) => n.goalId), ...m.decisions.map((d) => d.goalId)]);
    const order = [...v.goals.map((g) => g.id).filter((id) => named.has(id)), ...[...named].filter((id) => !goals.has(id))];
    for (const goalId of order) {
      blocks.push({ type: 'heading', text: goalTitle(goalId) });
      const notes = m.notes.filter((n) => n.goalId === goalId && n.text.trim()).sort((a, b) => a.step - b.step || a.at.localeCompare(b.at));
      if (notes.length)
        blocks.push({
          type: 'facts',
          label: `${t('meetingNotes', lang)}: ${goalTitle(goalId)}`,
          items: notes.map((n) => ({
            term: n.step === 0 ? t('meetingGoalNotes', lang) : (ANALYSIS_WHEEL[n.step - 1]?.step[lang] ?? `${t('meetingStep', lang)} ${n.step}`),
            value: n.text,
          })),
        });
      const decisions = m.decisions.filter((d) => d.goalId === goalId);
      if (decisions.length)
        blocks.push({
          type: 'table',
          caption: `${t('meetingDecisions', lang)}: ${goalTitle(goalId)}`,
          columns: [t('meetingDecision', lang), t('meetingBecomes', lang), t('owner', lang), t('due', lang)],
          rows: decisions.map((d) => [
            { lines: [d.text, `${name(d.byId)}, ${formatDateTime(d.at, lang)}`] },
            { lines: [label('meetingOutcome', d.outcome, lang)] },
            { lines: [name(d.ownerId)] },
            { lines: [d.dueDate ? formatDate(d.dueDate, lang) : '–'] },
          ]),
        });
    }
    return { key: m.id, title: t('meetingHeldOn', lang, { date: formatDate(m.createdAt, lang) }), blocks };
  });
  return {
    lang,
    title: `${t('meetingMinutes', lang)}: ${v.agreement.title}`,
    about: {
      type: 'facts',
      label: t('docAbout', lang),
      items: [
        { term: t('unit', lang), value: v.unit.name },
        { term: t('agreement', lang), value: v.agreement.title },
      ],
    },
    sections: sections.length ? sections : [{ key: 'none', title: t('meetingMinutes', lang), blocks: [{ type: 'text', text: t('meetingNoMinutes', lang) }] }],
  };
}

/** The minutes of an agreement as a file, for whoever may read the agreement (the read policy of the meetings). */
export async function exportMinutes(
  ctx: ServiceContext,
  agreementId: string,
  format: DocumentFormat,
  lang?: Locale,
): Promise<{ bytes: Buffer; type: string; name: string }> {
  const meetings = await listMeetings(ctx, agreementId);
  const { view, model } = await agreementModel(ctx, agreementId, lang);
  const ids = [...new Set(meetings.flatMap((m) => [...m.decisions.flatMap((d) => [d.byId, ...(d.ownerId ? [d.ownerId] : [])])]))];
  const names = new Map(meetings.flatMap((m) => m.participants.map((p) => [p.personId, p.displayName] as const)));
  const missing = ids.filter((id) => !names.has(id));
  if (missing.length) for (const p of (await ctx.store.readMany([read.ids('person', missing)]))[0]) names.set(p.id, p.displayName);
  const doc = minutesDocument(view, meetings, names, model.lang);
  const base = `${view.unit.name}-${view.agreement.year}-${t('meetingMinutes', model.lang)}`.replace(/[\\/:*?"<>|]+/g, '-').replace(/\p{Cc}+/gu, '');
  return { bytes: await render(doc, format), type: DOCUMENT_FORMATS[format].type, name: `${base}.${DOCUMENT_FORMATS[format].extension}` };
}
