import { createElement, lazy, Suspense, type ComponentProps, type ComponentType } from 'react';

/**
 * The agreement's editors, loaded on first use: the views import these wrappers, and the editors (with the
 * core's zod schemas they validate with) stay out of the JavaScript a reader loads.
 */
type Editors = typeof import('./editors.js');
const load = () => import('./editors.js');

function part<K extends keyof Editors>(name: K): ComponentType<ComponentProps<Editors[K]>> {
  const Lazy = lazy(() => load().then((m) => ({ default: m[name] as ComponentType<Record<string, unknown>> })));
  const Part = (props: ComponentProps<Editors[K]>) => <Suspense fallback={null}>{createElement(Lazy, props as Record<string, unknown>)}</Suspense>;
  Part.displayName = `Author.${name}`;
  return Part;
}

export const Author = {
  AddGoal: part('AddGoal'),
  GoalTools: part('GoalTools'),
  AddAction: part('AddAction'),
  ActionTools: part('ActionTools'),
  AddCriterion: part('AddCriterion'),
  CriterionTools: part('CriterionTools'),
  AddIndicator: part('AddIndicator'),
  IndicatorTools: part('IndicatorTools'),
  EditAgreementHead: part('EditAgreementHead'),
  EditBudget: part('EditBudget'),
  ListItemTools: part('ListItemTools'),
  AddListItem: part('AddListItem'),
};
