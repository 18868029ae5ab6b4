import {
  Button,
  Caption1,
  Checkbox,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Subtitle1,
  Subtitle2,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { Agreement, AgreementVersion, AuditEntry, Goal, Locale, Person } from '../../../api/core/model';
import type { VersionDiff } from '../../../api/core/rules/versions';
import { mayEndThisYear, nextTerm, type Move } from '../../../api/core/rules/agreement-life';
import type { MessageKey } from '../../../api/core/i18n/catalogue';
import { useApp, usePermissions, useResource } from '../context';
import { formatAmount, formatDate, formatDateTime, label, lowerFirst, t } from '../../../api/core/i18n/text';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px', borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: '12px' },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'end' },
  list: { margin: 0, paddingLeft: '18px' },
});

/** The moves with a button of their own, and the route each takes (approving and next year have their own forms). */
const MOVE_BUTTONS: { move: Move; path: string; label: MessageKey; primary?: true }[] = [
  { move: 'submit', path: 'submit', label: 'move_submit', primary: true },
  { move: 'sign', path: 'sign', label: 'move_sign', primary: true },
  { move: 'startYearEnd', path: 'year-end', label: 'move_year_end' },
  { move: 'startNextYear', path: 'next-follow-up-year', label: 'move_next_follow_up_year', primary: true },
  { move: 'close', path: 'close', label: 'move_close' },
  { move: 'openNewVersion', path: 'new-version', label: 'move_new_version' },
];
/** Goals offered for next year by default: not achieved, by what their step of the scale means, or without a status. */
const UNMET = new Set<string | null>([null, 'not_started', 'at_risk', 'off_track', 'not_achieved', 'partly_achieved', 'not_followed_up']);

/** A send-back's comment from the chief, shown at the top of the agreement while it is a draft again. */
export function SentBack({ agreement }: { agreement: Agreement }) {
  const { lang } = useApp();
  const d = agreement.decision;
  if (agreement.status !== 'draft' || d?.decision !== 'requestChanges') return null;
  return (
    <MessageBar intent="warning" data-testid="sent-back">
      <MessageBarBody>
        <MessageBarTitle>{t('sentBackBy', lang, { who: d.byName, date: formatDate(d.at, lang) })}</MessageBarTitle>
        {d.comment}
      </MessageBarBody>
    </MessageBar>
  );
}

/** The agreement's life: moves for its state, the chief's decision, next year's draft, versions with differences, audit. */
export function AgreementLife({ agreement, goals, onChanged }: { agreement: Agreement; goals: Goal[]; onChanged: () => Promise<void> }) {
  const { lang, api, navigate } = useApp();
  const can = usePermissions(agreement.unitId);
  // The moves this person can make now, from the core's transitions table: nothing offered is bound to be refused.
  const { data: offered } = useResource<{ moves: Move[] }>(`/agreements/${encodeURIComponent(agreement.id)}/moves?r=${agreement.revision}`);
  const may = (m: Move) => offered?.moves.includes(m) ?? false;
  const styles = useStyles();
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const [comment, setComment] = useState('');
  const [carry, setCarry] = useState<string[]>(() => goals.filter((g) => UNMET.has(g.statusMeaning ?? g.status)).map((g) => g.id));
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setMessage({ intent: 'success', text: t('saved', lang) });
      await onChanged();
    } catch (e) {
      setMessage({ intent: 'error', text: (e as Error).message });
    }
  };
  const move = (path: string) => run(() => api.send('POST', `/agreements/${encodeURIComponent(agreement.id)}/${path}`, undefined, agreement.revision));
  const decide = (decision: 'approve' | 'requestChanges') =>
    run(() =>
      api.send('POST', `/agreements/${encodeURIComponent(agreement.id)}/decision`, {
        version: agreement.version,
        decision,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      }),
    );
  return (
    <section className={styles.section} aria-labelledby="s-life">
      <Subtitle1 as="h2" id="s-life">
        {t('lifecycle', lang)}
      </Subtitle1>
      <div className={styles.row} data-testid="moves" aria-busy={!offered}>
        {MOVE_BUTTONS.filter((b) => may(b.move)).map((b) => (
          <Button key={b.move} appearance={b.primary ? 'primary' : 'secondary'} onClick={() => void move(b.path)}>
            {t(b.label, lang)}
          </Button>
        ))}
      </div>
      {may('approve') && (
        <div className={styles.row}>
          <Field label={t('decisionComment', lang)}>
            <Textarea value={comment} onChange={(_, d) => setComment(d.value)} />
          </Field>
          <Button appearance="primary" onClick={() => void decide('approve')}>
            {t('approve', lang)}
          </Button>
          <Button onClick={() => void decide('requestChanges')}>{t('requestChanges', lang)}</Button>
        </div>
      )}
      {agreement.yearEnds.length > 0 && (
        <div data-testid="closed-years">
          <Subtitle2 as="h3">{t('closedYears', lang)}</Subtitle2>
          <ul className={styles.list}>
            {agreement.yearEnds.map((y) => (
              <li key={y.year}>
                {t('yearClosedBy', lang, { year: y.year, d: formatDate(y.at, lang), who: y.byName, v: y.version })}
                {y.goals.some((g) => g.results) && (
                  <ul className={styles.list}>
                    {y.goals
                      .filter((g) => g.results)
                      .map((g) => (
                        <li key={g.goalId}>
                          {g.title}: {g.results}
                        </li>
                      ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {(agreement.status === 'closed' || (agreement.status === 'year_end' && mayEndThisYear(agreement))) && may('createNextYear') && (
        <div>
          <Subtitle2 as="h3">{t('nextYear', lang)}</Subtitle2>
          <Caption1 block>{t('carryHint', lang)}</Caption1>
          {goals.map((g) => (
            <Checkbox
              key={g.id}
              label={g.title}
              checked={carry.includes(g.id)}
              onChange={(_, d) => setCarry(d.checked ? [...carry, g.id] : carry.filter((x) => x !== g.id))}
            />
          ))}
          <div>
            <Button
              appearance="primary"
              onClick={() =>
                void run(async () => {
                  const draft = await api.send<Agreement>('POST', `/agreements/${encodeURIComponent(agreement.id)}/next-year`, { carryGoalIds: carry });
                  navigate({ view: 'agreement', agreementId: draft.id });
                })
              }
            >
              {t('createNextYear', lang, { year: nextTerm(agreement).year })}
            </Button>
          </div>
        </div>
      )}
      {message && (
        <MessageBar intent={message.intent} role="status">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
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
  const names = useNames(versions?.filter((v) => !v.imported).map((v) => v.submittedBy) ?? []);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | 'current'>('current');
  const base = from ?? versions?.[0]?.version ?? null;
  const { data: diff } = useResource<VersionDiff>(
    base ? `/agreements/${encodeURIComponent(agreement.id)}/diff?from=${base}${to === 'current' ? '' : `&to=${to}`}` : null,
  );
  if (!versions?.length) return <Caption1>{t('noVersions', lang)}</Caption1>;
  const label = (v: number) => `${t('version', lang)} ${v}`;
  return (
    <div data-testid="versions">
      <Subtitle2 as="h3">{t('versions', lang)}</Subtitle2>
      <ul className={styles.list}>
        {versions.map((v) => (
          <li key={v.version}>
            {label(v.version)} –{' '}
            {v.imported
              ? t('importedOn', lang, { d: formatDate(v.submittedAt, lang) })
              : t('submittedOn', lang, { d: formatDate(v.submittedAt, lang), who: nameOf(v.submittedBy, names, lang) })}
            {v.imported && agreement.approvalLine && ` · ${t('approvalAsWritten', lang)}: ${agreement.approvalLine.text}`}
          </li>
        ))}
      </ul>
      <div className={styles.row}>
        <Field label={t('compareFrom', lang)}>
          <Dropdown value={base ? label(base) : ''} onOptionSelect={(_, d) => setFrom(Number(d.optionValue))}>
            {versions.map((v) => (
              <Option key={v.version} value={String(v.version)}>
                {label(v.version)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label={t('compareTo', lang)}>
          <Dropdown
            value={to === 'current' ? t('currentVersion', lang) : label(to)}
            onOptionSelect={(_, d) => setTo(d.optionValue === 'current' ? 'current' : Number(d.optionValue))}
          >
            <Option value="current">{t('currentVersion', lang)}</Option>
            {versions.map((v) => (
              <Option key={v.version} value={String(v.version)}>
                {label(v.version)}
              </Option>
            ))}
          </Dropdown>
        </Field>
      </div>
      {diff && (
        <ul className={styles.list} data-testid="diff">
          {diff.goalsAdded.map((g) => (
            <li key={`a${g.id}`}>
              {t('goalAdded', lang)}: {g.title}
            </li>
          ))}
          {diff.goalsRemoved.map((g) => (
            <li key={`r${g.id}`}>
              {t('goalRemoved', lang)}: {g.title}
            </li>
          ))}
          {diff.goalsChanged.map((g) => (
            <li key={`c${g.id}`}>
              {t('goalChanged', lang)}: {g.title} ({g.fields.join(', ')})
            </li>
          ))}
          {diff.budget && (
            <li>
              {t('budget', lang)}: {diff.budget.from === null ? '–' : formatAmount(diff.budget.from, diff.budget.currency, lang)} →{' '}
              {diff.budget.to === null ? '–' : formatAmount(diff.budget.to, diff.budget.currency, lang)}
            </li>
          )}
          {!diff.goalsAdded.length && !diff.goalsRemoved.length && !diff.goalsChanged.length && !diff.budget && <li>{t('noDifferences', lang)}</li>}
        </ul>
      )}
    </div>
  );
}

/** The display names of people by id, read once per set of ids; an id stays as it is until (or unless) it is found. */
function useNames(ids: readonly string[]): ReadonlyMap<string, string> {
  const { api } = useApp();
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const key = [...new Set(ids)].sort().join('\n');
  useEffect(() => {
    let live = true;
    const wanted = key ? key.split('\n').filter((id) => id !== 'system') : [];
    void Promise.all(
      wanted.map((id) =>
        api.get<Person>(`/people/${encodeURIComponent(id)}`).then(
          (p) => [id, p.displayName] as const,
          () => null,
        ),
      ),
    ).then((found) => {
      if (live) setNames(new Map(found.filter((f) => f !== null)));
    });
    return () => {
      live = false;
    };
  }, [api, key]);
  return names;
}

/** A person's name for a sentence: the system by its name in the reader's language, an unknown id as it is. */
const nameOf = (id: string, names: ReadonlyMap<string, string>, lang: Locale) => (id === 'system' ? t('systemActor', lang) : (names.get(id) ?? id));

/** One audit entry of the agreement as a sentence: who did what, from which status to which, and the comment. */
function auditLine(e: AuditEntry, who: string, lang: Locale): string {
  const status = (r: unknown) => lowerFirst(label('agreementStatus', (r as { status?: string } | null)?.status ?? '', lang));
  const sentence = t('auditSentence', lang, { who, action: e.action, from: status(e.before), to: status(e.after) });
  if (!e.note) return sentence;
  // Notes the core writes itself are in English words with an id; the reader gets them in their language.
  const made = /^(next year|carried over) from (.+)$/.exec(e.note);
  if (made) return `${sentence} ${t(made[1] === 'next year' ? 'auditNextYearFrom' : 'auditCarriedOverFrom', lang, { from: made[2]! })}`;
  return `${sentence} ${t('auditComment', lang, { note: e.note })}`;
}

function Audit({ agreementId }: { agreementId: string }) {
  const { lang } = useApp();
  const styles = useStyles();
  const { data, error } = useResource<{ items: AuditEntry[] }>(`/audit?entityId=${encodeURIComponent(agreementId)}&limit=50`);
  const names = useNames(data?.items.map((e) => e.actorId) ?? []);
  if (error) return <Caption1>{t('auditHidden', lang)}</Caption1>;
  if (!data) return null;
  return (
    <div>
      <Subtitle2 as="h3">{t('auditTrail', lang)}</Subtitle2>
      <ul className={styles.list} aria-label={t('auditTrail', lang)} data-testid="audit">
        {data.items.map((e) => (
          <li key={e.id}>
            <Caption1>{formatDateTime(e.at, lang)}</Caption1> – {auditLine(e, nameOf(e.actorId, names, lang), lang)}
          </li>
        ))}
      </ul>
    </div>
  );
}
