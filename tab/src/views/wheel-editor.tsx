import {
  Button,
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
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { WheelEvent } from '../../../api/core/model';
import { AUDIENCE_ROLES, MONTH_PARTS, WHEEL_ACTIONS, WHEEL_EVENT_KINDS } from '../../../api/core/model/cycle-vocabulary';
import { compareEvents } from '../../../api/core/rules/wheel-dates';
import { useApp } from '../context';
import { formatWhen, label, localText, monthName, t, type Locale } from '../../../api/core/i18n/text';

const useStyles = makeStyles({
  editor: { display: 'flex', flexDirection: 'column', gap: '8px', marginTop: '16px' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '4px' },
  item: {
    display: 'flex',
    gap: '8px',
    alignItems: 'center',
    padding: '4px 8px',
    background: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
  },
  grow: { flexGrow: 1, minWidth: 0, overflowWrap: 'anywhere' },
  surface: { maxWidth: 'min(560px, calc(100vw - 32px))' },
  fields: { display: 'flex', flexDirection: 'column', gap: '8px' },
  pair: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))', gap: '8px' },
});

/** An event as edited: `date` is '' when the event is for the whole month. */
type Draft = {
  titleDa: string;
  titleSv: string;
  titleEn: string;
  month: number;
  date: string;
  /** '' for a date or the whole month. */
  part: string;
  /** 0 when the event does not run on into a later month part or month. */
  untilMonth: number;
  untilPart: string;
  whenText: string;
  kind: string;
  audience: string[];
  action: string;
  offsets: string;
};
const draftOf = (e: WheelEvent): Draft => ({
  titleDa: e.title.da ?? '',
  titleSv: e.title.sv ?? '',
  titleEn: e.title.en ?? '',
  month: e.month,
  date: e.date ?? '',
  part: e.part ?? '',
  untilMonth: e.until && !e.until.date ? e.until.month : 0,
  untilPart: e.until?.part ?? '',
  whenText: e.whenText ?? '',
  kind: e.kind,
  audience: [...e.audience],
  action: e.action,
  offsets: e.reminderOffsetsDays.join(', '),
});
const bodyOf = (d: Draft) => ({
  title: Object.fromEntries(Object.entries({ da: d.titleDa, sv: d.titleSv, en: d.titleEn }).filter(([, v]) => v.trim())),
  month: d.month,
  date: d.date || null,
  part: d.date ? null : d.part || null,
  until: d.untilMonth ? { month: d.untilMonth, part: d.untilPart || null, date: null } : null,
  ...(d.whenText.trim() ? { whenText: d.whenText.trim() } : {}),
  kind: d.kind,
  audience: d.audience,
  action: d.action,
  reminderOffsetsDays: d.offsets
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
    .map(Number),
});

/**
 * The quality office edits the wheel of a unit, one event at a time: the events are listed, and Edit (or Add)
 * opens the event in a dialog with its titles in each language, month or exact date, kind, who is reminded,
 * what the event asks for and the reminder offsets; Save and Remove sit in the dialog, in view.
 */
/** A part of a month (beginning, middle, end) or none: where an event starts, and where it runs on to. */
function MonthPartDropdown({
  name,
  lang,
  disabled,
  part,
  onPart,
}: {
  name: string;
  lang: Locale;
  disabled: boolean;
  part: string;
  onPart: (part: string) => void;
}) {
  const nameOf = (p: string) => (p ? label('monthPart', p, lang) : t('noneOption', lang));
  return (
    <Dropdown aria-label={name} disabled={disabled} value={nameOf(part)} selectedOptions={[part]} onOptionSelect={(_, x) => onPart(x.optionValue ?? '')}>
      {['', ...MONTH_PARTS].map((p) => (
        <Option key={p} value={p}>
          {nameOf(p)}
        </Option>
      ))}
    </Dropdown>
  );
}

export function WheelEditor({ unitId, year, events, onChanged }: { unitId: string; year: number; events: WheelEvent[]; onChanged: () => Promise<void> }) {
  const { lang, api } = useApp();
  const styles = useStyles();
  const blank: Draft = {
    titleDa: '',
    titleSv: '',
    titleEn: '',
    month: 1,
    date: '',
    part: '',
    untilMonth: 0,
    untilPart: '',
    whenText: '',
    kind: 'other',
    audience: ['leaders'],
    action: 'none',
    offsets: '14, 3',
  };
  // The event being edited (null: a new one), with its draft; nothing open when `editing` is undefined.
  const [editing, setEditing] = useState<{ event: WheelEvent | null; draft: Draft } | undefined>(undefined);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setMessage({ intent: 'success', text: t('saved', lang) });
      setError(null);
      setEditing(undefined);
      await onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const mine = events.filter((e) => e.unitId === unitId).sort(compareEvents);
  const d = editing?.draft;
  const set = (x: Draft) => setEditing(editing && { ...editing, draft: x });
  const id = editing?.event?.id ?? 'new';
  return (
    <div data-testid="wheel-editor" className={styles.editor}>
      <Subtitle2 as="h2">{t('editWheel', lang)}</Subtitle2>
      <ul className={styles.list}>
        {mine.map((e) => (
          <li key={e.id} className={styles.item} data-testid="wheel-editor-event">
            <span className={styles.grow}>
              <b>{localText(e.title, lang)}</b> · {formatWhen(e, lang)} · {label('wheelKind', e.kind, lang)}
            </span>
            <Button
              size="small"
              aria-haspopup="dialog"
              aria-label={`${t('edit', lang)}: ${localText(e.title, lang)}`}
              onClick={() => {
                setError(null);
                setEditing({ event: e, draft: draftOf(e) });
              }}
            >
              {t('edit', lang)}
            </Button>
          </li>
        ))}
      </ul>
      <div>
        <Button
          appearance="primary"
          aria-haspopup="dialog"
          onClick={() => {
            setError(null);
            setEditing({ event: null, draft: blank });
          }}
        >
          {t('add', lang)}
        </Button>
      </div>
      {message && (
        <MessageBar intent={message.intent} role="status">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <Dialog open={editing !== undefined} onOpenChange={(_, x) => !x.open && setEditing(undefined)}>
        <DialogSurface className={styles.surface}>
          {d && (
            <DialogBody>
              <DialogTitle>{editing?.event ? localText(editing.event.title, lang) : t('add', lang)}</DialogTitle>
              <DialogContent className={styles.fields}>
                <Field label="Dansk">
                  <Input aria-label={`${id} da`} value={d.titleDa} onChange={(_, x) => set({ ...d, titleDa: x.value })} />
                </Field>
                <Field label="Svenska">
                  <Input aria-label={`${id} sv`} value={d.titleSv} onChange={(_, x) => set({ ...d, titleSv: x.value })} />
                </Field>
                <Field label="English">
                  <Input aria-label={`${id} en`} value={d.titleEn} onChange={(_, x) => set({ ...d, titleEn: x.value })} />
                </Field>
                <div className={styles.pair}>
                  <Field label={t('month', lang)}>
                    {/* Another month drops a date that no longer lies in it. */}
                    <Dropdown
                      aria-label={`${id} ${t('month', lang)}`}
                      value={monthName(d.month, lang)}
                      selectedOptions={[String(d.month)]}
                      onOptionSelect={(_, x) =>
                        set({ ...d, month: Number(x.optionValue), date: d.date && Number(d.date.slice(5, 7)) === Number(x.optionValue) ? d.date : '' })
                      }
                    >
                      {Array.from({ length: 12 }, (_, i) => (
                        <Option key={i} value={String(i + 1)}>
                          {monthName(i + 1, lang)}
                        </Option>
                      ))}
                    </Dropdown>
                  </Field>
                  <Field label={t('eventDate', lang)}>
                    <Input
                      type="date"
                      aria-label={`${id} ${t('eventDate', lang)}`}
                      value={d.date}
                      min={`${year}-01-01`}
                      max={`${year}-12-31`}
                      onChange={(_, x) => set({ ...d, date: x.value, month: x.value ? Number(x.value.slice(5, 7)) : d.month })}
                    />
                  </Field>
                </div>
                <div className={styles.pair}>
                  <Field label={t('monthPartField', lang)}>
                    <MonthPartDropdown
                      name={`${id} ${t('monthPartField', lang)}`}
                      lang={lang}
                      disabled={!!d.date}
                      part={d.part}
                      onPart={(part) => set({ ...d, part })}
                    />
                  </Field>
                  <Field label={t('untilMonth', lang)}>
                    <Dropdown
                      aria-label={`${id} ${t('untilMonth', lang)}`}
                      value={d.untilMonth ? monthName(d.untilMonth, lang) : t('noneOption', lang)}
                      selectedOptions={[String(d.untilMonth)]}
                      onOptionSelect={(_, x) => set({ ...d, untilMonth: Number(x.optionValue ?? 0) })}
                    >
                      {Array.from({ length: 13 }, (_, i) => (
                        <Option key={i} value={String(i)}>
                          {i ? monthName(i, lang) : t('noneOption', lang)}
                        </Option>
                      ))}
                    </Dropdown>
                  </Field>
                  <Field label={t('untilPart', lang)}>
                    <MonthPartDropdown
                      name={`${id} ${t('untilPart', lang)}`}
                      lang={lang}
                      disabled={!d.untilMonth}
                      part={d.untilPart}
                      onPart={(untilPart) => set({ ...d, untilPart })}
                    />
                  </Field>
                </div>
                <Field label={t('whenText', lang)}>
                  <Input aria-label={`${id} ${t('whenText', lang)}`} value={d.whenText} onChange={(_, x) => set({ ...d, whenText: x.value })} />
                </Field>
                <Field label={t('kind', lang)}>
                  <Dropdown
                    aria-label={`${id} ${t('kind', lang)}`}
                    value={label('wheelKind', d.kind, lang)}
                    selectedOptions={[d.kind]}
                    onOptionSelect={(_, x) => set({ ...d, kind: x.optionValue ?? d.kind })}
                  >
                    {WHEEL_EVENT_KINDS.map((k) => (
                      <Option key={k} value={k}>
                        {label('wheelKind', k, lang)}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
                <Field label={t('audience', lang)}>
                  <Dropdown
                    multiselect
                    aria-label={`${id} ${t('audience', lang)}`}
                    value={d.audience.map((a) => label('audienceRole', a, lang)).join(', ')}
                    selectedOptions={d.audience}
                    onOptionSelect={(_, x) => set({ ...d, audience: x.selectedOptions })}
                  >
                    {AUDIENCE_ROLES.map((a) => (
                      <Option key={a} value={a}>
                        {label('audienceRole', a, lang)}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
                <Field label={t('eventAction', lang)}>
                  <Dropdown
                    aria-label={`${id} ${t('eventAction', lang)}`}
                    value={label('wheelAction', d.action, lang)}
                    selectedOptions={[d.action]}
                    onOptionSelect={(_, x) => set({ ...d, action: x.optionValue ?? d.action })}
                  >
                    {WHEEL_ACTIONS.map((a) => (
                      <Option key={a} value={a}>
                        {label('wheelAction', a, lang)}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
                <Field label={t('offsets', lang)}>
                  <Input aria-label={`${id} ${t('offsets', lang)}`} value={d.offsets} onChange={(_, x) => set({ ...d, offsets: x.value })} />
                </Field>
                {error && (
                  <MessageBar intent="error" role="alert">
                    <MessageBarBody>{error}</MessageBarBody>
                  </MessageBar>
                )}
              </DialogContent>
              <DialogActions>
                {editing?.event ? (
                  <>
                    <Button
                      appearance="primary"
                      onClick={() =>
                        void run(() => api.send('PATCH', `/wheel-events/${encodeURIComponent(editing.event!.id)}`, bodyOf(d), editing.event!.revision))
                      }
                    >
                      {t('save', lang)}
                    </Button>
                    <Button
                      onClick={() =>
                        void run(() => api.send('DELETE', `/wheel-events/${encodeURIComponent(editing.event!.id)}`, undefined, editing.event!.revision))
                      }
                    >
                      {t('remove', lang)}
                    </Button>
                  </>
                ) : (
                  <Button appearance="primary" onClick={() => void run(() => api.send('POST', '/wheel-events', { unitId, year, ...bodyOf(d) }))}>
                    {t('add', lang)}
                  </Button>
                )}
                <Button appearance="subtle" onClick={() => setEditing(undefined)}>
                  {t('cancel', lang)}
                </Button>
              </DialogActions>
            </DialogBody>
          )}
        </DialogSurface>
      </Dialog>
    </div>
  );
}
