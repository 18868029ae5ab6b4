import { Caption1, Link, Subtitle2, Title2, makeStyles, tokens } from '@fluentui/react-components';
import type { RedThread } from '../../../api/core/services/red-thread';
import { GoalStatusBadge } from '../components/status';
import { CountsBar } from '../components/stacked-bars';
import { seriesOf } from '../components/rollup-series';
import { useApp, useResource } from '../context';
import { formatNumber, localText, t } from '../../../api/core/i18n/text';
import { Failure, Loading } from './common';

const useStyles = makeStyles({
  tree: {
    listStyle: 'none',
    paddingLeft: '20px',
    margin: 0,
    borderLeft: `3px solid ${tokens.colorPaletteRedBorder2}`,
    '@media (max-width: 599px)': { paddingLeft: '8px' },
  },
  root: { listStyle: 'none', padding: 0, margin: 0 },
  node: { margin: '6px 0' },
  card: {
    display: 'inline-flex',
    flexDirection: 'column',
    gap: '2px',
    maxWidth: '100%',
    boxSizing: 'border-box',
    padding: '6px 10px',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    background: tokens.colorNeutralBackground1,
  },
  below: { display: 'flex', flexDirection: 'column', gap: '2px', marginTop: '4px', minWidth: 'min(100%, 240px)' },
  level: { color: tokens.colorNeutralForeground3, textTransform: 'uppercase', letterSpacing: '0.04em' },
});

type G = RedThread['goals'][number];

/** The chain from the council's vision down to the unit's goals, drawn as a tree with a red line. */
export function RedThreadPage({ agreementId }: { agreementId: string }) {
  const { lang, navigate } = useApp();
  const styles = useStyles();
  const { data, error, reload } = useResource<RedThread>(`/agreements/${encodeURIComponent(agreementId)}/red-thread`);
  if (error) return <Failure error={error} retry={reload} />;
  if (!data) return <Loading />;
  const levelName = (id: string) => localText(data.levels.find((l) => l.id === id)?.name, lang);
  const unitName = (id: string) => data.units.find((u) => u.id === id)?.name ?? id;
  const children = (id: string) => data.goals.filter((g) => g.parentGoalIds.includes(id));
  const ids = new Set(data.goals.map((g) => g.id));
  const roots = data.goals.filter((g) => !g.parentGoalIds.some((p) => ids.has(p)));
  const node = (g: G, depth: number, seen: Set<string>) => (
    <li key={`${g.id}-${depth}`} className={styles.node} data-testid="thread-goal">
      <div className={styles.card}>
        <Caption1 className={styles.level}>
          {levelName(g.levelId)} · {unitName(g.unitId)}
        </Caption1>
        {g.agreementId === agreementId ? (
          <Link onClick={() => navigate({ view: 'goal', agreementId, goalId: g.id })}>
            {g.number ? `${g.number}. ` : ''}
            {g.title}
          </Link>
        ) : (
          <Subtitle2>
            {g.number ? `${g.number}. ` : ''}
            {g.title}
          </Subtitle2>
        )}
        {g.agreementId === agreementId && <GoalStatusBadge status={g.status} scale={data.fulfilmentScale} lang={lang} />}
        {data.below[g.id] && (
          <div className={styles.below} data-testid="thread-below">
            <Caption1>
              {t('threadBelow', lang, {
                n: formatNumber(
                  Object.values(data.below[g.id]!).reduce((a, b) => a + (b ?? 0), 0),
                  lang,
                ),
              })}
            </Caption1>
            <CountsBar lang={lang} series={seriesOf(lang).goals} counts={data.below[g.id]!} />
          </div>
        )}
      </div>
      {!seen.has(g.id) && children(g.id).length > 0 && (
        <ul className={styles.tree}>{children(g.id).map((c) => node(c, depth + 1, new Set([...seen, g.id])))}</ul>
      )}
    </li>
  );
  return (
    <section aria-labelledby="thread-title">
      <Link onClick={() => navigate({ view: 'agreement', agreementId })}>← {t('agreement', lang)}</Link>
      <Title2 as="h1" id="thread-title" block>
        {t('navRedThread', lang)}
      </Title2>
      <Caption1 as="p" block>
        {data.levels.map((l) => localText(l.name, lang)).join(' → ')}
      </Caption1>
      <ul className={styles.root}>{roots.map((g) => node(g, 0, new Set()))}</ul>
    </section>
  );
}
