import {
  Badge,
  Body1,
  Caption1,
  Card,
  CardHeader,
  Dropdown,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Subtitle2,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { ApiClient } from './api-client';
import { statusLabel, t, type Lang } from './texts';

type Person = { id: string; displayName: string };
type Agreement = { id: string; title: string; year: number; status: string; unitId: string; budget: { amount: number | null; currency: string } | null };
type Goal = { id: string; title: string; origin: 'own' | 'shared'; number?: string };
type View = { agreement: Agreement; goals: Goal[]; unit: { name: string } };

const useStyles = makeStyles({
  page: { padding: '16px 24px', display: 'flex', flexDirection: 'column', gap: '16px', maxWidth: '1100px' },
  cards: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))', gap: '12px' },
  goals: { margin: '8px 0 0', paddingLeft: '20px', display: 'flex', flexDirection: 'column', gap: '4px' },
  devBar: { display: 'flex', alignItems: 'center', gap: '8px', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const DEV_USER_KEY = 'kvalitetsaftaler.devUser';

/** The tab's shell: development sign-in, and the agreements of the store. The full views come with the tab issue. */
export function App({ lang }: { lang: Lang }) {
  const styles = useStyles();
  const [people, setPeople] = useState<Person[]>([]);
  const [devUser, setDevUser] = useState<string | null>(() => localStorage.getItem(DEV_USER_KEY));
  const [views, setViews] = useState<View[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const client = useMemo(() => new ApiClient(devUser ?? 'system', lang), [devUser, lang]);

  useEffect(() => {
    client
      .get<{ items: Person[] }>('/people?limit=200')
      .then((page) => {
        setPeople(page.items);
        if (!devUser && page.items[0]) setDevUser(page.items[0].id);
      })
      .catch((e: Error) => setError(e.message));
  }, [client, devUser]);

  useEffect(() => {
    if (!devUser) return;
    localStorage.setItem(DEV_USER_KEY, devUser);
    client
      .get<{ items: Agreement[] }>('/agreements?limit=200')
      .then((page) => Promise.all(page.items.map((a) => client.get<View>(`/agreements/${encodeURIComponent(a.id)}/view`))))
      .then(setViews)
      .catch((e: Error) => setError(e.message));
  }, [client, devUser]);

  const money = (b: Agreement['budget']) =>
    b?.amount != null ? new Intl.NumberFormat(lang === 'en' ? 'en-GB' : `${lang}-${lang === 'da' ? 'DK' : 'SE'}`, { style: 'currency', currency: b.currency, maximumFractionDigits: 0 }).format(b.amount) : t('noAmount', lang);

  return (
    <main className={styles.page}>
      <Title2 as="h1">{t('title', lang)}</Title2>
      <MessageBar intent="warning">
        <MessageBarBody>
          <div className={styles.devBar}>
            <span>{t('devSignIn', lang)}</span>
            <Dropdown
              aria-label="X-Dev-User"
              value={people.find((p) => p.id === devUser)?.displayName ?? devUser ?? ''}
              selectedOptions={devUser ? [devUser] : []}
              onOptionSelect={(_, d) => d.optionValue && setDevUser(d.optionValue)}
            >
              {people.map((p) => (
                <Option key={p.id} value={p.id}>
                  {p.displayName}
                </Option>
              ))}
            </Dropdown>
          </div>
        </MessageBarBody>
      </MessageBar>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <Subtitle2 as="h2">{t('agreements', lang)}</Subtitle2>
      {views === null && !error && <Spinner label={t('loading', lang)} />}
      <div className={styles.cards}>
        {views?.map((v) => (
          <Card key={v.agreement.id} data-testid="agreement-card">
            <CardHeader
              header={<Body1><b>{v.agreement.title}</b></Body1>}
              description={<Caption1 className={styles.muted}>{v.unit.name} · {v.agreement.year}</Caption1>}
              action={<Badge appearance="outline">{statusLabel(v.agreement.status, lang)}</Badge>}
            />
            <Caption1>
              {t('budget', lang)}: {money(v.agreement.budget)}
            </Caption1>
            <Caption1>{t('goals', lang)}:</Caption1>
            <ul className={styles.goals}>
              {v.goals.map((g) => (
                <li key={g.id}>
                  {g.number ? `${g.number}. ` : ''}
                  {g.title} {g.origin === 'shared' && <Badge size="small" appearance="tint">{t('shared', lang)}</Badge>}
                </li>
              ))}
            </ul>
          </Card>
        ))}
      </div>
    </main>
  );
}
