import {
  Badge,
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { Pause } from '../../../api/core/model';
import { ApiError } from '../api';
import { useApp, useResource } from '../context';
import { formatDate, t, type Locale } from '../../../api/core/i18n/text';
import { Failure, Loading } from './common';

const useStyles = makeStyles({
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingTop: '12px',
    marginTop: '20px',
  },
  form: { display: 'flex', flexWrap: 'wrap', gap: '8px', alignItems: 'end' },
  note: { minWidth: '260px' },
  table: { maxWidth: '760px' },
  intro: { margin: 0, color: tokens.colorNeutralForeground3 },
  /** For screen readers only: the name of the column of remove buttons. */
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap' },
});

type FieldName = 'from' | 'to' | 'note';
const span = (p: Pick<Pause, 'from' | 'to'>, lang: Locale) => `${formatDate(p.from, lang)} – ${formatDate(p.to, lang)}`;

/**
 * The signed-in user's out-of-office periods: while one runs, the reminder planner sends them nothing.
 * Each user sees and changes only their own (GET/POST/DELETE /api/me/pauses).
 */
export function PausesPanel() {
  const { lang, api } = useApp();
  const styles = useStyles();
  const { data, error, reload } = useResource<Pause[]>('/me/pauses');
  const [draft, setDraft] = useState({ from: '', to: '', note: '' });
  const [fieldError, setFieldError] = useState<{ field: FieldName; message: string } | null>(null);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const add = async () => {
    setMessage(null);
    if (!draft.from) return setFieldError({ field: 'from', message: t('pauseDateNeeded', lang) });
    if (!draft.to) return setFieldError({ field: 'to', message: t('pauseDateNeeded', lang) });
    if (draft.to < draft.from) return setFieldError({ field: 'to', message: t('pauseOrder', lang) });
    setFieldError(null);
    setBusy(true);
    try {
      const note = draft.note.trim();
      const saved = await api.send<Pause>('POST', '/me/pauses', { from: draft.from, to: draft.to, ...(note ? { note } : {}) });
      setDraft({ from: '', to: '', note: '' });
      setMessage({ intent: 'success', text: t('pauseAdded', lang, { period: span(saved, lang) }) });
      await reload();
    } catch (e) {
      if (e instanceof ApiError && (e.field === 'from' || e.field === 'to' || e.field === 'note'))
        setFieldError({ field: e.field, message: e.message.replace(/^[\w.]+: /, '') });
      else setMessage({ intent: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (p: Pause) => {
    setMessage(null);
    try {
      await api.send('DELETE', `/me/pauses/${encodeURIComponent(p.id)}`);
      setMessage({ intent: 'success', text: t('pauseRemoved', lang, { period: span(p, lang) }) });
      await reload();
    } catch (e) {
      setMessage({ intent: 'error', text: (e as Error).message });
    }
  };

  const validation = (field: FieldName) => (fieldError?.field === field ? ({ validationState: 'error', validationMessage: fieldError.message } as const) : {});
  const today = new Date().toISOString().slice(0, 10);
  return (
    <section className={styles.section} aria-labelledby="pauses-title" data-testid="pauses">
      <Subtitle1 as="h2" id="pauses-title">
        {t('pauses', lang)}
      </Subtitle1>
      <Body1 as="p" className={styles.intro}>
        {t('pausesIntro', lang)}
      </Body1>
      {error ? (
        <Failure error={error} retry={reload} />
      ) : !data ? (
        <Loading />
      ) : data.length === 0 ? (
        <Caption1 data-testid="no-pauses">{t('noPauses', lang)}</Caption1>
      ) : (
        <Table size="small" className={styles.table} aria-label={t('pauses', lang)}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('pauseFrom', lang)}</TableHeaderCell>
              <TableHeaderCell>{t('pauseTo', lang)}</TableHeaderCell>
              <TableHeaderCell>{t('note', lang)}</TableHeaderCell>
              <TableHeaderCell>
                <span className={styles.hidden}>{t('remove', lang)}</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.map((p) => (
              <TableRow key={p.id} data-testid="pause-row">
                <TableCell data-label={t('pauseFrom', lang)}>
                  {formatDate(p.from, lang)}{' '}
                  {p.from <= today && today <= p.to && (
                    <Badge appearance="tint" color="informative">
                      {t('pauseRunning', lang)}
                    </Badge>
                  )}
                </TableCell>
                <TableCell data-label={t('pauseTo', lang)}>{formatDate(p.to, lang)}</TableCell>
                <TableCell data-label={t('note', lang)}>{p.note ?? '–'}</TableCell>
                <TableCell>
                  <Button size="small" appearance="subtle" onClick={() => void remove(p)} aria-label={`${t('remove', lang)}: ${span(p, lang)}`}>
                    {t('remove', lang)}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <div className={styles.form} role="group" aria-label={`${t('add', lang)}: ${t('pauses', lang)}`}>
        <Field label={t('pauseFrom', lang)} required {...validation('from')}>
          <Input type="date" value={draft.from} onChange={(_, d) => setDraft({ ...draft, from: d.value })} />
        </Field>
        <Field label={t('pauseTo', lang)} required {...validation('to')}>
          <Input type="date" value={draft.to} min={draft.from || undefined} onChange={(_, d) => setDraft({ ...draft, to: d.value })} />
        </Field>
        <Field label={t('pauseNote', lang)} className={styles.note} {...validation('note')}>
          <Input value={draft.note} maxLength={500} onChange={(_, d) => setDraft({ ...draft, note: d.value })} />
        </Field>
        <Button appearance="primary" disabled={busy} onClick={() => void add()}>
          {t('add', lang)}
        </Button>
      </div>
      {message && (
        <MessageBar intent={message.intent} role={message.intent === 'error' ? 'alert' : 'status'}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
