import {
  Button,
  Dropdown,
  FluentProvider,
  MessageBar,
  MessageBarBody,
  Menu,
  MenuButton,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Option,
  Tab,
  TabList,
  makeStyles,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  tokens,
} from '@fluentui/react-components';
import { Navigation20Regular } from '@fluentui/react-icons';
import { Suspense, lazy, useCallback, useEffect, useId, useMemo, useState } from 'react';
import { createApi } from './api';
import { Ctx, useApp, useResource } from './context';
import { t, type Locale } from '../../api/core/i18n/text';
import { parseRoute, routeUrl, type Route } from './route';
import { needsConsent, teamsToken, type Host, type ThemeName } from './teams';
import { Loading } from './views/common';

const AgreementPage = lazy(() => import('./views/agreement.js').then((m) => ({ default: m.AgreementPage })));
const GoalPage = lazy(() => import('./views/goal.js').then((m) => ({ default: m.GoalPage })));
const MyUnitsPage = lazy(() => import('./views/my-units.js').then((m) => ({ default: m.MyUnitsPage })));
const RedThreadPage = lazy(() => import('./views/red-thread.js').then((m) => ({ default: m.RedThreadPage })));
const WheelPage = lazy(() => import('./views/wheel.js').then((m) => ({ default: m.WheelPage })));
const OverviewPage = lazy(() => import('./views/overview.js').then((m) => ({ default: m.OverviewPage })));
const DashboardPage = lazy(() => import('./views/dashboard.js').then((m) => ({ default: m.DashboardPage })));
const IndicatorsPage = lazy(() => import('./views/indicators.js').then((m) => ({ default: m.IndicatorsPage })));
const ComparePage = lazy(() => import('./views/indicators.js').then((m) => ({ default: m.ComparePage })));
const SetupPage = lazy(() => import('./views/setup.js').then((m) => ({ default: m.SetupPage })));
const MeetingPage = lazy(() => import('./meeting/meeting.js').then((m) => ({ default: m.MeetingPage })));
const ConfigPage = lazy(() => import('./views/config.js').then((m) => ({ default: m.ConfigPage })));

const THEMES = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

/** Below this width (a meeting side panel, Teams mobile) the navigation is a menu and tables read as stacked cards. */
export const NARROW = '(max-width: 599px)';

const useStyles = makeStyles({
  shell: { minHeight: '100vh', background: tokens.colorNeutralBackground2, color: tokens.colorNeutralForeground1 },
  page: {
    padding: '12px 24px 32px',
    display: 'flex',
    flexDirection: 'column',
    gap: '16px',
    maxWidth: '1200px',
    minWidth: 0,
    overflowWrap: 'break-word',
    [`@media ${NARROW}`]: {
      padding: '8px 10px 24px',
      // A long word (a compound, a URL) breaks rather than pushing the page wider than the panel.
      overflowWrap: 'anywhere',
      // A view's title at 28 px broke inside its first word ("Ledelsesinformati-on", "Resultatindikatore-r"); at 20 px
      // the long Danish and Swedish words stay whole on a 300 px line.
      '& h1': { fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500 },
      // Tables reflow: each row a card, each cell a line under the next, named by its column (data-label).
      '& .fui-Table, & .fui-Table > tbody, & .fui-TableBody, & .fui-TableRow, & .fui-TableCell': { display: 'block', width: 'auto', minWidth: 0 },
      '& .fui-TableHeader': { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)' },
      '& .fui-TableRow': {
        padding: '8px 0',
        borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
      },
      '& .fui-TableCell': { padding: '2px 0', height: 'auto' },
      '& .fui-TableCell[data-label]::before': {
        content: 'attr(data-label)',
        display: 'block',
        fontSize: tokens.fontSizeBase200,
        color: tokens.colorNeutralForeground3,
      },
    },
  },
  sidePanel: { padding: '8px 12px', boxSizing: 'border-box', maxWidth: '320px' },
  devBar: { display: 'flex', alignItems: 'center', gap: '8px', flexWrap: 'wrap', minWidth: 0 },
  devPicker: { minWidth: 0, maxWidth: '100%' },
});

/** Whether the window is narrow (NARROW), followed as it is resized. */
export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => typeof matchMedia === 'function' && matchMedia(NARROW).matches);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const q = matchMedia(NARROW);
    const on = () => setNarrow(q.matches);
    q.addEventListener('change', on);
    on();
    return () => q.removeEventListener('change', on);
  }, []);
  return narrow;
}

const DEV_USER_KEY = 'kvalitetsaftaler.devUser';

export function App({ host, lang }: { host: Host; lang: Locale }) {
  const [theme, setTheme] = useState<ThemeName>(host.theme);
  useEffect(() => {
    host.onThemeChange(setTheme);
  }, [host]);
  const search = new URLSearchParams(location.search);
  const [route, setRoute] = useState<Route>(() => parseRoute(location.pathname, search, host.subPageId));
  const [devUser, setDevUser] = useState<string | null>(() => search.get('as') ?? localStorage.getItem(DEV_USER_KEY));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(location.pathname, new URLSearchParams(location.search)));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((r: Route) => {
    const keep = new URLSearchParams(location.search);
    const url = new URL(routeUrl(r), location.origin);
    for (const k of ['lang', 'theme']) if (keep.get(k)) url.searchParams.set(k, keep.get(k)!);
    history.pushState(null, '', url.pathname + url.search);
    setRoute(r);
    window.scrollTo(0, 0);
  }, []);
  const [consent, setConsent] = useState(false);
  const api = useMemo(
    () =>
      host.inTeams
        ? createApi(null, lang, () =>
            teamsToken().catch((e: unknown) => {
              if (needsConsent(e)) setConsent(true);
              throw e;
            }),
          )
        : createApi(devUser ?? 'system', lang),
    [devUser, lang, host.inTeams],
  );
  const ctx = useMemo(() => ({ lang, api, navigate, me: devUser, inTeams: host.inTeams }), [lang, api, navigate, devUser, host.inTeams]);
  const styles = useStyles();
  const frame = host.frameContext === 'sidePanel' || host.frameContext === 'meetingStage' ? (host.frameContext as 'sidePanel' | 'meetingStage') : null;
  const meeting = host.meetingId && frame ? { frame, meetingId: host.meetingId } : null;
  // colorScheme: native controls (the date fields' calendar button, scrollbars) follow the theme too.
  return (
    // The shell's layout (full height, background) sits on a div of its own, not on the provider: Fluent copies
    // the provider's className onto the portal layer where dropdowns and dialogs open, and a full-height
    // background there covered the page after the first dropdown opened with the mouse.
    <FluentProvider theme={THEMES[theme]} data-theme={theme} style={{ colorScheme: theme === 'default' ? 'light' : 'dark' }}>
      <Ctx.Provider value={ctx}>
        <div className={styles.shell}>
          {meeting ? (
            // In a Teams meeting: the side panel's agenda or the stage's review mode, laid out for the frame (docs/meetings.md).
            <main key={devUser ?? ''} className={meeting.frame === 'sidePanel' ? styles.sidePanel : undefined}>
              <Suspense fallback={<Loading />}>
                <MeetingPage
                  frame={meeting.frame}
                  meetingId={meeting.meetingId}
                  agreementId={'agreementId' in route ? route.agreementId : undefined}
                  unitId={route.view === 'unit' ? route.unitId : undefined}
                />
              </Suspense>
            </main>
          ) : (
            <div className={styles.page}>
              {route.view !== 'config' && <Nav route={route} />}
              {consent && (
                <MessageBar intent="warning">
                  <MessageBarBody>{t('consentNeeded', lang)}</MessageBarBody>
                  <Button
                    onClick={() =>
                      teamsToken(true).then(
                        () => {
                          setConsent(false);
                          location.reload();
                        },
                        () => undefined,
                      )
                    }
                  >
                    {t('consentButton', lang)}
                  </Button>
                </MessageBar>
              )}
              {!host.inTeams && (
                <DevSignIn
                  devUser={devUser}
                  onChange={(id) => {
                    localStorage.setItem(DEV_USER_KEY, id);
                    setDevUser(id);
                  }}
                />
              )}
              {/* Keyed by the person acting: another person sees every view afresh, never one fetched for someone else. */}
              <main key={devUser ?? ''}>
                <Suspense fallback={<Loading />}>
                  <View route={route} />
                </Suspense>
              </main>
            </div>
          )}
        </div>
      </Ctx.Provider>
    </FluentProvider>
  );
}

function Nav({ route }: { route: Route }) {
  const { lang, navigate } = useApp();
  const narrow = useNarrow();
  const selected =
    route.view === 'compare'
      ? 'indicators'
      : route.view === 'overview' || route.view === 'dashboard' || route.view === 'indicators' || route.view === 'wheel' || route.view === 'setup'
        ? route.view
        : 'my-units';
  const items = [
    ['my-units', t('navMyUnits', lang)],
    ['overview', t('navOverview', lang)],
    ['dashboard', t('navDashboard', lang)],
    ['indicators', t('indicators', lang)],
    ['wheel', t('navWheel', lang)],
    ['setup', t('navSetup', lang)],
  ] as const;
  // In a side panel or on a phone the four tabs do not fit: they collapse into a menu naming where the user is.
  if (narrow)
    return (
      <nav aria-label={t('appName', lang)}>
        <Menu checkedValues={{ view: [selected] }}>
          <MenuTrigger disableButtonEnhancement>
            <MenuButton icon={<Navigation20Regular />} data-testid="nav-menu">
              {items.find(([v]) => v === selected)![1]}
            </MenuButton>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              {items.map(([value, text]) => (
                <MenuItemRadio key={value} name="view" value={value} onClick={() => navigate({ view: value })}>
                  {text}
                </MenuItemRadio>
              ))}
            </MenuList>
          </MenuPopover>
        </Menu>
      </nav>
    );
  return (
    <nav aria-label={t('appName', lang)}>
      <TabList selectedValue={selected} onTabSelect={(_, d) => navigate({ view: d.value as (typeof items)[number][0] })}>
        {items.map(([value, text]) => (
          <Tab key={value} value={value}>
            {text}
          </Tab>
        ))}
      </TabList>
    </nav>
  );
}

/** The development sign-in says what it is and lets the tester act as any person of the demo data. */
function DevSignIn({ devUser, onChange }: { devUser: string | null; onChange: (id: string) => void }) {
  const { lang } = useApp();
  const styles = useStyles();
  const people = useResource<{ items: { id: string; displayName: string }[] }>('/dev/people');
  const me = useResource<{ authMethod: string }>('/me');
  useEffect(() => {
    if (!devUser && people.data?.items[0]) onChange(people.data.items[0].id);
  }, [devUser, people.data, onChange]);
  const labelId = useId();
  if (me.data && me.data.authMethod !== 'development') return null;
  // A landmark of its own, so that nothing on the page lies outside one (axe's 'region').
  return (
    <aside aria-labelledby={labelId}>
      <MessageBar intent="warning" layout="multiline" data-testid="dev-sign-in">
        <MessageBarBody>
          <div className={styles.devBar}>
            <span id={labelId}>{t('devSignIn', lang)}</span>
            <Dropdown
              className={styles.devPicker}
              aria-label="X-Dev-User"
              value={people.data?.items.find((p) => p.id === devUser)?.displayName ?? devUser ?? ''}
              selectedOptions={devUser ? [devUser] : []}
              onOptionSelect={(_, d) => d.optionValue && onChange(d.optionValue)}
            >
              {(people.data?.items ?? []).map((p) => (
                <Option key={p.id} value={p.id}>
                  {p.displayName}
                </Option>
              ))}
            </Dropdown>
          </div>
        </MessageBarBody>
      </MessageBar>
    </aside>
  );
}

function UnitLanding({ unitId }: { unitId: string }) {
  const { data } = useResource<{ items: { id: string; year: number }[] }>(`/agreements?unitId=${encodeURIComponent(unitId)}&limit=200`);
  if (!data) return <Loading />;
  const latest = [...data.items].sort((a, b) => b.year - a.year)[0];
  return latest ? <AgreementPage agreementId={latest.id} /> : <MyUnitsPage />;
}

function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'agreement':
      return <AgreementPage agreementId={route.agreementId} />;
    case 'goal':
      return <GoalPage agreementId={route.agreementId} goalId={route.goalId} />;
    case 'red-thread':
      return <RedThreadPage agreementId={route.agreementId} />;
    case 'wheel':
      return <WheelPage key={`${route.unitId}-${route.year}`} unitId={route.unitId} year={route.year} />;
    case 'overview':
      return <OverviewPage key={`${route.unitId}-${route.year}`} unitId={route.unitId} year={route.year} />;
    case 'dashboard':
      return <DashboardPage key={`${route.unitId}-${route.year}`} unitId={route.unitId} year={route.year} />;
    case 'indicators':
      return <IndicatorsPage key={`${route.unitId}-${route.year}`} unitId={route.unitId} year={route.year} />;
    case 'compare':
      return <ComparePage indicatorId={route.indicatorId} />;
    case 'setup':
      return <SetupPage />;
    case 'config':
      return <ConfigPage />;
    case 'unit':
      return <UnitLanding unitId={route.unitId} />;
    default:
      return <MyUnitsPage />;
  }
}
