import { Button, Dropdown, Input, MessageBar, MessageBarBody, Option, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useState } from 'react';
import type { WheelEvent } from '../../../api/core/model';
import { AUDIENCE_ROLES, WHEEL_ACTIONS, WHEEL_EVENT_KINDS } from '../../../api/core/model/cycle-vocabulary';
import { useApp } from '../context';
import { label, monthName, t } from '../../../api/core/i18n/text';

/** Dropdowns in the table: one line, cut with an ellipsis, the cell's width. */
const ONE_LINE = { root: { minWidth: 0, width: '100%' }, button: { whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' } } as const;

/** An event as edited: `date` is '' when the event is for the whole month. */
type Draft = { titleDa: string; titleSv: string; titleEn: string; month: number; date: string; kind: string; audience: string[]; action: string; offsets: string };
const draftOf = (e: WheelEvent): Draft => ({
  titleDa: e.title.da ?? '',
  titleSv: e.title.sv ?? '',
  titleEn: e.title.en ?? '',
  month: e.month,
  date: e.date ?? '',
  kind: e.kind,
  audience: [...e.audience],
  action: e.action,
  offsets: e.reminderOffsetsDays.join(', '),
});
const bodyOf = (d: Draft) => ({
  title: Object.fromEntries(Object.entries({ da: d.titleDa, sv: d.titleSv, en: d.titleEn }).filter(([, v]) => v.trim())),
  month: d.month,
  date: d.date || null,
  kind: d.kind,
  audience: d.audience,
  action: d.action,
  reminderOffsetsDays: d.offsets.split(',').map((x) => x.trim()).filter(Boolean).map(Number),
});

/**
 * The quality office edits the wheel of a unit: titles in each language, month or exact date, kind, who is
 * reminded, what the event asks for, and the reminder offsets.
 */
export function WheelEditor({ unitId, year, events, onChanged }: { unitId: string; year: number; events: WheelEvent[]; onChanged: () => Promise<void> }) {
  const { lang, api } = useApp();
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [fresh, setFresh] = useState<Draft>({ titleDa: '', titleSv: '', titleEn: '', month: 1, date: '', kind: 'other', audience: ['leaders'], action: 'none', offsets: '14, 3' });
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setMessage({ intent: 'success', text: t('saved', lang) });
      setDrafts({});
      await onChanged();
    } catch (e) {
      setMessage({ intent: 'error', text: (e as Error).message });
    }
  };
  const row = (d: Draft, set: (d: Draft) => void, id: string) => [
    <TableCell key="da"><Input aria-label={`${id} da`} value={d.titleDa} onChange={(_, x) => set({ ...d, titleDa: x.value })} /></TableCell>,
    <TableCell key="sv"><Input aria-label={`${id} sv`} value={d.titleSv} onChange={(_, x) => set({ ...d, titleSv: x.value })} /></TableCell>,
    <TableCell key="en"><Input aria-label={`${id} en`} value={d.titleEn} onChange={(_, x) => set({ ...d, titleEn: x.value })} /></TableCell>,
    <TableCell key="m">
      {/* Another month drops a date that no longer lies in it. */}
      <Dropdown style={ONE_LINE.root} button={{ style: ONE_LINE.button }} aria-label={`${id} ${t('month', lang)}`} value={monthName(d.month, lang)} onOptionSelect={(_, x) => set({ ...d, month: Number(x.optionValue), date: d.date && Number(d.date.slice(5, 7)) === Number(x.optionValue) ? d.date : '' })}>
        {Array.from({ length: 12 }, (_, i) => <Option key={i} value={String(i + 1)}>{monthName(i + 1, lang)}</Option>)}
      </Dropdown>
    </TableCell>,
    <TableCell key="d">
      <Input type="date" aria-label={`${id} ${t('eventDate', lang)}`} value={d.date} min={`${year}-01-01`} max={`${year}-12-31`} onChange={(_, x) => set({ ...d, date: x.value, month: x.value ? Number(x.value.slice(5, 7)) : d.month })} />
    </TableCell>,
    <TableCell key="k">
      <Dropdown style={ONE_LINE.root} button={{ style: ONE_LINE.button }} aria-label={`${id} ${t('kind', lang)}`} value={label('wheelKind', d.kind, lang)} onOptionSelect={(_, x) => set({ ...d, kind: x.optionValue ?? d.kind })}>
        {WHEEL_EVENT_KINDS.map((k) => <Option key={k} value={k}>{label('wheelKind', k, lang)}</Option>)}
      </Dropdown>
    </TableCell>,
    <TableCell key="a">
      <Dropdown
        multiselect
        style={ONE_LINE.root}
        button={{ style: ONE_LINE.button }}
        aria-label={`${id} ${t('audience', lang)}`}
        value={d.audience.map((a) => label('audienceRole', a, lang)).join(', ')}
        selectedOptions={d.audience}
        onOptionSelect={(_, x) => set({ ...d, audience: x.selectedOptions })}
      >
        {AUDIENCE_ROLES.map((a) => <Option key={a} value={a}>{label('audienceRole', a, lang)}</Option>)}
      </Dropdown>
    </TableCell>,
    <TableCell key="w">
      <Dropdown style={ONE_LINE.root} button={{ style: ONE_LINE.button }} aria-label={`${id} ${t('eventAction', lang)}`} value={label('wheelAction', d.action, lang)} selectedOptions={[d.action]} onOptionSelect={(_, x) => set({ ...d, action: x.optionValue ?? d.action })}>
        {WHEEL_ACTIONS.map((a) => <Option key={a} value={a}>{label('wheelAction', a, lang)}</Option>)}
      </Dropdown>
    </TableCell>,
    <TableCell key="o"><Input aria-label={`${id} ${t('offsets', lang)}`} value={d.offsets} onChange={(_, x) => set({ ...d, offsets: x.value })} /></TableCell>,
  ];
  return (
    <div data-testid="wheel-editor">
      <Subtitle2 as="h2">{t('editWheel', lang)}</Subtitle2>
      <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={t('editWheel', lang)} style={{ minWidth: 1500 }}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Dansk</TableHeaderCell><TableHeaderCell>Svenska</TableHeaderCell><TableHeaderCell>English</TableHeaderCell>
            <TableHeaderCell>{t('month', lang)}</TableHeaderCell><TableHeaderCell>{t('eventDate', lang)}</TableHeaderCell><TableHeaderCell>{t('kind', lang)}</TableHeaderCell>
            <TableHeaderCell>{t('audience', lang)}</TableHeaderCell><TableHeaderCell>{t('eventAction', lang)}</TableHeaderCell><TableHeaderCell>{t('offsets', lang)}</TableHeaderCell><TableHeaderCell />
          </TableRow>
        </TableHeader>
        <TableBody>
          {events.filter((e) => e.unitId === unitId).map((e) => {
            const d = drafts[e.id] ?? draftOf(e);
            return (
              <TableRow key={e.id}>
                {row(d, (x) => setDrafts({ ...drafts, [e.id]: x }), e.id)}
                <TableCell>
                  <Button size="small" onClick={() => void run(() => api.send('PATCH', `/wheel-events/${encodeURIComponent(e.id)}`, bodyOf(d), e.revision))}>{t('save', lang)}</Button>
                  <Button size="small" appearance="subtle" onClick={() => void run(() => api.send('DELETE', `/wheel-events/${encodeURIComponent(e.id)}`, undefined, e.revision))}>{t('remove', lang)}</Button>
                </TableCell>
              </TableRow>
            );
          })}
          <TableRow>
            {row(fresh, setFresh, 'new')}
            <TableCell>
              <Button size="small" appearance="primary" onClick={() => void run(() => api.send('POST', '/wheel-events', { unitId, year, ...bodyOf(fresh) }))}>{t('add', lang)}</Button>
            </TableCell>
          </TableRow>
        </TableBody>
      </Table>
      </div>
      {message && <MessageBar intent={message.intent} role="status"><MessageBarBody>{message.text}</MessageBarBody></MessageBar>}
    </div>
  );
}
