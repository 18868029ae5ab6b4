import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Subtitle1,
  Title2,
  Tree,
  TreeItem,
  TreeItemLayout,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { ArrowDown16Regular, ArrowUp16Regular } from '@fluentui/react-icons';
import type { MyUnit } from '../../../api/core/services/my-units';
import { PeoplePicker } from '../components/people-picker';
import { FULFILMENT_MEANINGS, type GoalLevel, type LocalizedText, type OrgUnit } from '../../../api/core/model';
import { scaleOf } from '../../../api/core/rules/fulfilment';
import type { UnitNode } from '../../../api/core/services/organisation';
import { ApiError } from '../api';
import { useApp, useResource } from '../context';
import { label, localText, parseNumber, t, type MessageKey } from '../../../api/core/i18n/text';
import { Failure, Loading } from './common';
import { KeyFigureLinks } from './key-figures';

const NARROW = '@media (max-width: 599px)';

const useStyles = makeStyles({
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(240px, 360px) 1fr',
    gap: '24px',
    alignItems: 'start',
    // In a side panel the tree stands above the form, and every field is as wide as the panel.
    [NARROW]: { gridTemplateColumns: 'minmax(0, 1fr)', '& .fui-Input, & .fui-Combobox, & .fui-Dropdown': { minWidth: 0, maxWidth: '100%' } },
  },
  form: { display: 'flex', flexDirection: 'column', gap: '8px', maxWidth: '560px', minWidth: 0 },
  levels: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr 1fr 1fr auto',
    gap: '6px',
    alignItems: 'end',
    // Narrow: one field under the other (each says its language), the row's buttons under them.
    [NARROW]: { gridTemplateColumns: 'minmax(0, 1fr)', '& > .column-head': { display: 'none' } },
  },
  // The fulfilment scale: also its meaning and band, one under the other when narrow.
  scale: { gridTemplateColumns: 'auto 1fr 1fr 1fr auto auto auto auto', [NARROW]: { gridTemplateColumns: 'minmax(0, 1fr)' } },
  selected: { fontWeight: tokens.fontWeightSemibold },
  buttons: { display: 'flex', gap: '4px', flexWrap: 'nowrap', [NARROW]: { flexWrap: 'wrap', marginBottom: '8px' } },
});

/** The language a name field is for, shown in the field (the column heads are gone in a narrow panel). */
const langTag = (k: 'da' | 'sv' | 'en') => <Caption1 aria-hidden="true">{k}</Caption1>;

/** The quality office's setup: the organisation tree with leaders, staff and approving chief; goal levels and their names. */
export function SetupPage() {
  const { lang } = useApp();
  const styles = useStyles();
  const tree = useResource<UnitNode[]>('/organisation/tree');
  const mine = useResource<MyUnit[]>('/me/units');
  const [picked, setPicked] = useState<string | null>(null);
  // Opens on the municipality of the quality office (else the first municipality the actor sees).
  const selected = picked ?? mine.data?.find((m) => m.roles.includes('quality_office'))?.unit.id ?? tree.data?.[0]?.id ?? null;
  const [savedUnit, setSavedUnit] = useState<string | null>(null);
  const setSelected = (id: string) => {
    setPicked(id);
    setSavedUnit(null);
  };
  if (tree.error) return <Failure error={tree.error} retry={tree.reload} />;
  if (!tree.data || !mine.data) return <Loading />;
  const find = (nodes: UnitNode[]): UnitNode | undefined => nodes.flatMap((n) => [n, find(n.children)]).find((n) => n?.id === selected) as UnitNode | undefined;
  const unit = selected ? find(tree.data) : undefined;
  const municipality = unit ? rootOf(tree.data, unit.id) : undefined;
  const item = (n: UnitNode) => (
    <TreeItem key={n.id} itemType={n.children.length ? 'branch' : 'leaf'} value={n.id}>
      <TreeItemLayout onClick={() => setSelected(n.id)} className={n.id === selected ? styles.selected : undefined}>
        {n.name}
      </TreeItemLayout>
      {n.children.length > 0 && <Tree>{n.children.map(item)}</Tree>}
    </TreeItem>
  );
  return (
    <section aria-labelledby="setup-title">
      <Title2 as="h1" id="setup-title">
        {t('navSetup', lang)}
      </Title2>
      <Caption1 as="p">{t('auditNote', lang)}</Caption1>
      <div className={styles.layout}>
        <Tree aria-label={t('organisation', lang)} defaultOpenItems={tree.data.map((n) => n.id)}>
          {tree.data.map(item)}
        </Tree>
        <div>
          {unit && (
            <UnitForm
              key={`${unit.id}-${unit.revision}`}
              unit={unit}
              onSaved={async () => {
                setSavedUnit(unit.id);
                await tree.reload();
              }}
            />
          )}
          {/* Here, not in the form: saving reloads the tree (a new revision, a new form), the confirmation stays. */}
          {unit && savedUnit === unit.id && (
            <MessageBar intent="success" role="status" data-testid="unit-saved">
              <MessageBarBody>{t('saved', lang)}</MessageBarBody>
            </MessageBar>
          )}
          {municipality && <GoalLevels municipalityId={municipality} />}
          {municipality && <NamedList key={`s-${municipality}`} municipalityId={municipality} field="agreementSections" />}
          {municipality && <NamedList key={`g-${municipality}`} municipalityId={municipality} field="goalGroups" />}
          {municipality && <NamedList key={`f-${municipality}`} municipalityId={municipality} field="fulfilmentScale" />}
          {municipality && mine.data.some((m) => m.unit.id === municipality && m.roles.includes('quality_office')) && (
            <KeyFigureLinks key={`k-${municipality}`} municipalityId={municipality} />
          )}
        </div>
      </div>
    </section>
  );
}

function rootOf(nodes: UnitNode[], id: string): string | undefined {
  for (const n of nodes) {
    const inside = (x: UnitNode): boolean => x.id === id || x.children.some(inside);
    if (inside(n)) return n.id;
  }
  return undefined;
}

function UnitForm({ unit, onSaved }: { unit: OrgUnit; onSaved: () => Promise<void> }) {
  const { lang, api } = useApp();
  const styles = useStyles();
  const [name, setName] = useState(unit.name);
  const [leaders, setLeaders] = useState(unit.leaderIds);
  const [members, setMembers] = useState(unit.memberIds);
  const [approver, setApprover] = useState(unit.approverId ? [unit.approverId] : []);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string; field?: string } | null>(null);
  const save = async () => {
    try {
      await api.send(
        'PATCH',
        `/units/${encodeURIComponent(unit.id)}`,
        { name, leaderIds: leaders, memberIds: members, approverId: approver[0] ?? null },
        unit.revision,
      );
      setMessage(null);
      await onSaved();
    } catch (e) {
      setMessage({ intent: 'error', text: (e as Error).message, field: e instanceof ApiError ? e.field : undefined });
    }
  };
  const err = (f: string) => (message?.field?.startsWith(f) ? { validationState: 'error' as const, validationMessage: message.text } : {});
  return (
    <div className={styles.form} role="form" aria-label={unit.name}>
      <Subtitle1 as="h2">{unit.name}</Subtitle1>
      <Field label={t('name', lang)} {...err('name')}>
        <Input value={name} onChange={(_, d) => setName(d.value)} />
      </Field>
      <Field label={t('leaders', lang)} {...err('leaderIds')}>
        <PeoplePicker label={t('leaders', lang)} value={leaders} onChange={setLeaders} />
      </Field>
      <Field label={t('members', lang)} {...err('memberIds')}>
        <PeoplePicker label={t('members', lang)} value={members} onChange={setMembers} />
      </Field>
      <Field label={t('approver', lang)} {...err('approverId')}>
        <PeoplePicker label={t('approver', lang)} value={approver} onChange={setApprover} single />
      </Field>
      <div>
        <Button appearance="primary" onClick={() => void save()}>
          {t('save', lang)}
        </Button>
      </div>
      {message && !message.field && (
        <MessageBar intent={message.intent}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

/** The goal levels of the municipality, top down: renamed, added, removed and moved up or down (rank). */
function GoalLevels({ municipalityId }: { municipalityId: string }) {
  const { lang, api } = useApp();
  const styles = useStyles();
  const { data, reload } = useResource<{ items: GoalLevel[] }>(`/goal-levels?municipalityId=${encodeURIComponent(municipalityId)}&limit=50`);
  const [drafts, setDrafts] = useState<Record<string, { da: string; sv: string; en: string }>>({});
  const [fresh, setFresh] = useState({ da: '', sv: '', en: '' });
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  if (!data) return null;
  const levels = [...data.items].sort((a, b) => a.rank - b.rank);
  const named = (d: { da: string; sv: string; en: string }) => Object.fromEntries(Object.entries(d).filter(([, v]) => v.trim()));
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setMessage({ intent: 'success', text: t('saved', lang) });
    } catch (e) {
      setMessage({ intent: 'error', text: (e as Error).message });
    }
    await reload();
  };
  // Moving swaps the ranks of two neighbours.
  const move = (i: number, j: number) =>
    run(async () => {
      const a = levels[i]!;
      const b = levels[j]!;
      await api.send('PATCH', `/goal-levels/${encodeURIComponent(a.id)}`, { rank: b.rank }, a.revision);
      await api.send('PATCH', `/goal-levels/${encodeURIComponent(b.id)}`, { rank: a.rank }, b.revision);
    });
  return (
    <div className={styles.form} data-testid="goal-levels">
      <Subtitle1 as="h2">{t('goalLevels', lang)}</Subtitle1>
      <div className={styles.levels}>
        <span className="column-head" />
        <Caption1 className="column-head">Dansk</Caption1>
        <Caption1 className="column-head">Svenska</Caption1>
        <Caption1 className="column-head">English</Caption1>
        <span className="column-head" />
        {levels.map((l, i) => {
          const d = drafts[l.id] ?? { da: l.name.da ?? '', sv: l.name.sv ?? '', en: l.name.en ?? '' };
          const set = (k: 'da' | 'sv' | 'en', v: string) => setDrafts({ ...drafts, [l.id]: { ...d, [k]: v } });
          const title = localText(l.name, lang);
          return [
            <Caption1 key={`${l.id}-r`}>{i + 1}</Caption1>,
            <Input key={`${l.id}-da`} contentBefore={langTag('da')} aria-label={`${title} (da)`} value={d.da} onChange={(_, x) => set('da', x.value)} />,
            <Input key={`${l.id}-sv`} contentBefore={langTag('sv')} aria-label={`${title} (sv)`} value={d.sv} onChange={(_, x) => set('sv', x.value)} />,
            <Input key={`${l.id}-en`} contentBefore={langTag('en')} aria-label={`${title} (en)`} value={d.en} onChange={(_, x) => set('en', x.value)} />,
            <div key={`${l.id}-b`} className={styles.buttons}>
              <Button onClick={() => void run(() => api.send('PATCH', `/goal-levels/${encodeURIComponent(l.id)}`, { name: named(d) }, l.revision))}>
                {t('save', lang)}
              </Button>
              <Button icon={<ArrowUp16Regular />} aria-label={t('moveUp', lang, { item: title })} disabled={i === 0} onClick={() => void move(i, i - 1)} />
              <Button
                icon={<ArrowDown16Regular />}
                aria-label={t('moveDown', lang, { item: title })}
                disabled={i === levels.length - 1}
                onClick={() => void move(i, i + 1)}
              />
              <Button
                aria-label={`${t('remove', lang)}: ${title}`}
                onClick={() => void run(() => api.send('DELETE', `/goal-levels/${encodeURIComponent(l.id)}`, undefined, l.revision))}
              >
                {t('remove', lang)}
              </Button>
            </div>,
          ];
        })}
        <Caption1>{levels.length + 1}</Caption1>
        {(['da', 'sv', 'en'] as const).map((k) => (
          <Input
            key={`new-${k}`}
            contentBefore={langTag(k)}
            aria-label={`${t('add', lang)} (${k})`}
            value={fresh[k]}
            onChange={(_, x) => setFresh({ ...fresh, [k]: x.value })}
          />
        ))}
        <div className={styles.buttons}>
          <Button
            aria-label={`${t('add', lang)}: ${t('goalLevels', lang)}`}
            disabled={!Object.keys(named(fresh)).length}
            onClick={() =>
              void run(async () => {
                await api.send('POST', '/goal-levels', { municipalityId, rank: Math.min(20, (levels.at(-1)?.rank ?? 0) + 1), name: named(fresh) });
                setFresh({ da: '', sv: '', en: '' });
              })
            }
          >
            {t('add', lang)}
          </Button>
        </div>
      </div>
      {message && (
        <MessageBar intent={message.intent} role="status">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

const swap = <T,>(list: readonly T[], i: number, j: number): T[] => list.map((x, k) => (k === i ? list[j]! : k === j ? list[i]! : x));

/** The lists of named entries the quality office keeps on the municipality, each named in the three languages. */
type NamedLists = {
  agreementSections: NonNullable<OrgUnit['agreementSections']>[number];
  goalGroups: NonNullable<OrgUnit['goalGroups']>[number];
  fulfilmentScale: NonNullable<OrgUnit['fulfilmentScale']>[number];
};
type ListField = keyof NamedLists;
type Row<F extends ListField> = NamedLists[F];
type Named = { key: string; [name: string]: unknown };

/** What each list is called, which field holds its names, what a new entry is, and any columns of its own. */
const LISTS: {
  [F in ListField]: { title: MessageKey; hint?: MessageKey; names: 'title' | 'name'; fresh: (n: number) => Row<F>; initial?: (u: OrgUnit) => Row<F>[] };
} = {
  agreementSections: { title: 'sections', names: 'title', fresh: (n) => ({ key: `section-${n}`, title: { da: '' } as LocalizedText, required: false }) },
  goalGroups: { title: 'goalAreas', names: 'name', fresh: (n) => ({ key: `group-${n}`, name: { da: '' } as LocalizedText }) },
  fulfilmentScale: {
    title: 'fulfilmentScale',
    hint: 'fulfilmentScaleHint',
    names: 'name',
    fresh: (n) => ({ key: `step-${n}`, name: { da: '' } as LocalizedText, meaning: 'achieved' }),
    // A municipality without its own scale starts from the default one.
    initial: (u) => [...scaleOf(u)],
  },
};

/** One of the municipality's named lists, in order, named in each language: agreement sections, goal groups, the fulfilment scale. */
function NamedList<F extends ListField>({ municipalityId, field }: { municipalityId: string; field: F }) {
  const { lang, api } = useApp();
  const styles = useStyles();
  const spec = LISTS[field];
  const { data: unit, reload } = useResource<OrgUnit>(`/units/${encodeURIComponent(municipalityId)}`);
  const [rows, setRows] = useState<Named[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (!unit) return null;
  const list: Named[] = rows ?? (unit[field] as Named[] | undefined) ?? spec.initial?.(unit) ?? [];
  const scale = field === 'fulfilmentScale';
  const names = spec.names;
  const set = (i: number, patch: Partial<Named> | { lang: 'da' | 'sv' | 'en'; value: string }) =>
    setRows(
      list.map((r, j) =>
        j !== i
          ? r
          : 'lang' in patch
            ? { ...r, [names]: { ...(r[names] as LocalizedText), [patch.lang as string]: patch.value || undefined } }
            : { ...r, ...patch },
      ),
    );
  const band = (r: Named) => (r.band ?? { from: null, to: null }) as { from: number | null; to: number | null };
  const setBand = (i: number, end: 'from' | 'to', raw: string) => {
    const next = { ...band(list[i]!), [end]: raw.trim() === '' ? null : parseNumber(raw) };
    set(i, { band: next.from === null && next.to === null ? undefined : next });
  };
  const heading = t(spec.title, lang);
  return (
    <div className={styles.form} data-testid={`list-${field}`}>
      <Subtitle1 as="h2">{heading}</Subtitle1>
      {spec.hint && <Caption1>{t(spec.hint, lang)}</Caption1>}
      {scale && !unit.fulfilmentScale && <Caption1>{t('defaultScale', lang)}</Caption1>}
      <div className={scale ? mergeClasses(styles.levels, styles.scale) : styles.levels}>
        <Caption1 className="column-head">{t('sectionKey', lang)}</Caption1>
        <Caption1 className="column-head">Dansk</Caption1>
        <Caption1 className="column-head">Svenska</Caption1>
        <Caption1 className="column-head">English</Caption1>
        {scale && [
          <Caption1 key="m" className="column-head">
            {t('stepMeaning', lang)}
          </Caption1>,
          <Caption1 key="f" className="column-head">
            {t('bandFrom', lang)}
          </Caption1>,
          <Caption1 key="t" className="column-head">
            {t('bandTo', lang)}
          </Caption1>,
        ]}
        <span className="column-head" />
        {list.map((r, i) => [
          <Input key={`${i}-k`} aria-label={`${t('sectionKey', lang)} ${i + 1}`} value={r.key} onChange={(_, d) => set(i, { key: d.value })} />,
          ...(['da', 'sv', 'en'] as const).map((l) => (
            <Input
              key={`${i}-${l}`}
              contentBefore={langTag(l)}
              aria-label={`${heading} ${i + 1} (${l})`}
              value={(r[names] as LocalizedText)[l] ?? ''}
              onChange={(_, d) => set(i, { lang: l, value: d.value })}
            />
          )),
          ...(scale
            ? [
                <Select
                  key={`${i}-m`}
                  aria-label={`${t('stepMeaning', lang)} ${i + 1}`}
                  value={r.meaning as string}
                  onChange={(_, d) => set(i, { meaning: d.value })}
                >
                  {FULFILMENT_MEANINGS.map((m) => (
                    <option key={m} value={m}>
                      {label('goalStatus', m, lang)}
                    </option>
                  ))}
                </Select>,
                ...(['from', 'to'] as const).map((end) => (
                  <Input
                    key={`${i}-${end}`}
                    aria-label={`${t(end === 'from' ? 'bandFrom' : 'bandTo', lang)} ${i + 1}`}
                    inputMode="decimal"
                    style={{ width: '5em' }}
                    defaultValue={band(r)[end] === null ? '' : String(band(r)[end])}
                    onBlur={(e) => setBand(i, end, e.target.value)}
                  />
                )),
              ]
            : []),
          <div key={`${i}-x`} className={styles.buttons}>
            <Button
              icon={<ArrowUp16Regular />}
              aria-label={t('moveUp', lang, { item: r.key })}
              disabled={i === 0}
              onClick={() => setRows(swap(list, i, i - 1))}
            />
            <Button
              icon={<ArrowDown16Regular />}
              aria-label={t('moveDown', lang, { item: r.key })}
              disabled={i === list.length - 1}
              onClick={() => setRows(swap(list, i, i + 1))}
            />
            <Button onClick={() => setRows(list.filter((_, j) => j !== i))}>{t('remove', lang)}</Button>
          </div>,
        ])}
      </div>
      <div className={styles.levels}>
        <Button aria-label={`${t('add', lang)}: ${heading}`} onClick={() => setRows([...list, spec.fresh(list.length + 1) as Named])}>
          {t('add', lang)}
        </Button>
        <Button
          appearance="primary"
          onClick={async () => {
            try {
              await api.send('PATCH', `/units/${encodeURIComponent(unit.id)}`, { [field]: list }, unit.revision);
              setMessage(t('saved', lang));
              setRows(null);
              await reload();
            } catch (e) {
              setMessage((e as Error).message);
            }
          }}
        >
          {t('save', lang)}
        </Button>
      </div>
      {message && (
        <MessageBar>
          <MessageBarBody>{message}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
