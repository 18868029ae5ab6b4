import { Button, Caption1, Field, Input, MessageBar, MessageBarBody, Subtitle1, Title2, Tree, TreeItem, TreeItemLayout, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { GoalLevel, OrgUnit } from '../../../api/core/model';
import type { UnitNode } from '../../../api/core/services/organisation';
import { ApiError } from '../api';
import { useApp, useResource } from '../context';
import { localText, t } from '../../../api/core/i18n/text';
import { Failure, Loading } from './common';

const useStyles = makeStyles({
  layout: { display: 'grid', gridTemplateColumns: 'minmax(240px, 360px) 1fr', gap: '24px', alignItems: 'start' },
  form: { display: 'flex', flexDirection: 'column', gap: '8px', maxWidth: '560px' },
  levels: { display: 'grid', gridTemplateColumns: 'auto 1fr 1fr 1fr auto', gap: '6px', alignItems: 'end' },
  selected: { fontWeight: tokens.fontWeightSemibold },
});

const ids = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** The quality office's setup: the organisation tree with leaders, staff and approving chief; goal levels and their names. */
export function SetupPage() {
  const { lang } = useApp();
  const styles = useStyles();
  const tree = useResource<UnitNode[]>('/organisation/tree');
  const [selected, setSelected] = useState<string | null>(null);
  if (tree.error) return <Failure error={tree.error} retry={tree.reload} />;
  if (!tree.data) return <Loading />;
  const find = (nodes: UnitNode[]): UnitNode | undefined => nodes.flatMap((n) => [n, find(n.children)]).find((n) => n?.id === selected) as UnitNode | undefined;
  const unit = selected ? find(tree.data) : undefined;
  const municipality = unit ? rootOf(tree.data, unit.id) : undefined;
  const item = (n: UnitNode) => (
    <TreeItem key={n.id} itemType={n.children.length ? 'branch' : 'leaf'} value={n.id}>
      <TreeItemLayout onClick={() => setSelected(n.id)} className={n.id === selected ? styles.selected : undefined}>{n.name}</TreeItemLayout>
      {n.children.length > 0 && <Tree>{n.children.map(item)}</Tree>}
    </TreeItem>
  );
  return (
    <section aria-labelledby="setup-title">
      <Title2 as="h1" id="setup-title">{t('navSetup', lang)}</Title2>
      <Caption1 as="p">{t('auditNote', lang)}</Caption1>
      <div className={styles.layout}>
        <Tree aria-label={t('organisation', lang)} defaultOpenItems={tree.data.map((n) => n.id)}>{tree.data.map(item)}</Tree>
        <div>
          {unit && <UnitForm key={`${unit.id}-${unit.revision}`} unit={unit} onSaved={tree.reload} />}
          {municipality && <GoalLevels municipalityId={municipality} />}
          {municipality && <Sections key={municipality} municipalityId={municipality} />}
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
  const [leaders, setLeaders] = useState(unit.leaderIds.join(', '));
  const [members, setMembers] = useState(unit.memberIds.join(', '));
  const [approver, setApprover] = useState(unit.approverId ?? '');
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string; field?: string } | null>(null);
  const save = async () => {
    try {
      await api.send('PATCH', `/units/${encodeURIComponent(unit.id)}`, { name, leaderIds: ids(leaders), memberIds: ids(members), approverId: approver.trim() || null }, unit.revision);
      setMessage({ intent: 'success', text: t('saved', lang) });
      await onSaved();
    } catch (e) {
      setMessage({ intent: 'error', text: (e as Error).message, field: e instanceof ApiError ? e.field : undefined });
    }
  };
  const err = (f: string) => (message?.field?.startsWith(f) ? { validationState: 'error' as const, validationMessage: message.text } : {});
  return (
    <div className={styles.form} role="form" aria-label={unit.name}>
      <Subtitle1 as="h2">{unit.name}</Subtitle1>
      <Field label={t('name', lang)} {...err('name')}><Input value={name} onChange={(_, d) => setName(d.value)} /></Field>
      <Field label={t('leaders', lang)} hint={t('idsHint', lang)} {...err('leaderIds')}><Input value={leaders} onChange={(_, d) => setLeaders(d.value)} /></Field>
      <Field label={t('members', lang)} hint={t('idsHint', lang)} {...err('memberIds')}><Input value={members} onChange={(_, d) => setMembers(d.value)} /></Field>
      <Field label={t('approver', lang)} {...err('approverId')}><Input value={approver} onChange={(_, d) => setApprover(d.value)} /></Field>
      <div><Button appearance="primary" onClick={() => void save()}>{t('save', lang)}</Button></div>
      {message && !message.field && <MessageBar intent={message.intent}><MessageBarBody>{message.text}</MessageBarBody></MessageBar>}
    </div>
  );
}

function GoalLevels({ municipalityId }: { municipalityId: string }) {
  const { lang, api } = useApp();
  const styles = useStyles();
  const { data, reload } = useResource<{ items: GoalLevel[] }>(`/goal-levels?municipalityId=${encodeURIComponent(municipalityId)}&limit=50`);
  const [drafts, setDrafts] = useState<Record<string, { da: string; sv: string; en: string }>>({});
  const [message, setMessage] = useState<string | null>(null);
  if (!data) return null;
  const levels = [...data.items].sort((a, b) => a.rank - b.rank);
  return (
    <div className={styles.form}>
      <Subtitle1 as="h2">{t('goalLevels', lang)}</Subtitle1>
      <div className={styles.levels}>
        <span />
        <Caption1>Dansk</Caption1><Caption1>Svenska</Caption1><Caption1>English</Caption1><span />
        {levels.map((l) => {
          const d = drafts[l.id] ?? { da: l.name.da ?? '', sv: l.name.sv ?? '', en: l.name.en ?? '' };
          const set = (k: 'da' | 'sv' | 'en', v: string) => setDrafts({ ...drafts, [l.id]: { ...d, [k]: v } });
          return [
            <Caption1 key={`${l.id}-r`}>{l.rank}</Caption1>,
            <Input key={`${l.id}-da`} aria-label={`${localText(l.name, lang)} (da)`} value={d.da} onChange={(_, x) => set('da', x.value)} />,
            <Input key={`${l.id}-sv`} aria-label={`${localText(l.name, lang)} (sv)`} value={d.sv} onChange={(_, x) => set('sv', x.value)} />,
            <Input key={`${l.id}-en`} aria-label={`${localText(l.name, lang)} (en)`} value={d.en} onChange={(_, x) => set('en', x.value)} />,
            <Button key={`${l.id}-s`} onClick={async () => {
              const name = Object.fromEntries(Object.entries(d).filter(([, v]) => v.trim()));
              try {
                await api.send('PATCH', `/goal-levels/${encodeURIComponent(l.id)}`, { name }, l.revision);
                setMessage(t('saved', lang));
                await reload();
              } catch (e) {
                setMessage((e as Error).message);
              }
            }}>{t('save', lang)}</Button>,
          ];
        })}
      </div>
      {message && <MessageBar><MessageBarBody>{message}</MessageBarBody></MessageBar>}
    </div>
  );
}

type Section = NonNullable<OrgUnit['agreementSections']>[number];

/** The agreement sections the municipality uses, in order, named in each language. */
function Sections({ municipalityId }: { municipalityId: string }) {
  const { lang, api } = useApp();
  const styles = useStyles();
  const { data: unit, reload } = useResource<OrgUnit>(`/units/${encodeURIComponent(municipalityId)}`);
  const [rows, setRows] = useState<Section[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (!unit) return null;
  const list = rows ?? unit.agreementSections ?? [];
  const set = (i: number, patch: Partial<Section> | { lang: 'da' | 'sv' | 'en'; value: string }) =>
    setRows(list.map((r, j) => (j !== i ? r : 'lang' in patch ? { ...r, title: { ...r.title, [patch.lang]: patch.value || undefined } } : { ...r, ...patch })));
  return (
    <div className={styles.form}>
      <Subtitle1 as="h2">{t('sections', lang)}</Subtitle1>
      <div className={styles.levels}>
        <Caption1>{t('sectionKey', lang)}</Caption1><Caption1>Dansk</Caption1><Caption1>Svenska</Caption1><Caption1>English</Caption1><span />
        {list.map((r, i) => [
          <Input key={`${i}-k`} aria-label={`${t('sectionKey', lang)} ${i + 1}`} value={r.key} onChange={(_, d) => set(i, { key: d.value })} />,
          ...(['da', 'sv', 'en'] as const).map((l) => (
            <Input key={`${i}-${l}`} aria-label={`${t('sections', lang)} ${i + 1} (${l})`} value={r.title[l] ?? ''} onChange={(_, d) => set(i, { lang: l, value: d.value })} />
          )),
          <Button key={`${i}-x`} onClick={() => setRows(list.filter((_, j) => j !== i))}>{t('remove', lang)}</Button>,
        ])}
      </div>
      <div className={styles.levels}>
        <Button onClick={() => setRows([...list, { key: `section-${list.length + 1}`, title: { da: '', en: '' } as Section['title'], required: false }])}>{t('add', lang)}</Button>
        <Button appearance="primary" onClick={async () => {
          try {
            await api.send('PATCH', `/units/${encodeURIComponent(unit.id)}`, { agreementSections: list }, unit.revision);
            setMessage(t('saved', lang));
            setRows(null);
            await reload();
          } catch (e) {
            setMessage((e as Error).message);
          }
        }}>{t('save', lang)}</Button>
      </div>
      {message && <MessageBar><MessageBarBody>{message}</MessageBarBody></MessageBar>}
    </div>
  );
}
