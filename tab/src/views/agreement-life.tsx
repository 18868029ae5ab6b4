import {
  Button,
  Caption1,
  Checkbox,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  Subtitle1,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { Agreement, AgreementVersion, AuditEntry, Goal } from '../../../api/core/model';
import type { VersionDiff } from '../../../api/core/rules/versions';
import { useApp, usePermissions, useResource } from '../context';
import { formatAmount, formatDate, formatDateTime, t } from '../../../api/core/i18n/text';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px', borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: '12px' },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'end' },
  list: { margin: 0, paddingLeft: '18px' },
});

type Move = 'submit' | 'sign' | 'year-end' | 'close' | 'new-version';
const MOVES_BY_STATUS: Record<string, Move[]> = {
  draft: ['submit'],
  submitted: [],
  approved: ['sign', 'new-version'],
  in_effect: ['year-end', 'new-version'],
  year_end: ['close'],
  closed: [],
};
const UNMET = new Set(['not_started', 'at_risk', 'off_track', 'not_achieved']);

/** The agreement's life: moves for its state, the chief's decision, next year's draft, versions with differences, audit. */
export function AgreementLife({ agreement, goals, onChanged }: { agreement: Agreement; goals: Goal[]; onChanged: () => Promise<void> }) {
  const { lang, api, navigate } = useApp();
  const can = usePermissions(agreement.unitId);
  const styles = useStyles();
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const [comment, setComment] = useState('');
  const [carry, setCarry] = useState<string[]>(() => goals.filter((g) => UNMET.has(g.status)).map((g) => g.id));
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setMessage({ intent: 'success', text: t('saved', lang) });
      await onChanged();
    } catch (e) {
      setMessage({ intent: 'error', text: (e as Error).message });
    }
  };
  const move = (m: Move) => run(() => api.send('POST', `/agreements/${encodeURIComponent(agreement.id)}/${m}`, undefined, agreement.revision));
  const decide = (decision: 'approve' | 'requestChanges') =>
    run(() => api.send('POST', `/agreements/${encodeURIComponent(agreement.id)}/decision`, { version: agreement.version, decision, ...(comment.trim() ? { comment: comment.trim() } : {}) }));
  return (
    <section className={styles.section} aria-labelledby="s-life">
      <Subtitle1 as="h2" id="s-life">{t('lifecycle', lang)}</Subtitle1>
      <div className={styles.row}>
        {MOVES_BY_STATUS[agreement.status]?.map((m) => (
          <Button key={m} appearance={m === 'submit' || m === 'sign' ? 'primary' : 'secondary'} onClick={() => void move(m)}>{t(`move_${m.replace('-', '_')}` as 'move_submit', lang)}</Button>
        ))}
      </div>
      {agreement.status === 'submitted' && (
        <div className={styles.row}>
          <Field label={t('decisionComment', lang)}><Textarea value={comment} onChange={(_, d) => setComment(d.value)} /></Field>
          <Button appearance="primary" onClick={() => void decide('approve')}>{t('approve', lang)}</Button>
          <Button onClick={() => void decide('requestChanges')}>{t('requestChanges', lang)}</Button>
        </div>
      )}
      {(agreement.status === 'year_end' || agreement.status === 'closed') && (
        <div>
          <Subtitle2 as="h3">{t('nextYear', lang)}</Subtitle2>
          <Caption1 block>{t('carryHint', lang)}</Caption1>
          {goals.map((g) => (
            <Checkbox key={g.id} label={g.title} checked={carry.includes(g.id)} onChange={(_, d) => setCarry(d.checked ? [...carry, g.id] : carry.filter((x) => x !== g.id))} />
          ))}
          <div>
            <Button appearance="primary" onClick={() => void run(async () => {
              const draft = await api.send<Agreement>('POST', `/agreements/${encodeURIComponent(agreement.id)}/next-year`, { carryGoalIds: carry });
              navigate({ view: 'agreement', agreementId: draft.id });
            })}>{t('createNextYear', lang, { year: agreement.year + 1 })}</Button>
          </div>
        </div>
      )}
      {message && <MessageBar intent={message.intent} role="status"><MessageBarBody>{message.text}</MessageBarBody></MessageBar>}
      {/* Keyed by revision: after every move they read again. */}
      <Versions key={`v${agreement.revision}`} agreement={agreement} />
      {can && (can.readAudit ? <Audit key={`a${agreement.revision}`} agreementId={agreement.id} /> : <Caption1>{t('auditHidden', lang)}</Caption1>)}
    </section>
  );
}

function Versions({ agreement }: { agreement: Agreement }) {
  const { lang } = useApp();
  const styles = useStyles();
  const { data: versions } = useResource<AgreementVersion[]>(`/agreements/${encodeURIComponent(agreement.id)}/versions`);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | 'current'>('current');
  const base = from ?? versions?.[0]?.version ?? null;
  const { data: diff } = useResource<VersionDiff>(base ? `/agreements/${encodeURIComponent(agreement.id)}/diff?from=${base}${to === 'current' ? '' : `&to=${to}`}` : null);
  if (!versions?.length) return <Caption1>{t('noVersions', lang)}</Caption1>;
  const label = (v: number) => `${t('version', lang)} ${v}`;
  return (
    <div data-testid="versions">
      <Subtitle2 as="h3">{t('versions', lang)}</Subtitle2>
      <ul className={styles.list}>
        {versions.map((v) => <li key={v.version}>{label(v.version)} – {t('submittedOn', lang, { d: formatDate(v.submittedAt, lang), who: v.submittedBy })}</li>)}
      </ul>
      <div className={styles.row}>
        <Field label={t('compareFrom', lang)}>
          <Dropdown value={base ? label(base) : ''} onOptionSelect={(_, d) => setFrom(Number(d.optionValue))}>
            {versions.map((v) => <Option key={v.version} value={String(v.version)}>{label(v.version)}</Option>)}
          </Dropdown>
        </Field>
        <Field label={t('compareTo', lang)}>
          <Dropdown value={to === 'current' ? t('currentVersion', lang) : label(to)} onOptionSelect={(_, d) => setTo(d.optionValue === 'current' ? 'current' : Number(d.optionValue))}>
            <Option value="current">{t('currentVersion', lang)}</Option>
            {versions.map((v) => <Option key={v.version} value={String(v.version)}>{label(v.version)}</Option>)}
          </Dropdown>
        </Field>
      </div>
      {diff && (
        <ul className={styles.list} data-testid="diff">
          {diff.goalsAdded.map((g) => <li key={`a${g.id}`}>{t('goalAdded', lang)}: {g.title}</li>)}
          {diff.goalsRemoved.map((g) => <li key={`r${g.id}`}>{t('goalRemoved', lang)}: {g.title}</li>)}
          {diff.goalsChanged.map((g) => <li key={`c${g.id}`}>{t('goalChanged', lang)}: {g.title} ({g.fields.join(', ')})</li>)}
          {diff.budget && (
            <li>{t('budget', lang)}: {diff.budget.from === null ? '–' : formatAmount(diff.budget.from, diff.budget.currency, lang)} → {diff.budget.to === null ? '–' : formatAmount(diff.budget.to, diff.budget.currency, lang)}</li>
          )}
          {!diff.goalsAdded.length && !diff.goalsRemoved.length && !diff.goalsChanged.length && !diff.budget && <li>{t('noDifferences', lang)}</li>}
        </ul>
      )}
    </div>
  );
}

function Audit({ agreementId }: { agreementId: string }) {
  const { lang } = useApp();
  const { data, error } = useResource<{ items: AuditEntry[] }>(`/audit?entityId=${encodeURIComponent(agreementId)}&limit=50`);
  if (error) return <Caption1>{t('auditHidden', lang)}</Caption1>;
  if (!data) return null;
  return (
    <div>
      <Subtitle2 as="h3">{t('auditTrail', lang)}</Subtitle2>
      <Table size="small" aria-label={t('auditTrail', lang)} data-testid="audit">
        <TableHeader><TableRow><TableHeaderCell>{t('when', lang)}</TableHeaderCell><TableHeaderCell>{t('who', lang)}</TableHeaderCell><TableHeaderCell>{t('what', lang)}</TableHeaderCell><TableHeaderCell>{t('status', lang)}</TableHeaderCell></TableRow></TableHeader>
        <TableBody>
          {data.items.map((e) => (
            <TableRow key={e.id}>
              <TableCell>{formatDateTime(e.at, lang)}</TableCell>
              <TableCell>{e.actorId}</TableCell>
              <TableCell>{t(`audit_${e.action}` as 'audit_create', lang)}{e.note ? `: ${e.note}` : ''}</TableCell>
              <TableCell>{(e.after as { status?: string } | null)?.status ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
