import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useId, useState } from 'react';
import type { z } from 'zod';
import type { EntityKind } from '../../../api/core/entities';
import { issueMessage } from '../../../api/core/i18n';
import { monthName, t, type Locale } from '../../../api/core/i18n/text';
import { recordSchema } from '../../../api/core/transfer';
import { ApiError } from '../api';
import { ConflictDialog } from '../components/conflict-dialog';
import { PeoplePicker, usePersonNames, type PersonRef } from '../components/people-picker';
import { useApp } from '../context';
import { parseNumber } from '../../../api/core/i18n/text';

/**
 * The tab's forms for writing an agreement. A form validates what it would write with the core's own schema
 * (api/core/transfer.ts `recordSchema`, the one the REST API parses a create with, refinements included), turns
 * each zod issue into the user's language with the core's `issueMessage`, and puts it under the field it names.
 * What the server still refuses (a reference, a lock, a conflict) comes back the same way, field by field.
 */

export type YearRow = { year: string; value: string; note: string };
export type Raw = string | string[] | boolean | YearRow[];
export type Values = Record<string, Raw>;

export type FieldSpec = {
  /** The field of the body (and of the record the form edits). */
  name: string;
  label: string;
  type: 'text' | 'textarea' | 'number' | 'date' | 'select' | 'months' | 'checks' | 'person' | 'yearValues';
  options?: { value: string; text: string }[];
  /** What an empty input writes: left out (optional fields) or null (nullable ones); by default the empty text. */
  empty?: 'omit' | 'null';
  /** Issue paths (after the form's prefix) that belong to this field besides its name. */
  paths?: string[];
  /** Shown only when this holds for the form's values. */
  when?: (v: Values) => boolean;
  hint?: string;
  /** A select's value as written (true for "yes") and back; by default the option's text value. */
  decode?: (raw: string) => unknown;
  encode?: (value: unknown) => string;
};

const useStyles = makeStyles({
  surface: { width: 'min(640px, calc(100vw - 24px))', maxWidth: 'calc(100vw - 24px)', boxSizing: 'border-box', padding: '16px' },
  form: { display: 'flex', flexDirection: 'column', gap: '12px', minWidth: 0 },
  months: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(96px, 1fr))', gap: '0 4px' },
  checks: {
    display: 'flex',
    flexDirection: 'column',
    maxHeight: '220px',
    overflowY: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '4px',
  },
  rows: { display: 'flex', flexDirection: 'column', gap: '8px' },
  row: { display: 'grid', gridTemplateColumns: 'minmax(64px, 90px) minmax(70px, 1fr) minmax(80px, 2fr) auto', gap: '4px', alignItems: 'end' },
  full: { width: '100%', minWidth: 0 },
});

/** "87,5" for 87.5 in Danish and Swedish; what the user typed is read back by parseNumber. */
export function numberText(n: unknown, lang: Locale): string {
  if (typeof n !== 'number') return '';
  const s = String(n);
  return lang === 'en' ? s : s.replace('.', ',');
}

/** The form's raw values of a record (what the inputs show). */
export function valuesOf(fields: readonly FieldSpec[], record: Record<string, unknown>, lang: Locale): Values {
  const out: Values = {};
  for (const f of fields) {
    const v = record[f.name];
    switch (f.type) {
      case 'number':
        out[f.name] = numberText(v, lang);
        break;
      case 'months':
      case 'checks':
        out[f.name] = Array.isArray(v) ? v.map(String) : [];
        break;
      case 'yearValues':
        out[f.name] = Array.isArray(v)
          ? (v as { year: number; value: number | null; note?: string }[]).map((r) => ({
              year: String(r.year),
              value: numberText(r.value, lang),
              note: r.note ?? '',
            }))
          : [];
        break;
      default:
        out[f.name] = f.encode ? f.encode(v) : v === null || v === undefined ? '' : typeof v === 'boolean' ? v : String(v);
    }
  }
  return out;
}

/** The body a form writes, and the fields whose text is no number (found before the schema is asked). */
export function bodyOf(fields: readonly FieldSpec[], values: Values, lang: Locale): { body: Record<string, unknown>; errors: Record<string, string> } {
  const body: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const emptyAs = (f: FieldSpec) => (f.empty === 'null' ? null : f.empty === 'omit' ? undefined : '');
  for (const f of fields) {
    if (f.when && !f.when(values)) continue;
    const raw = values[f.name];
    let value: unknown;
    switch (f.type) {
      case 'number': {
        const s = String(raw ?? '').trim();
        if (!s) value = emptyAs(f) ?? null;
        else {
          value = parseNumber(s);
          if (value === null) errors[f.name] = t('enterNumber', lang);
        }
        break;
      }
      case 'months':
        value = (raw as string[]).map(Number).sort((a, b) => a - b);
        break;
      case 'checks':
        value = raw as string[];
        break;
      case 'yearValues':
        value = (raw as YearRow[]).map((r, i) => {
          const value = r.value.trim() ? parseNumber(r.value) : null;
          if (r.value.trim() && value === null) errors[`${f.name}.${i}.value`] = t('enterNumber', lang);
          const year = Number(r.year.trim());
          return { year: r.year.trim() && Number.isFinite(year) ? year : r.year, value, ...(r.note.trim() ? { note: r.note } : {}) };
        });
        break;
      default:
        value = f.decode ? f.decode(String(raw)) : typeof raw === 'boolean' ? raw : String(raw ?? '').trim() ? raw : emptyAs(f);
    }
    if (value !== undefined) body[f.name] = value;
  }
  return { body, errors };
}

/** Which field an issue path (after the prefix) belongs to: its own name, one of its paths, or a field it lies in. */
function fieldOf(fields: readonly FieldSpec[], path: string): string | null {
  const exact = fields.find((f) => f.name === path || f.paths?.includes(path));
  if (exact) return exact.name;
  if (/^\w+\.\d+\.value$/.test(path)) return path;
  const inside = fields.find((f) => path.startsWith(`${f.name}.`) || f.paths?.some((p) => path.startsWith(`${p}.`)));
  return inside?.name ?? null;
}

export type Check = { kind: EntityKind; record: Record<string, unknown>; prefix: (string | number)[] };

/** The core's validation of the record a write would produce, as messages per field (in the user's language). */
export function validate(fields: readonly FieldSpec[], check: Check, lang: Locale): { byField: Record<string, string>; other: string[] } {
  const parsed = recordSchema(check.kind).safeParse({ id: 'new', ...check.record });
  const byField: Record<string, string> = {};
  const other: string[] = [];
  if (parsed.success) return { byField, other };
  const prefix = check.prefix.map(String);
  for (const issue of parsed.error.issues as z.core.$ZodIssue[]) {
    const path = issue.path.map(String);
    const inForm = prefix.every((p, i) => path[i] === p);
    const rest = path.slice(prefix.length).join('.');
    const field = inForm ? fieldOf(fields, rest) : null;
    const message = issueMessage(issue, lang);
    if (field) byField[field] ??= message;
    else other.push(path.length ? `${path.join('.')}: ${message}` : message);
  }
  return { byField, other };
}

function PersonField({ value, onChange, label }: { value: string; onChange: (v: string) => void; label: string }) {
  // One person by name, searched on the server as the user types (components/people-picker.tsx).
  return <PeoplePicker label={label} value={value ? [value] : []} onChange={(ids) => onChange(ids[0] ?? '')} single />;
}

/** A text of the form's values for the conflict dialog: each filled field as "label: value". */
function summary(fields: readonly FieldSpec[], values: Values, people: ReadonlyMap<string, PersonRef>, lang: Locale): string {
  const lines: string[] = [];
  for (const f of fields) {
    if (f.when && !f.when(values)) continue;
    const v = values[f.name];
    let text: string;
    if (f.type === 'select') text = f.options?.find((o) => o.value === v)?.text ?? String(v);
    else if (f.type === 'checks') text = (v as string[]).map((id) => f.options?.find((o) => o.value === id)?.text ?? id).join(', ');
    else if (f.type === 'months') text = (v as string[]).map((m) => monthName(Number(m), lang)).join(', ');
    else if (f.type === 'person') text = v ? (people.get(String(v))?.displayName ?? t('unnamedPerson', lang)) : '';
    else if (f.type === 'yearValues') text = (v as YearRow[]).map((r) => `${r.year}: ${r.value}`).join('; ');
    else text = String(v);
    if (text) lines.push(`${f.label}: ${text}`);
  }
  return lines.join('\n');
}

export type FormProps = {
  title: string;
  fields: FieldSpec[];
  /** The record (or part of the agreement) the form starts from. */
  initial: Record<string, unknown>;
  testId?: string;
  /** Turns the fields' body into what is written (several inputs making one value: an indicator's frequency). */
  compose?: (body: Record<string, unknown>) => Record<string, unknown>;
  /** Turns the form's body into the record the write would produce, for the core's schema to check. */
  check: (body: Record<string, unknown>) => Check;
  /**
   * Writes the body: on the stored revision, or on `current` (the record someone else saved first) when the
   * user keeps their own version after a conflict.
   */
  save: (body: Record<string, unknown>, current?: unknown) => Promise<void>;
  /** The part of a conflicting record this form shows (the record itself, or the agreement's budget, party …). */
  partOf?: (current: unknown) => Record<string, unknown>;
  onDone: () => void;
  /** After taking the other version: the view reloads. */
  onReload: () => void;
};

/** A form in a dialog: validated as the core validates, saved through the REST API, with conflicts shown side by side. */
export function FormDialog(props: FormProps) {
  const { lang } = useApp();
  const styles = useStyles();
  const { fields } = props;
  const [values, setValues] = useState<Values>(() => valuesOf(fields, props.initial, lang));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  // Each checkbox names its own input: inside a Field they would all take the field's one id.
  const uid = useId();
  const [conflict, setConflict] = useState<{ theirs: Values; current: unknown; body: Record<string, unknown> } | null>(null);
  // The names of the people the form names (mine and, in a conflict, theirs), for the conflict dialog's summary.
  const personIds = fields
    .filter((f) => f.type === 'person')
    .flatMap((f) => [values[f.name], conflict?.theirs[f.name]])
    .filter((v): v is string => typeof v === 'string' && v !== '');
  const people = usePersonNames(personIds);
  const set = (name: string, v: Raw) => {
    setValues((old) => ({ ...old, [name]: v }));
    setErrors((old) => {
      const { [name]: _gone, ...rest } = old;
      return rest;
    });
  };

  const write = async (body: Record<string, unknown>, current?: unknown) => {
    setBusy(true);
    try {
      await props.save(body, current);
      props.onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.current) {
        const part = props.partOf ? props.partOf(e.current) : (e.current as Record<string, unknown>);
        setConflict({ theirs: valuesOf(fields, part, lang), current: e.current, body });
      } else if (e instanceof ApiError && e.field) {
        const prefix = props.check(body).prefix.map(String).join('.');
        const path = prefix && e.field.startsWith(`${prefix}.`) ? e.field.slice(prefix.length + 1) : e.field;
        const field = fieldOf(fields, path);
        const message = e.message.replace(/^[\w.]+: /, '');
        if (field) setErrors({ [field]: message });
        else setOther([e.message]);
      } else setOther([e instanceof Error ? e.message : String(e)]);
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    const made = bodyOf(fields, values, lang);
    const body = props.compose ? props.compose(made.body) : made.body;
    const typed = made.errors;
    const checked = validate(fields, props.check(body), lang);
    const all = { ...checked.byField, ...typed };
    setErrors(all);
    setOther(checked.other);
    if (Object.keys(all).length || checked.other.length) return;
    await write(body);
  };

  const input = (f: FieldSpec) => {
    const v = values[f.name];
    switch (f.type) {
      case 'textarea':
        return <Textarea value={String(v)} onChange={(_, d) => set(f.name, d.value)} resize="vertical" rows={4} className={styles.full} />;
      case 'select':
        return (
          <Dropdown
            className={styles.full}
            value={f.options?.find((o) => o.value === v)?.text ?? ''}
            selectedOptions={[String(v)]}
            onOptionSelect={(_, d) => set(f.name, d.optionValue ?? '')}
          >
            {(f.options ?? []).map((o) => (
              <Option key={o.value} value={o.value} text={o.text}>
                {o.text}
              </Option>
            ))}
          </Dropdown>
        );
      case 'months':
        return (
          <div className={styles.months} role="group" aria-label={f.label}>
            {Array.from({ length: 12 }, (_, i) => String(i + 1)).map((m) => (
              <Checkbox
                key={m}
                id={`${uid}-${f.name}-${m}`}
                label={monthName(Number(m), lang, 'short')}
                checked={(v as string[]).includes(m)}
                onChange={(_, d) => set(f.name, d.checked ? [...(v as string[]), m] : (v as string[]).filter((x) => x !== m))}
              />
            ))}
          </div>
        );
      case 'checks':
        return (
          <div className={styles.checks} role="group" aria-label={f.label}>
            {(f.options ?? []).length === 0 && <span>–</span>}
            {(f.options ?? []).map((o) => (
              <Checkbox
                key={o.value}
                id={`${uid}-${f.name}-${o.value}`}
                label={o.text}
                checked={(v as string[]).includes(o.value)}
                onChange={(_, d) => set(f.name, d.checked ? [...(v as string[]), o.value] : (v as string[]).filter((x) => x !== o.value))}
              />
            ))}
          </div>
        );
      case 'person':
        return <PersonField value={String(v)} onChange={(x) => set(f.name, x)} label={f.label} />;
      case 'yearValues': {
        const rows = v as YearRow[];
        const change = (i: number, part: Partial<YearRow>) =>
          set(
            f.name,
            rows.map((r, j) => (j === i ? { ...r, ...part } : r)),
          );
        return (
          <div className={styles.rows}>
            {rows.map((r, i) => (
              <div className={styles.row} key={i}>
                <Field label={t('year', lang)} validationMessage={errors[`${f.name}.${i}.year`]}>
                  <Input value={r.year} inputMode="numeric" onChange={(_, d) => change(i, { year: d.value })} />
                </Field>
                <Field
                  label={t('value', lang)}
                  validationMessage={errors[`${f.name}.${i}.value`]}
                  validationState={errors[`${f.name}.${i}.value`] ? 'error' : 'none'}
                >
                  <Input value={r.value} inputMode="decimal" onChange={(_, d) => change(i, { value: d.value })} />
                </Field>
                <Field label={t('note', lang)}>
                  <Input value={r.note} onChange={(_, d) => change(i, { note: d.value })} />
                </Field>
                <Button
                  onClick={() =>
                    set(
                      f.name,
                      rows.filter((_, j) => j !== i),
                    )
                  }
                >
                  {t('remove', lang)}
                </Button>
              </div>
            ))}
            <div>
              <Button onClick={() => set(f.name, [...rows, { year: '', value: '', note: '' }])}>{t('addYear', lang)}</Button>
            </div>
          </div>
        );
      }
      default:
        return (
          <Input
            className={styles.full}
            type={f.type === 'date' ? 'date' : 'text'}
            inputMode={f.type === 'number' ? 'decimal' : undefined}
            value={String(v)}
            onChange={(_, d) => set(f.name, d.value)}
          />
        );
    }
  };

  return (
    <>
      <Dialog open={!conflict} modalType="modal" onOpenChange={(_, d) => !d.open && props.onDone()}>
        <DialogSurface className={styles.surface} data-testid={props.testId ?? 'record-form'}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <DialogBody>
              <DialogTitle>{props.title}</DialogTitle>
              <DialogContent className={styles.form}>
                {(Object.keys(errors).length > 0 || other.length > 0) && (
                  <MessageBar intent="error" role="alert">
                    <MessageBarBody>{[t('fixFields', lang), ...other].join(' ')}</MessageBarBody>
                  </MessageBar>
                )}
                {fields
                  .filter((f) => !f.when || f.when(values))
                  .map((f) => (
                    <Field key={f.name} label={f.label} hint={f.hint} validationState={errors[f.name] ? 'error' : 'none'} validationMessage={errors[f.name]}>
                      {input(f)}
                    </Field>
                  ))}
              </DialogContent>
              <DialogActions>
                <Button appearance="primary" type="submit" disabled={busy}>
                  {t('save', lang)}
                </Button>
                <Button onClick={props.onDone}>{t('cancel', lang)}</Button>
              </DialogActions>
            </DialogBody>
          </form>
        </DialogSurface>
      </Dialog>
      {conflict && (
        <ConflictDialog
          lang={lang}
          mine={summary(fields, values, people, lang)}
          theirs={summary(fields, conflict.theirs, people, lang)}
          onKeepMine={() => {
            const c = conflict;
            setConflict(null);
            void write(c.body, c.current);
          }}
          onTakeTheirs={() => {
            setConflict(null);
            props.onReload();
            props.onDone();
          }}
        />
      )}
    </>
  );
}

/** Asks before a delete: the item's name, and what goes with it. */
export function ConfirmDelete({ item, text, onConfirm, onDone }: { item: string; text: string; onConfirm: () => Promise<void>; onDone: () => void }) {
  const { lang } = useApp();
  const styles = useStyles();
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && onDone()}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>{t('confirmDelete', lang, { item: item.length > 80 ? `${item.slice(0, 80)}…` : item })}</DialogTitle>
          <DialogContent>
            <p>{text}</p>
            {error && (
              <MessageBar intent="error" role="alert">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              onClick={async () => {
                try {
                  await onConfirm();
                  onDone();
                } catch (e) {
                  setError(e instanceof Error ? e.message : String(e));
                }
              }}
            >
              {t('delete', lang)}
            </Button>
            <Button onClick={onDone}>{t('cancel', lang)}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
