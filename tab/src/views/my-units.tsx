import { Badge, Body1, Button, Caption1, Card, CardHeader, Title2, makeStyles, tokens } from '@fluentui/react-components';
import type { MyUnit } from '../../../api/core/services/my-units';
import { StatusBadge } from '../components/status';
import { useApp, useResource } from '../context';
import { t } from '../../../api/core/i18n/text';
import { Failure, Loading } from './common';
import { PausesPanel } from './pauses';

const useStyles = makeStyles({
  cards: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: '12px' },
  roles: { display: 'flex', gap: '4px', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The units the user belongs to, leads or approves for, with the state of each agreement; and their out-of-office periods. */
export function MyUnitsPage() {
  const { lang, navigate } = useApp();
  const styles = useStyles();
  const { data, error, reload } = useResource<MyUnit[]>('/me/units');
  if (error) return <Failure error={error} retry={reload} />;
  if (!data) return <Loading />;
  const roleText = { leader: t('roleLeader', lang), member: t('roleMember', lang), approver: t('roleApprover', lang) } as const;
  return (
    <section aria-labelledby="my-units">
      <Title2 as="h1" id="my-units">{t('navMyUnits', lang)}</Title2>
      {data.length === 0 && <Body1 as="p">{t('noUnits', lang)}</Body1>}
      <div className={styles.cards}>
        {data.map((row) => (
          <Card key={row.unit.id} data-testid="unit-card">
            <CardHeader
              header={<Body1><b>{row.unit.name}</b></Body1>}
              description={<div className={styles.roles}>{row.roles.map((r) => <Badge key={r} appearance="outline">{roleText[r]}</Badge>)}</div>}
            />
            {row.agreement ? (
              <>
                <Caption1>{row.agreement.title} · {row.agreement.year}</Caption1>
                <div><StatusBadge group="agreementStatus" value={row.agreement.status} lang={lang} /></div>
                <Button appearance="primary" onClick={() => navigate({ view: 'agreement', agreementId: row.agreement!.id })}>{t('open', lang)}</Button>
              </>
            ) : (
              <Caption1 className={styles.muted}>{t('noAgreement', lang)}</Caption1>
            )}
            {row.roles.includes('approver') || row.roles.includes('leader') ? (
              <Button appearance="subtle" onClick={() => navigate({ view: 'wheel', unitId: row.unit.id })}>{t('navWheel', lang)}</Button>
            ) : null}
          </Card>
        ))}
      </div>
      <PausesPanel />
    </section>
  );
}
