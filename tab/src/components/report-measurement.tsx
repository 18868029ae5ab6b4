import { Body1, Button, Caption1, Checkbox, Dropdown, Field, Input, MessageBar, MessageBarBody, Option, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { Indicator, Measurement } from '../../../api/core/model';
import { ApiError, type Api } from '../api';
import type { ChartIndicator } from './measurement-chart';
import { useApp } from '../context';
import { formatDateTime, formatMeasured, formatPeriod, formatReportedPeriod, formatTarget, label, parseNumber, t } from '../../../api/core/i18n/text';

type ReportIndicator = Pick<Indicator, 'id' | 'name' | 'unitOfMeasure' | 'targetText'> & ChartIndicator;
type OpenPeriod = { period: string; state: 'due' | 'late' | 'upcoming' | 'before_product' };

/** Every measurement of an indicator, newest period first, with comments, who entered them and what they replaced. */
export async function loadMeasurements(api: Api, indicatorId: string): Promise<Measurement[]> {
  const all: Measurement[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Measurement[]; nextCursor: string | null } = await api.get(
      `/indicators/${encodeURIComponent(indicatorId)}/measurements?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all.sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0));
}

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: '8px',
    padding: '12px',
    borderLeft: `4px solid ${tokens.colorBrandStroke1}`,
    background: tokens.colorNeutralBackground1,
  },
  fields: { display: 'flex', flexWrap: 'wrap', gap: '8px', alignItems: 'end' },
  value: { width: '140px' },
  input: { width: '100%', minWidth: 0 },
  comment: { minWidth: '200px', flexGrow: 1 },
  history: { margin: 0, paddingLeft: '18px', color: tokens.colorNeutralForeground2 },
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * Reports one measurement where the user is — the home view's list and the goal view use this one form: the
 * period is the oldest one open (late or due before upcoming), the reported values with their comments and
 * corrections are shown (so a correction starts from what is there), and the confirmation appears beside the
 * button that saved. On the home view the value field has the focus when the form opens (`autoFocus`).
 */
export function ReportMeasurement({
  indicator: i,
  open: openPeriods,
  onSaved,
  autoFocus = true,
}: {
  indicator: ReportIndicator;
  open: OpenPeriod[];
  onSaved: (period: string) => void | Promise<void>;
  autoFocus?: boolean;
}) {
  const { lang, api } = useApp();
  const styles = useStyles();
  const [reported, setReported] = useState<Measurement[] | null>(null);
  const [savedPeriods, setSavedPeriods] = useState<string[]>([]);
  const open = openPeriods.filter((p) => !savedPeriods.includes(p.period));
  const [period, setPeriod] = useState(openPeriods[0]?.period ?? '');
  const [value, setValue] = useState('');
  const [noValue, setNoValue] = useState(false);
  const [comment, setComment] = useState('');
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const valueRef = useRef<HTMLInputElement>(null);

  const load = async () => setReported(await loadMeasurements(api, i.id));
  useEffect(() => {
    if (autoFocus) valueRef.current?.focus();
    load().catch(() => setReported([]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [i.id]);

  const existing = reported?.find((m) => m.period === period) ?? null;
  const fmt = (n: number | null) => formatMeasured(n, i.unitOfMeasure, lang);
  const periods = [
    ...open.map((p) => ({ period: p.period, text: `${formatPeriod(p.period, lang)} · ${label('measurementState', p.state, lang)}` })),
    ...(reported ?? []).map((m) => ({ period: m.period, text: `${formatReportedPeriod(m, lang)} · ${fmt(m.value)} ✓` })),
  ].filter((p, n, all) => all.findIndex((x) => x.period === p.period) === n);

  const submit = async () => {
    setDone(null);
    // An explicit "no value" for the period is sent as null, never as 0.
    const n = noValue ? null : parseNumber(value);
    if (n === null && !noValue) {
      setFieldError({ field: 'value', message: t('enterNumber', lang) });
      valueRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await api.send('POST', '/measurements', {
        indicatorId: i.id,
        period,
        value: n,
        ...(comment ? { comment } : {}),
        source: 'tab',
        ...(existing ? { revision: existing.revision } : {}),
      });
      setFieldError(null);
      setValue('');
      setNoValue(false);
      setComment('');
      setDone(t('measurementSaved', lang, { value: fmt(n), period: formatPeriod(period, lang) }));
      const left = open.filter((p) => p.period !== period);
      setSavedPeriods((s) => [...s, period]);
      // A new value moves on to the next period due; a correction stays where it is, showing what it replaced.
      if (!existing && left[0]) setPeriod(left[0].period);
      await load().catch(() => undefined);
      await onSaved(period);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) await load().catch(() => undefined);
      if (e instanceof ApiError && e.field) setFieldError({ field: e.field, message: e.message.replace(/^[\w.]+: /, '') });
      else setFieldError({ field: 'value', message: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className={styles.form}
      aria-label={t('reportFor', lang, { indicator: i.name })}
      data-testid="report-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Caption1 className={styles.muted}>
        {t('target', lang)}: {formatTarget(i, lang)}
      </Caption1>
      <div className={styles.fields}>
        <Field label={t('period', lang)}>
          <Dropdown
            value={period ? formatPeriod(period, lang) : ''}
            selectedOptions={[period]}
            onOptionSelect={(_, d) => d.optionValue && setPeriod(d.optionValue)}
          >
            {periods.map((p) => (
              <Option key={p.period} value={p.period} text={formatPeriod(p.period, lang)}>
                {p.text}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field
          className={styles.value}
          label={`${t('value', lang)} (${i.unitOfMeasure})`}
          validationState={fieldError && (fieldError.field === 'value' || fieldError.field === 'period') ? 'error' : 'none'}
          validationMessage={fieldError?.message}
        >
          <Input
            ref={valueRef}
            className={styles.input}
            value={noValue ? '–' : value}
            disabled={noValue}
            onChange={(_, d) => setValue(d.value)}
            inputMode="decimal"
            data-testid="report-value"
          />
        </Field>
        <Checkbox checked={noValue} onChange={(_, d) => setNoValue(d.checked === true)} label={t('reportNoValue', lang)} data-testid="report-no-value" />
        <Field className={styles.comment} label={t('comment', lang)}>
          <Input value={comment} onChange={(_, d) => setComment(d.value)} />
        </Field>
        <Button appearance="primary" type="submit" disabled={busy}>
          {t('report', lang)}
        </Button>
      </div>
      {done && (
        <MessageBar intent="success" role="status" data-testid="report-saved">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      {existing && (
        <div data-testid="report-current">
          <Body1>{t('correcting', lang, { value: fmt(existing.value), period: formatPeriod(existing.period, lang) })}</Body1>
          <ul className={styles.history}>
            {[...existing.history].reverse().map((h, n) => (
              <li key={n}>
                {t('earlierValues', lang)}: {fmt(h.value)}
                {h.comment ? ` — ${h.comment}` : ''} (
                {h.enteredAt ? formatDateTime(h.enteredAt, lang) : h.document ? t('takenFrom', lang, { document: h.document }) : t('imported', lang)})
              </li>
            ))}
            {existing.comment && (
              <li>
                {t('comment', lang)}: {existing.comment}
              </li>
            )}
          </ul>
        </div>
      )}
      {reported && reported.length > 0 && (
        <div>
          <Caption1>{t('recentMeasurements', lang)}</Caption1>
          <ul className={styles.history} data-testid="report-history">
            {reported.slice(0, 6).map((m) => (
              <li key={m.id}>
                {t('reportedValue', lang, { period: formatReportedPeriod(m, lang), value: fmt(m.value) })}
                {m.comment ? ` — ${m.comment}` : ''}
                {m.history.length ? ` (${t('earlierValues', lang).toLowerCase()}: ${m.history.map((h) => fmt(h.value)).join(', ')})` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
    </form>
  );
}
