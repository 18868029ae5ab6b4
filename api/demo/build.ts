/**
 * Small builders for the demo documents: numbered child records of a goal, with readable, stable ids
 * (`<goalId>-action-1`, `<goalId>-criterion-1`).
 */
import type { RecordInput } from '../core/transfer';
import type { GoalKind } from '../core/model';

type ActionItem = string | ({ text: string } & Partial<Omit<RecordInput<'action'>, 'id' | 'goalId' | 'text' | 'sortOrder'>>);

/** Actions (handlinger) of a goal, one record per item, in the order the document lists them. */
export function actions(goalId: string, items: ActionItem[]): RecordInput<'action'>[] {
  return items.map((item, i) => {
    const fields = typeof item === 'string' ? { text: item } : item;
    return { id: `${goalId}-action-${i + 1}`, goalId, ...fields, sortOrder: i + 1 };
  });
}

type CriterionItem = string | [GoalKind | null, string];

/** Success criteria (succeskriterier / resultat- og effektmål) of a goal, one record per statement. */
export function criteria(goalId: string, items: CriterionItem[], startAt = 1): RecordInput<'successCriterion'>[] {
  return items.map((item, i) => {
    const [kind, text] = typeof item === 'string' ? [null, item] : item;
    return { id: `${goalId}-criterion-${i + startAt}`, goalId, text, kind, sortOrder: i + startAt };
  });
}

/** A clearly marked demo staff member of a unit, so a development sign-in can act as staff. */
export function demoStaff(id: string, unitName: string, locale: 'da' | 'sv'): RecordInput<'person'> {
  return {
    id,
    displayName: locale === 'sv' ? `Demo Medarbetare (${unitName})` : `Demo Medarbejder (${unitName})`,
    jobTitle: locale === 'sv' ? 'Demoanvändare' : 'Demo-bruger',
    locale,
  };
}

/** A clearly marked demo member of the municipality's quality office, who may administer the setup. */
export function demoQualityOffice(id: string, municipality: string, locale: 'da' | 'sv'): RecordInput<'person'> {
  return {
    id,
    displayName: locale === 'sv' ? `Demo Kvalitetsenheten (${municipality})` : `Demo Kvalitetskonsulent (${municipality})`,
    jobTitle: locale === 'sv' ? 'Demoanvändare' : 'Demo-bruger',
    locale,
  };
}
