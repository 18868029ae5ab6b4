import { ArrowDown16Regular, ArrowUp16Regular, Delete16Regular, Edit16Regular } from '@fluentui/react-icons';
import { Button, Tooltip, makeStyles } from '@fluentui/react-components';
import { useState, type ReactElement } from 'react';
import type { UnitPermissions } from '../../../api/core/authorization';
import { clientHidden, defOf, type DocumentKind } from '../../../api/core/entities';
import { label, localText, t, type Locale } from '../../../api/core/i18n/text';
import {
  ACTION_STATUSES,
  CURRENCIES,
  DIRECTIONS,
  GOAL_KINDS,
  MEASURE_TYPES,
  PARTY_ROLES,
  VALUE_TYPES,
  type Action,
  type Agreement,
  type Goal,
  type GoalLevel,
  type Indicator,
  type OrgUnit,
  type SuccessCriterion,
} from '../../../api/core/model';
import type { Api } from '../api';
import { useApp } from '../context';
import { ConfirmDelete, FormDialog, type FieldSpec, type FormProps } from './form';
import { scaleOf } from '../../../api/core/rules/fulfilment';

/**
 * Writing the whole agreement in the tab: goals, actions, success criteria, indicators, the budget frame,
 * sections, key figures and parties — create, edit, reorder, delete. Loaded only for someone who may write
 * (the views ask GET /api/units/{id}/permissions), shown only while the agreement's state leaves the content
 * open (the core's rules/agreement-life.ts `openFields`), and every write goes through the REST API's generic
 * routes, which decide again.
 */

const useStyles = makeStyles({
  tools: { display: 'inline-flex', flexWrap: 'wrap', gap: '2px', alignItems: 'center' },
});

type Stored = { id: string; revision: number };
type Sorted = Stored & { sortOrder: number };
const pathOf = (kind: DocumentKind) => `/${defOf(kind).path}`;

/** What a client writes of a stored record: without the stored and derived fields. */
function writable(kind: DocumentKind, record: Record<string, unknown>): Record<string, unknown> {
  const { revision: _r, createdAt: _c, updatedAt: _u, ...rest } = record;
  for (const f of clientHidden(kind)) delete rest[f];
  return rest;
}

const options = (values: readonly string[], group: string, lang: Locale, none = false) => [
  ...(none ? [{ value: '', text: t('noneOption', lang) }] : []),
  ...values.map((v) => ({ value: v, text: label(group, v, lang) })),
];

/**
 * Moves one record of an ordered list a place up or down: the list is numbered afresh in steps of ten (records
 * that share a sort order cannot swap otherwise), and only the records whose number changes are written.
 */
async function move(api: Api, kind: DocumentKind, list: readonly Sorted[], index: number, delta: -1 | 1): Promise<void> {
  const order = [...list];
  const [moved] = order.splice(index, 1);
  order.splice(index + delta, 0, moved!);
  for (const [i, r] of order.entries()) {
    const sortOrder = (i + 1) * 10;
    if (r.sortOrder !== sortOrder) await api.send('PATCH', `${pathOf(kind)}/${encodeURIComponent(r.id)}`, { sortOrder }, r.revision);
  }
}

type ToolsProps = {
  name: string;
  index: number;
  count: number;
  mayEdit: boolean;
  mayDelete: boolean;
  onEdit: () => void;
  onMove: (delta: -1 | 1) => Promise<void>;
  onDelete: () => void;
};

/** Edit, move up, move down and delete of one item: small buttons, each named for the item. */
function Tools(p: ToolsProps) {
  const { lang } = useApp();
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  const moveBy = async (delta: -1 | 1) => {
    setBusy(true);
    try {
      await p.onMove(delta);
    } finally {
      setBusy(false);
    }
  };
  const button = (key: Parameters<typeof t>[0], icon: ReactElement, onClick: () => void, disabled = false, dialog = false) => (
    <Tooltip content={t(key, lang, { item: p.name })} relationship="label" withArrow>
      <Button
        size="small"
        appearance="subtle"
        icon={icon}
        onClick={onClick}
        disabled={disabled || busy}
        data-tool={key}
        aria-haspopup={dialog ? 'dialog' : undefined}
      />
    </Tooltip>
  );
  return (
    <span className={styles.tools} data-testid="item-tools">
      {p.mayEdit && button('editItem', <Edit16Regular />, p.onEdit, false, true)}
      {p.mayEdit && p.count > 1 && button('moveUp', <ArrowUp16Regular />, () => void moveBy(-1), p.index === 0)}
      {p.mayEdit && p.count > 1 && button('moveDown', <ArrowDown16Regular />, () => void moveBy(1), p.index === p.count - 1)}
      {p.mayDelete && button('deleteItem', <Delete16Regular />, p.onDelete, false, true)}
    </span>
  );
}

// ---- Records of their own: goals, actions, success criteria, indicators ---------------------------------

type RecordForm<T> = (record: T | null) => Omit<FormProps, 'onDone' | 'onReload' | 'save' | 'check' | 'initial'> & {
  /** The fields a new record starts with. */
  base: Record<string, unknown>;
  /** The form's inputs of a record, where they are not its fields one to one (an indicator's frequency). */
  decompose?: (record: Record<string, unknown>) => Record<string, unknown>;
};

/**
 * The tools of one stored record in an ordered list (edit, move, delete) and the form that edits it.
 * `form` gives the fields of the kind; the core's schema for the kind checks what the form would write.
 */
function RecordItemTools<T extends Sorted>(props: {
  kind: DocumentKind;
  record: T;
  list: readonly T[];
  name: string;
  perms: UnitPermissions;
  form: RecordForm<T>;
  deleteText?: string;
  onChanged: () => Promise<void>;
  /** Loads what the form needs before it opens (goal levels, parent goals). */
  prepare?: () => Promise<void>;
}) {
  const { api, lang } = useApp();
  const [open, setOpen] = useState<'edit' | 'delete' | null>(null);
  const { kind, record } = props;
  const index = props.list.findIndex((r) => r.id === record.id);
  const path = `${pathOf(kind)}/${encodeURIComponent(record.id)}`;
  return (
    <>
      <Tools
        name={props.name}
        index={index}
        count={props.list.length}
        mayEdit={props.perms.write[kind].update}
        mayDelete={props.perms.write[kind].delete}
        onEdit={async () => {
          await props.prepare?.();
          setOpen('edit');
        }}
        onMove={async (delta) => {
          try {
            await move(api, kind, props.list, index, delta);
          } finally {
            await props.onChanged();
          }
        }}
        onDelete={() => setOpen('delete')}
      />
      {open === 'edit' &&
        (() => {
          const f = props.form(record);
          return (
            <FormDialog
              {...f}
              initial={(f.decompose ?? ((r) => r))(record as unknown as Record<string, unknown>)}
              partOf={(current) => (f.decompose ?? ((r) => r))(current as Record<string, unknown>)}
              check={(body) => ({ kind, record: { ...writable(kind, record as unknown as Record<string, unknown>), ...body }, prefix: [] })}
              save={async (body, current) => {
                await api.send('PATCH', path, body, (current as Stored | undefined)?.revision ?? record.revision);
                await props.onChanged();
              }}
              onDone={() => setOpen(null)}
              onReload={() => void props.onChanged()}
            />
          );
        })()}
      {open === 'delete' && (
        <ConfirmDelete
          item={props.name}
          text={props.deleteText ?? t('confirmDeleteText', lang)}
          onDone={() => setOpen(null)}
          onConfirm={async () => {
            await api.send('DELETE', path, undefined, record.revision);
            await props.onChanged();
          }}
        />
      )}
    </>
  );
}

/** A button that adds a record of a kind through a form. */
function AddRecord<T>(props: {
  kind: DocumentKind;
  text: string;
  form: RecordForm<T>;
  onChanged: () => Promise<void>;
  prepare?: () => Promise<void>;
  testId: string;
}) {
  const { api } = useApp();
  const [open, setOpen] = useState(false);
  const f = open ? props.form(null) : null;
  return (
    <>
      <div>
        <Button
          data-testid={props.testId}
          aria-haspopup="dialog"
          onClick={async () => {
            await props.prepare?.();
            setOpen(true);
          }}
        >
          {props.text}
        </Button>
      </div>
      {f && (
        <FormDialog
          {...f}
          initial={(f.decompose ?? ((r) => r))(f.base)}
          check={(body) => ({ kind: props.kind, record: { ...f.base, ...body }, prefix: [] })}
          save={async (body) => {
            await api.send('POST', pathOf(props.kind), { ...f.base, ...body });
            await props.onChanged();
          }}
          onDone={() => setOpen(false)}
          onReload={() => void props.onChanged()}
        />
      )}
    </>
  );
}

const nextSort = (list: readonly { sortOrder: number }[]) => (list.length ? Math.max(...list.map((r) => r.sortOrder)) : 0) + 10;

// ---- Goals ----------------------------------------------------------------------------------------------

/** What a goal's form chooses from: the goal levels of the municipality, the units above and their goals of the year. */
/** What a goal form offers: levels, units above, goals to link to, and the municipality's scale and goal groups. */
type GoalChoices = { levels: GoalLevel[]; above: OrgUnit[]; parents: Goal[]; municipality: OrgUnit };

async function loadGoalChoices(api: Api, unit: OrgUnit, year: number, linked: readonly Goal[]): Promise<GoalChoices> {
  const above: OrgUnit[] = [];
  for (let id = unit.parentId; id && above.length < 20;) {
    const u: OrgUnit = await api.get(`/units/${encodeURIComponent(id)}`);
    above.push(u);
    id = u.parentId;
  }
  const municipalityId = above.at(-1)?.id ?? unit.id;
  const [levels, ...goalPages] = await Promise.all([
    api.get<{ items: GoalLevel[] }>(`/goal-levels?municipalityId=${encodeURIComponent(municipalityId)}&limit=200`),
    ...above.map((u) => api.get<{ items: Goal[] }>(`/goals?unitId=${encodeURIComponent(u.id)}&limit=200`).catch(() => ({ items: [] as Goal[] }))),
  ]);
  const parents = new Map<string, Goal>();
  for (const g of goalPages.flatMap((p) => p.items)) if (g.year === null || g.year === year) parents.set(g.id, g);
  for (const g of linked) parents.set(g.id, g);
  return { levels: levels.items.sort((a, b) => a.rank - b.rank), above, parents: [...parents.values()], municipality: above.at(-1) ?? unit };
}

function goalForm(lang: Locale, agreement: Agreement, choices: GoalChoices, goals: readonly Goal[]): RecordForm<Goal> {
  const unitName = (id: string | null) => choices.above.find((u) => u.id === id)?.name;
  return (goal) => ({
    title: goal ? t('editGoal', lang) : t('addGoal', lang),
    testId: 'goal-form',
    base: {
      agreementId: agreement.id,
      unitId: agreement.unitId,
      year: agreement.year,
      origin: 'own',
      levelId: choices.levels.at(-1)?.id ?? '',
      // A new goal is on no step of the scale until someone says so.
      status: null,
      groupKey: null,
      kind: null,
      sharedFromUnitId: null,
      parentGoalIds: [],
      followUpMonths: [],
      ownerId: null,
      sortOrder: nextSort(goals),
    },
    fields: [
      { name: 'number', label: t('number', lang), type: 'text', empty: 'omit' },
      { name: 'title', label: t('title', lang), type: 'text' },
      { name: 'description', label: t('description', lang), type: 'textarea', empty: 'omit' },
      {
        name: 'groupKey',
        label: t('goalArea', lang),
        type: 'select',
        empty: 'null',
        when: () => (choices.municipality.goalGroups ?? []).length > 0,
        options: [
          { value: '', text: t('noneOption', lang) },
          ...(choices.municipality.goalGroups ?? []).map((g) => ({ value: g.key, text: localText(g.name, lang) })),
        ],
      },
      { name: 'levelId', label: t('goalLevel', lang), type: 'select', options: choices.levels.map((l) => ({ value: l.id, text: localText(l.name, lang) })) },
      {
        name: 'origin',
        label: t('goalGroup', lang),
        type: 'select',
        options: [
          { value: 'own', text: t('ownGoals', lang) },
          { value: 'shared', text: t('sharedGoals', lang) },
        ],
      },
      {
        name: 'sharedFromUnitId',
        label: t('sharedFromUnit', lang),
        type: 'select',
        empty: 'null',
        when: (v) => v.origin === 'shared',
        options: [{ value: '', text: t('noneOption', lang) }, ...choices.above.map((u) => ({ value: u.id, text: u.name }))],
      },
      { name: 'kind', label: t('kind', lang), type: 'select', empty: 'null', options: options(GOAL_KINDS, 'goalKind', lang, true) },
      {
        name: 'parentGoalIds',
        label: t('parentGoal', lang),
        type: 'checks',
        options: choices.parents
          .filter((p) => p.id !== goal?.id)
          .map((p) => ({ value: p.id, text: `${p.number ? `${p.number}. ` : ''}${p.title}${unitName(p.unitId) ? ` (${unitName(p.unitId)})` : ''}` })),
      },
      {
        name: 'status',
        label: t('status', lang),
        type: 'select',
        empty: 'null',
        options: [{ value: '', text: t('noStatus', lang) }, ...scaleOf(choices.municipality).map((x) => ({ value: x.key, text: localText(x.name, lang) }))],
      },
      { name: 'followUpMonths', label: t('followUpMonths', lang), type: 'months' },
      { name: 'followUpText', label: t('followUpText', lang), type: 'textarea', empty: 'omit' },
      { name: 'ownerId', label: t('owner', lang), type: 'person', empty: 'null' },
    ],
  });
}

function useGoalChoices(agreement: Agreement, unit: OrgUnit, linked: readonly Goal[]) {
  const { api } = useApp();
  const [choices, setChoices] = useState<GoalChoices | null>(null);
  const prepare = async () => {
    if (!choices) setChoices(await loadGoalChoices(api, unit, agreement.year, linked));
  };
  return { choices, prepare };
}

/** "Add goal" under the agreement's goals. */
export function AddGoal({
  agreement,
  unit,
  goals,
  parentGoals,
  onChanged,
}: {
  agreement: Agreement;
  unit: OrgUnit;
  goals: Goal[];
  parentGoals: Goal[];
  onChanged: () => Promise<void>;
}) {
  const { lang } = useApp();
  const { choices, prepare } = useGoalChoices(agreement, unit, parentGoals);
  return (
    <AddRecord<Goal>
      kind="goal"
      testId="add-goal"
      text={t('addGoal', lang)}
      prepare={prepare}
      onChanged={onChanged}
      form={(g) => goalForm(lang, agreement, choices ?? { levels: [], above: [], parents: [], municipality: unit }, goals)(g)}
    />
  );
}

/** Edit, move and delete of one goal of the agreement (moving within its group: shared or own goals). */
export function GoalTools({
  agreement,
  unit,
  goal,
  group,
  goals,
  parentGoals,
  perms,
  onChanged,
}: {
  agreement: Agreement;
  unit: OrgUnit;
  goal: Goal;
  group: Goal[];
  goals: Goal[];
  parentGoals: Goal[];
  perms: UnitPermissions;
  onChanged: () => Promise<void>;
}) {
  const { lang } = useApp();
  const { choices, prepare } = useGoalChoices(agreement, unit, parentGoals);
  return (
    <RecordItemTools
      kind="goal"
      record={goal}
      list={group}
      name={goal.title}
      perms={perms}
      prepare={prepare}
      onChanged={onChanged}
      deleteText={t('confirmDeleteGoal', lang)}
      form={(g) => goalForm(lang, agreement, choices ?? { levels: [], above: [], parents: [], municipality: unit }, goals)(g)}
    />
  );
}

// ---- Actions and success criteria ---------------------------------------------------------------------

function actionForm(lang: Locale, goal: Goal, actions: readonly Action[]): RecordForm<Action> {
  return (action) => ({
    title: action ? t('editAction', lang) : t('addAction', lang),
    testId: 'action-form',
    base: { goalId: goal.id, status: 'planned', ownerId: null, dueDate: null, sortOrder: nextSort(actions) },
    fields: [
      { name: 'text', label: t('description', lang), type: 'textarea' },
      { name: 'ownerId', label: t('owner', lang), type: 'person', empty: 'null' },
      { name: 'ownerText', label: t('ownerText', lang), type: 'text', empty: 'omit' },
      { name: 'dueDate', label: t('due', lang), type: 'date', empty: 'null' },
      { name: 'status', label: t('status', lang), type: 'select', options: options(ACTION_STATUSES, 'actionStatus', lang) },
    ],
  });
}

function criterionForm(lang: Locale, goal: Goal, criteria: readonly SuccessCriterion[]): RecordForm<SuccessCriterion> {
  return (criterion) => ({
    title: criterion ? t('editCriterion', lang) : t('addCriterion', lang),
    testId: 'criterion-form',
    base: { goalId: goal.id, kind: null, met: null, sortOrder: nextSort(criteria) },
    fields: [
      { name: 'text', label: t('description', lang), type: 'textarea' },
      { name: 'kind', label: t('kind', lang), type: 'select', empty: 'null', options: options(GOAL_KINDS, 'goalKind', lang, true) },
      {
        name: 'met',
        label: t('criterionMet', lang),
        type: 'select',
        options: options(['unknown', 'yes', 'no'], 'met', lang),
        encode: (v) => (v === true ? 'yes' : v === false ? 'no' : 'unknown'),
        decode: (raw) => (raw === 'yes' ? true : raw === 'no' ? false : null),
      },
    ],
  });
}

// ---- Indicators -----------------------------------------------------------------------------------------

const FREQUENCY_KINDS = ['monthly', 'quarterly', 'yearly', 'months'] as const;

/** An indicator's frequency as two inputs (how often, which months) and back. */
function indicatorInitial(i: Record<string, unknown>): Record<string, unknown> {
  const f = i.frequency as Indicator['frequency'] | undefined;
  return { ...i, frequencyKind: f?.kind ?? 'quarterly', frequencyMonths: f?.kind === 'yearly' ? [f.month] : f?.kind === 'months' ? f.months : [] };
}
function composeIndicator(body: Record<string, unknown>): Record<string, unknown> {
  const { frequencyKind, frequencyMonths, ...rest } = body as { frequencyKind: string; frequencyMonths?: number[] } & Record<string, unknown>;
  const months = frequencyMonths ?? [];
  const frequency =
    frequencyKind === 'yearly' ? { kind: 'yearly', month: months[0] } : frequencyKind === 'months' ? { kind: 'months', months } : { kind: frequencyKind };
  return { ...rest, frequency };
}

function indicatorForm(lang: Locale, goal: Goal, indicators: readonly Indicator[]): RecordForm<Indicator> {
  return (indicator) => ({
    title: indicator ? t('editIndicator', lang) : t('addIndicator', lang),
    testId: 'indicator-form',
    base: {
      goalId: goal.id,
      direction: 'increase',
      measureType: 'result',
      valueType: 'number',
      frequency: { kind: 'quarterly' },
      minValue: null,
      maxValue: null,
      baseline: null,
      baselineYear: null,
      target: null,
      targetMax: null,
      tolerance: null,
      ownerId: null,
      sortOrder: nextSort(indicators),
    },
    decompose: indicatorInitial,
    compose: composeIndicator,
    fields: [
      { name: 'name', label: t('name', lang), type: 'text' },
      { name: 'description', label: t('description', lang), type: 'textarea', empty: 'omit' },
      { name: 'unitOfMeasure', label: t('unitOfMeasure', lang), type: 'text' },
      { name: 'valueType', label: t('valueType', lang), type: 'select', options: options(VALUE_TYPES, 'valueType', lang) },
      { name: 'minValue', label: t('minValue', lang), type: 'number', empty: 'null' },
      { name: 'maxValue', label: t('maxValue', lang), type: 'number', empty: 'null' },
      { name: 'baseline', label: t('baseline', lang), type: 'number', empty: 'null' },
      { name: 'baselineYear', label: t('baselineYear', lang), type: 'number', empty: 'null' },
      { name: 'direction', label: t('comparator', lang), type: 'select', options: options(DIRECTIONS, 'direction', lang) },
      { name: 'target', label: t('target', lang), type: 'number', empty: 'null' },
      { name: 'targetMax', label: t('targetMax', lang), type: 'number', empty: 'null', when: (v) => v.direction === 'range' },
      { name: 'tolerance', label: t('tolerance', lang), type: 'number', empty: 'null', when: (v) => v.direction === 'keep' },
      { name: 'targetText', label: t('targetText', lang), type: 'text', empty: 'omit' },
      {
        name: 'frequencyKind',
        label: t('frequency', lang),
        type: 'select',
        paths: ['frequency', 'frequency.kind'],
        options: options(FREQUENCY_KINDS, 'frequency', lang),
      },
      {
        name: 'frequencyMonths',
        label: t('months', lang),
        type: 'months',
        paths: ['frequency.month', 'frequency.months'],
        when: (v) => v.frequencyKind === 'yearly' || v.frequencyKind === 'months',
      },
      { name: 'dataSource', label: t('dataSource', lang), type: 'text', empty: 'omit' },
      { name: 'measureType', label: t('measureType', lang), type: 'select', options: options(MEASURE_TYPES, 'measureType', lang) },
      { name: 'ownerId', label: t('owner', lang), type: 'person', empty: 'null' },
      { name: 'ownerText', label: t('ownerText', lang), type: 'text', empty: 'omit' },
    ],
  });
}

type GoalChildren = { goal: Goal; perms: UnitPermissions; onChanged: () => Promise<void> };

export function AddAction({ goal, actions, onChanged }: GoalChildren & { actions: Action[] }) {
  const { lang } = useApp();
  return <AddRecord kind="action" testId="add-action" text={t('addAction', lang)} form={actionForm(lang, goal, actions)} onChanged={onChanged} />;
}
export function ActionTools({ goal, action, actions, perms, onChanged }: GoalChildren & { action: Action; actions: Action[] }) {
  const { lang } = useApp();
  return (
    <RecordItemTools
      kind="action"
      record={action}
      list={actions}
      name={action.text.slice(0, 60)}
      perms={perms}
      form={actionForm(lang, goal, actions)}
      onChanged={onChanged}
    />
  );
}
export function AddCriterion({ goal, criteria, onChanged }: GoalChildren & { criteria: SuccessCriterion[] }) {
  const { lang } = useApp();
  return (
    <AddRecord kind="successCriterion" testId="add-criterion" text={t('addCriterion', lang)} form={criterionForm(lang, goal, criteria)} onChanged={onChanged} />
  );
}
export function CriterionTools({ goal, criterion, criteria, perms, onChanged }: GoalChildren & { criterion: SuccessCriterion; criteria: SuccessCriterion[] }) {
  const { lang } = useApp();
  return (
    <RecordItemTools
      kind="successCriterion"
      record={criterion}
      list={criteria}
      name={criterion.text.slice(0, 60)}
      perms={perms}
      form={criterionForm(lang, goal, criteria)}
      onChanged={onChanged}
    />
  );
}
export function AddIndicator({ goal, indicators, onChanged }: GoalChildren & { indicators: Indicator[] }) {
  const { lang } = useApp();
  return (
    <AddRecord kind="indicator" testId="add-indicator" text={t('addIndicator', lang)} form={indicatorForm(lang, goal, indicators)} onChanged={onChanged} />
  );
}
export function IndicatorTools({ goal, indicator, indicators, perms, onChanged }: GoalChildren & { indicator: Indicator; indicators: Indicator[] }) {
  const { lang } = useApp();
  return (
    <RecordItemTools
      kind="indicator"
      record={indicator}
      list={indicators}
      name={indicator.name}
      perms={perms}
      form={indicatorForm(lang, goal, indicators)}
      onChanged={onChanged}
    />
  );
}

// ---- Parts of the agreement itself: budget, parties, key figures, sections, title and period ------------

type AgreementPart = { agreement: Agreement; onChanged: () => Promise<void> };

/** A form over part of the agreement: written as one PATCH of the agreement, checked with the agreement's schema. */
function AgreementPartForm(
  props: AgreementPart & {
    title: string;
    testId: string;
    fields: FieldSpec[];
    initial: Record<string, unknown>;
    prefix: (string | number)[];
    /** The agreement's fields after the change, made from the agreement it applies to (the stored one, or someone else's newer one). */
    apply: (agreement: Agreement, body: Record<string, unknown>) => Partial<Agreement>;
    partOf: (agreement: Agreement) => Record<string, unknown>;
    onDone: () => void;
  },
) {
  const { api } = useApp();
  const a = props.agreement;
  return (
    <FormDialog
      title={props.title}
      testId={props.testId}
      fields={props.fields}
      initial={props.initial}
      check={(body) => ({
        kind: 'agreement',
        record: { ...writable('agreement', a as unknown as Record<string, unknown>), ...props.apply(a, body) },
        prefix: props.prefix,
      })}
      save={async (body, current) => {
        const base = (current as Agreement | undefined) ?? a;
        await api.send('PATCH', `/agreements/${encodeURIComponent(a.id)}`, props.apply(base, body), base.revision);
        await props.onChanged();
      }}
      partOf={(current) => props.partOf(current as Agreement)}
      onDone={props.onDone}
      onReload={() => void props.onChanged()}
    />
  );
}

/** The title, period and document date of the agreement (next year's draft starts with last year's words). */
export function EditAgreementHead({ agreement, onChanged }: AgreementPart) {
  const { lang } = useApp();
  const [open, setOpen] = useState(false);
  const pick = (a: Agreement) => ({
    title: a.title,
    periodStart: a.periodStart,
    periodEnd: a.periodEnd,
    lastYear: a.lastYear,
    periodText: a.periodText,
    documentDate: a.documentDate,
  });
  return (
    <>
      <Button data-testid="edit-head" aria-haspopup="dialog" icon={<Edit16Regular />} onClick={() => setOpen(true)}>
        {t('editAgreementHead', lang)}
      </Button>
      {open && (
        <AgreementPartForm
          agreement={agreement}
          onChanged={onChanged}
          title={t('editAgreementHead', lang)}
          testId="head-form"
          prefix={[]}
          initial={pick(agreement)}
          partOf={pick}
          apply={(_, body) => body as Partial<Agreement>}
          onDone={() => setOpen(false)}
          fields={[
            { name: 'title', label: t('title', lang), type: 'text' },
            { name: 'periodStart', label: t('periodStart', lang), type: 'date' },
            { name: 'periodEnd', label: t('periodEnd', lang), type: 'date', empty: 'null' },
            { name: 'lastYear', label: t('lastYear', lang), type: 'number', empty: 'omit' },
            { name: 'periodText', label: t('periodAsWritten', lang), type: 'text', empty: 'omit' },
            { name: 'documentDate', label: t('documentDate', lang), type: 'date', empty: 'null' },
          ]}
        />
      )}
    </>
  );
}

export function EditBudget({ agreement, onChanged }: AgreementPart) {
  const { lang } = useApp();
  const [open, setOpen] = useState(false);
  const initial = (a: Agreement) => (a.budget ?? { amount: null, currency: lang === 'sv' ? 'SEK' : 'DKK' }) as Record<string, unknown>;
  return (
    <>
      <div>
        <Button data-testid="edit-budget" aria-haspopup="dialog" icon={<Edit16Regular />} onClick={() => setOpen(true)}>
          {t('editBudget', lang)}
        </Button>
      </div>
      {open && (
        <AgreementPartForm
          agreement={agreement}
          onChanged={onChanged}
          title={t('editBudget', lang)}
          testId="budget-form"
          prefix={['budget']}
          initial={initial(agreement)}
          partOf={initial}
          apply={(_, body) => ({ budget: body as Agreement['budget'] })}
          onDone={() => setOpen(false)}
          fields={[
            { name: 'amount', label: t('amount', lang), type: 'number', empty: 'null' },
            { name: 'currency', label: t('currency', lang), type: 'select', options: CURRENCIES.map((c) => ({ value: c, text: c })) },
            { name: 'label', label: t('budgetLabel', lang), type: 'text', empty: 'omit' },
            { name: 'note', label: t('note', lang), type: 'textarea', empty: 'omit' },
          ]}
        />
      )}
    </>
  );
}

type ListName = 'parties' | 'keyFigures' | 'sections';

/** The forms of the agreement's lists: a party, a key figure, a section. */
function listFields(
  list: ListName,
  lang: Locale,
): { fields: FieldSpec[]; add: Parameters<typeof t>[0]; edit: Parameters<typeof t>[0]; blank: Record<string, unknown> } {
  switch (list) {
    case 'parties':
      return {
        add: 'addParty',
        edit: 'editParty',
        blank: { role: 'leader', name: '', personId: null },
        fields: [
          { name: 'role', label: t('role', lang), type: 'select', options: options(PARTY_ROLES, 'role', lang) },
          { name: 'name', label: t('name', lang), type: 'text', empty: 'omit' },
          { name: 'personId', label: t('person', lang), type: 'person', empty: 'null' },
          { name: 'title', label: t('partyTitle', lang), type: 'text', empty: 'omit' },
          // Who signs and who owns the follow-up are separate (absent: signs, does not own the follow-up).
          {
            name: 'signs',
            label: t('partySigns', lang),
            type: 'select',
            options: options(['yes', 'no'], 'met', lang),
            encode: (v) => (v === false ? 'no' : 'yes'),
            decode: (raw) => (raw === 'no' ? false : undefined),
          },
          {
            name: 'followsUp',
            label: t('partyFollowsUp', lang),
            type: 'select',
            options: options(['no', 'yes'], 'met', lang),
            encode: (v) => (v === true ? 'yes' : 'no'),
            decode: (raw) => (raw === 'yes' ? true : undefined),
          },
        ],
      };
    case 'keyFigures':
      return {
        add: 'addKeyFigure',
        edit: 'editKeyFigure',
        blank: { label: '', values: [] },
        fields: [
          { name: 'label', label: t('name', lang), type: 'text' },
          { name: 'unit', label: t('unitOfMeasure', lang), type: 'text', empty: 'omit' },
          { name: 'values', label: t('value', lang), type: 'yearValues' },
        ],
      };
    case 'sections':
      return {
        add: 'addSection',
        edit: 'editSection',
        blank: { title: '', body: '' },
        fields: [
          { name: 'title', label: t('title', lang), type: 'text' },
          { name: 'body', label: t('text', lang), type: 'textarea' },
        ],
      };
  }
}

type Item = Record<string, unknown>;
const itemsOf = (a: Agreement, list: ListName): Item[] =>
  list === 'sections' ? [...a.sections].sort((x, y) => x.sortOrder - y.sortOrder) : ([...a[list]] as Item[]);

/** A list written back: sections keep their order in sortOrder as well, and each gets a key of its own. */
function listPatch(list: ListName, items: Item[]): Partial<Agreement> {
  if (list !== 'sections') return { [list]: items } as Partial<Agreement>;
  const keys = new Set<string>();
  const sections = items.map((s, i) => {
    let key =
      typeof s.key === 'string' && s.key
        ? s.key
        : String(s.title ?? 'section')
            .toLowerCase()
            .normalize('NFKD')
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-|-$/g, '')
            .slice(0, 60) || 'section';
    while (keys.has(key)) key = `${key}-${i + 1}`;
    keys.add(key);
    return { ...s, key, sortOrder: (i + 1) * 10 };
  });
  return { sections } as Partial<Agreement>;
}

/** The tools of one item of the agreement's parties, key figures or sections. */
export function ListItemTools({
  agreement,
  list,
  index,
  name,
  perms,
  onChanged,
}: AgreementPart & { list: ListName; index: number; name: string; perms: UnitPermissions }) {
  const { lang, api } = useApp();
  const [open, setOpen] = useState<'edit' | 'delete' | null>(null);
  const items = itemsOf(agreement, list);
  const spec = listFields(list, lang);
  const write = async (make: (items: Item[]) => Item[], base: Agreement = agreement) => {
    await api.send('PATCH', `/agreements/${encodeURIComponent(agreement.id)}`, listPatch(list, make(itemsOf(base, list))), base.revision);
    await onChanged();
  };
  const may = perms.write.agreement.update;
  return (
    <>
      <Tools
        name={name}
        index={index}
        count={items.length}
        mayEdit={may}
        mayDelete={may}
        onEdit={() => setOpen('edit')}
        onDelete={() => setOpen('delete')}
        onMove={async (delta) => {
          try {
            await write((all) => {
              const [moved] = all.splice(index, 1);
              all.splice(index + delta, 0, moved!);
              return all;
            });
          } catch {
            await onChanged();
          }
        }}
      />
      {open === 'edit' && (
        <AgreementPartForm
          agreement={agreement}
          onChanged={onChanged}
          title={t(spec.edit, lang)}
          testId={`${list}-form`}
          prefix={[list, index]}
          fields={spec.fields}
          initial={items[index] ?? spec.blank}
          partOf={(a) => itemsOf(a, list)[index] ?? spec.blank}
          apply={(a, body) =>
            listPatch(
              list,
              itemsOf(a, list).map((it, i) => (i === index ? { ...(list === 'sections' ? { key: it.key } : {}), ...body } : it)),
            )
          }
          onDone={() => setOpen(null)}
        />
      )}
      {open === 'delete' && (
        <ConfirmDelete
          item={name}
          text={t('confirmDeleteText', lang)}
          onDone={() => setOpen(null)}
          onConfirm={() => write((all) => all.filter((_, i) => i !== index))}
        />
      )}
    </>
  );
}

/** Adds a party, a key figure or a section to the agreement. */
export function AddListItem({ agreement, list, onChanged }: AgreementPart & { list: ListName }) {
  const { lang } = useApp();
  const [open, setOpen] = useState(false);
  const spec = listFields(list, lang);
  const index = itemsOf(agreement, list).length;
  return (
    <>
      <div>
        <Button data-testid={`add-${list}`} aria-haspopup="dialog" onClick={() => setOpen(true)}>
          {t(spec.add, lang)}
        </Button>
      </div>
      {open && (
        <AgreementPartForm
          agreement={agreement}
          onChanged={onChanged}
          title={t(spec.add, lang)}
          testId={`${list}-form`}
          prefix={[list, index]}
          fields={spec.fields}
          initial={spec.blank}
          partOf={() => spec.blank}
          apply={(a, body) => listPatch(list, [...itemsOf(a, list), body])}
          onDone={() => setOpen(false)}
        />
      )}
    </>
  );
}
