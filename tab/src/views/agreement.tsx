import { MeetingMinutes } from '../meeting/minutes';
import {
  Body1,
  Button,
  Caption1,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle1,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Fragment } from 'react';
import type { AgreementView } from '../../../api/core/services/agreement-view';
import type { Goal, PartyRole } from '../../../api/core/model';
import { GoalStatusBadge, StatusBadge } from '../components/status';
import { ExportButtons } from '../components/export-buttons';
import { PublishPanel } from '../components/publish-panel';
import { useApp, usePermissions, useResource } from '../context';
import { openFields, PUBLISHED_STATUSES } from '../../../api/core/rules/agreement-life';
import type { DocumentKind } from '../../../api/core/entities';
import { Author } from '../authoring';
import { agreementPeriod, formatDate, formatAmount, formatNumber, label, localText, monthName, t } from '../../../api/core/i18n/text';
import { Failure, Loading } from './common';
import { AgreementLife, SentBack } from './agreement-life';
import { SheetTransfer } from './sheet-transfer';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '20px' },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '12px' },
  section: { display: 'flex', flexDirection: 'column', gap: '8px', borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: '12px' },
  prose: { whiteSpace: 'pre-wrap', maxWidth: '80ch', margin: 0 },
  dl: { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px', margin: 0 },
  cell: { verticalAlign: 'top', whiteSpace: 'pre-wrap', paddingTop: '8px', paddingBottom: '8px' },
  list: { margin: 0, paddingLeft: '18px', display: 'flex', flexDirection: 'column', gap: '4px' },
  muted: { color: tokens.colorNeutralForeground3 },
  amount: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

/** One unit's agreement, laid out as the Assens writing guide orders it, with the Silkeborg goal table. */
export function AgreementPage({ agreementId }: { agreementId: string }) {
  const { lang, navigate } = useApp();
  const styles = useStyles();
  const { data: v, error, reload } = useResource<AgreementView>(`/agreements/${encodeURIComponent(agreementId)}/view`);
  const perms = usePermissions(v?.agreement.unitId);
  // Which of the municipality's signing parties have not signed the current version (with the moves, as the core tells).
  const { data: signing } = useResource<{ signing: { missing: PartyRole[] } }>(
    v ? `/agreements/${encodeURIComponent(agreementId)}/moves?r=${v.agreement.revision}` : null,
  );
  if (error) return <Failure error={error} retry={reload} />;
  if (!v) return <Loading />;
  const a = v.agreement;
  /** What the person may write of the agreement now: their rights (from the core) and what its state leaves open. */
  const may = (kind: DocumentKind, op: 'create' | 'update' | 'delete') => !!perms?.write[kind][op] && openFields(a.status, kind) === 'all';
  const writeAgreement = may('agreement', 'update');
  const shared = v.goals.filter((g) => g.origin === 'shared');
  const own = v.goals.filter((g) => g.origin === 'own');
  const groupKeys = new Set(v.goalGroups.map((gr) => gr.key));
  const grouped = v.goals.some((g) => g.groupKey !== null && groupKeys.has(g.groupKey));
  const ungrouped = { key: '', name: t('ungrouped', lang), goals: v.goals.filter((g) => g.groupKey === null || !groupKeys.has(g.groupKey)) };
  const parentsOf = (g: Goal) => v.parentGoals.filter((p) => g.parentGoalIds.includes(p.id));
  const goalTable = (goals: Goal[], caption: string) =>
    goals.length > 0 && (
      <Table aria-label={caption} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('goal', lang)}</TableHeaderCell>
            <TableHeaderCell>{t('actions', lang)}</TableHeaderCell>
            <TableHeaderCell>{t('successCriteria', lang)}</TableHeaderCell>
            <TableHeaderCell>{t('status', lang)}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {goals.map((g) => (
            <TableRow key={g.id} data-testid="goal-row">
              <TableCell className={styles.cell}>
                <Link onClick={() => navigate({ view: 'goal', agreementId: a.id, goalId: g.id })}>
                  {g.number ? `${g.number}. ` : ''}
                  {g.title}
                </Link>
                {perms && (may('goal', 'update') || may('goal', 'delete')) && (
                  <div>
                    <Author.GoalTools
                      agreement={a}
                      unit={v.unit}
                      goal={g}
                      group={goals}
                      goals={v.goals}
                      parentGoals={v.parentGoals}
                      perms={perms}
                      onChanged={reload}
                    />
                  </div>
                )}
                {g.description && (
                  <Caption1 block className={styles.prose} data-testid="goal-description">
                    {g.description}
                  </Caption1>
                )}
                {g.kind && (
                  <Caption1 block className={styles.muted}>
                    {label('goalKind', g.kind, lang)}
                  </Caption1>
                )}
                {g.origin === 'shared' && g.sharedFromUnitId && parentsOf(g)[0] && (
                  <Caption1 block className={styles.muted}>
                    {t('sharedFrom', lang, { unit: parentsOf(g)[0]!.title })}
                  </Caption1>
                )}
                {g.origin === 'own' &&
                  parentsOf(g).map((p) => (
                    <Caption1 block key={p.id} className={styles.muted}>
                      {t('parentGoal', lang)}: {p.title}
                    </Caption1>
                  ))}
              </TableCell>
              <TableCell className={styles.cell} data-label={t('actions', lang)}>
                <ul className={styles.list}>
                  {v.actions
                    .filter((x) => x.goalId === g.id)
                    .map((x) => (
                      <li key={x.id}>{x.text}</li>
                    ))}
                </ul>
              </TableCell>
              <TableCell className={styles.cell} data-label={t('successCriteria', lang)}>
                <ul className={styles.list}>
                  {v.successCriteria
                    .filter((x) => x.goalId === g.id)
                    .map((x) => (
                      <li key={x.id}>{x.text}</li>
                    ))}
                </ul>
              </TableCell>
              <TableCell className={styles.cell} data-label={t('status', lang)}>
                <GoalStatusBadge status={g.status} scale={v.fulfilmentScale} lang={lang} />
                {g.followUpMonths.length > 0 && (
                  <Caption1 block className={styles.muted}>
                    {t('followUp', lang)}: {g.followUpMonths.map((m) => monthName(m, lang, 'short')).join(', ')}
                  </Caption1>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  const years = [...new Set(a.keyFigures.flatMap((k) => k.values.map((x) => x.year)))].sort();
  return (
    <article className={styles.page} aria-labelledby="agreement-title">
      <header className={styles.head}>
        <Title2 as="h1" id="agreement-title">
          {a.title}
        </Title2>
        <StatusBadge group="agreementStatus" value={a.status} lang={lang} />
        <Body1 className={styles.muted} data-testid="agreement-period">
          {v.unit.name} · {agreementPeriod(a, lang)} · {t('version', lang)} {a.versionLabel ?? a.version}
          {a.documentDate ? ` · ${formatDate(a.documentDate, lang)}` : ''}
        </Body1>
        <Button onClick={() => navigate({ view: 'red-thread', agreementId: a.id })}>{t('navRedThread', lang)}</Button>
        <Button onClick={() => navigate({ view: 'wheel', unitId: a.unitId, year: a.year })}>{t('navWheel', lang)}</Button>
        {writeAgreement && <Author.EditAgreementHead agreement={a} onChanged={reload} />}
        <ExportButtons agreementId={a.id} />
        <PublishPanel agreementId={a.id} revision={a.revision} />
      </header>
      <SentBack agreement={a} />
      {PUBLISHED_STATUSES.has(a.status) && a.status !== 'approved' && signing && signing.signing.missing.length > 0 && (
        <MessageBar intent="warning" data-testid="missing-signatures">
          <MessageBarBody>
            <MessageBarTitle>{t('missingSignaturesInEffect', lang, { v: a.version })}</MessageBarTitle>
            {t('missingSignatures', lang, { roles: signing.signing.missing.map((r) => label('role', r, lang)).join(', ') })}
          </MessageBarBody>
        </MessageBar>
      )}
      {(a.periodText || a.approvalLine || a.source) && (
        <dl className={styles.dl} data-testid="as-written" aria-label={t('asWritten', lang)}>
          {a.periodText && (
            <>
              <dt>{t('asWritten', lang)}</dt>
              <dd className={styles.prose}>{a.periodText}</dd>
            </>
          )}
          {a.approvalLine && (
            <>
              <dt>{t('approvalAsWritten', lang)}</dt>
              <dd className={styles.prose} data-testid="approval-line">
                {a.approvalLine.text}
                {a.approvalLine.date && ` (${formatDate(a.approvalLine.date, lang)})`}
              </dd>
            </>
          )}
        </dl>
      )}
      {a.source && (
        <Caption1 block className={styles.muted} data-testid="source">
          {t('sourceIs', lang, { source: a.source })}
        </Caption1>
      )}

      <section className={styles.section} aria-labelledby="s-unit">
        <Subtitle1 as="h2" id="s-unit">
          {t('unitDescription', lang)}
        </Subtitle1>
        {a.missionVision.map((m) => (
          <div key={m.owner}>
            <Subtitle2 as="h3">{m.owner}</Subtitle2>
            {m.intro && <p className={styles.prose}>{m.intro}</p>}
            <dl className={styles.dl}>
              {m.mission && (
                <>
                  <dt>{t('mission', lang)}</dt>
                  <dd className={styles.prose}>{m.mission}</dd>
                </>
              )}
              {m.vision && (
                <>
                  <dt>{t('vision', lang)}</dt>
                  <dd className={styles.prose}>{m.vision}</dd>
                </>
              )}
            </dl>
          </div>
        ))}
        {a.facts.length > 0 && (
          <dl className={styles.dl} aria-label={t('facts', lang)}>
            {a.facts.map((f) => (
              <Fragment key={f.label}>
                <dt>{f.label}</dt>
                <dd className={styles.prose}>{f.value}</dd>
              </Fragment>
            ))}
          </dl>
        )}
        {a.profile && (
          <>
            <Subtitle2 as="h3">{t('profile', lang)}</Subtitle2>
            <p className={styles.prose}>{a.profile}</p>
          </>
        )}
        {a.challenges.length > 0 && (
          <>
            <Subtitle2 as="h3">{t('challenges', lang)}</Subtitle2>
            <ol className={styles.list}>
              {a.challenges.map((c, i) => (
                <li key={i}>{c}</li>
              ))}
            </ol>
          </>
        )}
        {a.signalsToCouncil && (
          <>
            <Subtitle2 as="h3">{t('signals', lang)}</Subtitle2>
            <p className={styles.prose}>{a.signalsToCouncil}</p>
          </>
        )}
        {a.statements.length > 0 && (
          <>
            <Subtitle2 as="h3">{t('statements', lang)}</Subtitle2>
            {a.statements.map((s, i) => (
              <p key={i} className={styles.prose}>
                <strong>{s.from}: </strong>
                {s.text}
              </p>
            ))}
          </>
        )}
        <Subtitle2 as="h3">{t('parties', lang)}</Subtitle2>
        <ul className={styles.list} data-testid="parties">
          {a.parties.map((p, i) => {
            const sig = a.signatures.find((s) => s.role === p.role && (p.personId ? s.personId === p.personId : s.name === p.name));
            const who = p.name ?? p.title ?? label('role', p.role, lang);
            return (
              <li key={i}>
                {p.name ?? <em>{p.title}</em>} –{' '}
                {p.name ? (p.title ?? label('role', p.role, lang)) : `${label('role', p.role, lang)}, ${t('officeNoName', lang)}`}:{' '}
                {p.signs === false
                  ? t('signsNot', lang)
                  : sig
                    ? t('signedVersion', lang, { v: sig.version, d: formatDate(sig.signedAt, lang) })
                    : t('notSigned', lang)}
                {p.followsUp && ` · ${t('ownsFollowUp', lang)}`}
                {writeAgreement && perms && (
                  <>
                    {' '}
                    <Author.ListItemTools agreement={a} list="parties" index={i} name={who} perms={perms} onChanged={reload} />
                  </>
                )}
              </li>
            );
          })}
        </ul>
        {writeAgreement && <Author.AddListItem agreement={a} list="parties" onChanged={reload} />}
      </section>

      {(a.keyFigures.length > 0 || a.budget || writeAgreement) && (
        <section className={styles.section} aria-labelledby="s-frame">
          <Subtitle1 as="h2" id="s-frame">
            {t('frameworkConditions', lang)}
          </Subtitle1>
          {!a.budget && writeAgreement && <Subtitle2 as="h3">{t('budget', lang)}</Subtitle2>}
          {writeAgreement && <Author.EditBudget agreement={a} onChanged={reload} />}
          {a.budget && (
            <div>
              <Subtitle2 as="h3">{t('budget', lang)}</Subtitle2>
              <p className={styles.amount} data-testid="budget">
                {a.budget.amount !== null ? formatAmount(a.budget.amount, a.budget.currency, lang) : t('noAmount', lang)}
              </p>
              {a.budget.label && <Caption1 block>{a.budget.label}</Caption1>}
              {a.budget.note && <p className={styles.prose}>{a.budget.note}</p>}
            </div>
          )}
          {a.keyFigures.length > 0 && (
            <Table aria-label={t('keyFigures', lang)} size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('keyFigures', lang)}</TableHeaderCell>
                  {years.map((y) => (
                    <TableHeaderCell key={y}>{y}</TableHeaderCell>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody>
                {a.keyFigures.map((k, i) => (
                  <TableRow key={`${i}-${k.label}`}>
                    <TableCell>
                      {k.label}
                      {k.unit ? ` (${k.unit})` : ''}
                      {writeAgreement && perms && (
                        <div>
                          <Author.ListItemTools agreement={a} list="keyFigures" index={i} name={k.label} perms={perms} onChanged={reload} />
                        </div>
                      )}
                    </TableCell>
                    {years.map((y) => {
                      const val = k.values.find((x) => x.year === y)?.value;
                      return (
                        <TableCell key={y} data-label={String(y)}>
                          {val == null ? '–' : formatNumber(val, lang)}
                        </TableCell>
                      );
                    })}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {writeAgreement && <Author.AddListItem agreement={a} list="keyFigures" onChanged={reload} />}
        </section>
      )}

      <section className={styles.section} aria-labelledby="s-goals">
        <Subtitle1 as="h2" id="s-goals">
          {t('goals', lang)}
        </Subtitle1>
        {grouped ? (
          // The municipality's goal groups (categories, perspectives) in their order, then the goals in none.
          [...v.goalGroups.map((gr) => ({ key: gr.key, name: localText(gr.name, lang), goals: v.goals.filter((g) => g.groupKey === gr.key) })), ungrouped]
            .filter((gr) => gr.goals.length > 0)
            .map((gr) => (
              <div key={gr.key} data-testid="goal-group" data-group={gr.key}>
                <Subtitle2 as="h3">{gr.name}</Subtitle2>
                {goalTable(gr.goals, gr.name)}
              </div>
            ))
        ) : (
          <>
            {shared.length > 0 && <Subtitle2 as="h3">{t('sharedGoals', lang)}</Subtitle2>}
            {goalTable(shared, t('sharedGoals', lang))}
            {shared.length > 0 && own.length > 0 && <Subtitle2 as="h3">{t('ownGoals', lang)}</Subtitle2>}
            {goalTable(own, t('ownGoals', lang))}
          </>
        )}
        {may('goal', 'create') && <Author.AddGoal agreement={a} unit={v.unit} goals={v.goals} parentGoals={v.parentGoals} onChanged={reload} />}
      </section>

      {(a.sections.length > 0 || writeAgreement) && (
        <section className={styles.section} aria-labelledby="s-other">
          <Subtitle1 as="h2" id="s-other">
            {t('otherSections', lang)}
          </Subtitle1>
          {[...a.sections]
            .sort((x, y) => x.sortOrder - y.sortOrder)
            .map((s, i) => (
              <div key={s.key}>
                <Subtitle2 as="h3">{s.title}</Subtitle2>
                {writeAgreement && perms && (
                  <div>
                    <Author.ListItemTools agreement={a} list="sections" index={i} name={s.title} perms={perms} onChanged={reload} />
                  </div>
                )}
                <p className={styles.prose}>{s.body}</p>
              </div>
            ))}
          {writeAgreement && <Author.AddListItem agreement={a} list="sections" onChanged={reload} />}
        </section>
      )}
      <SheetTransfer agreementId={a.id} mayImport={!!perms?.importSpreadsheet} onImported={() => void reload()} />
      <AgreementLife agreement={a} goals={v.goals} onChanged={reload} />
      <MeetingMinutes agreementId={a.id} goals={v.goals} />
    </article>
  );
}
