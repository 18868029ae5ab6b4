/** The tab's views, kept in the query string so links, deep links and the back button work. */
export type Route =
  | { view: 'my-units' }
  | { view: 'agreement'; agreementId: string }
  | { view: 'goal'; agreementId: string; goalId: string }
  | { view: 'red-thread'; agreementId: string }
  | { view: 'wheel'; unitId?: string; year?: number }
  | { view: 'overview'; unitId?: string; year?: number }
  | { view: 'dashboard'; unitId?: string; year?: number }
  | { view: 'indicators'; unitId?: string; year?: number }
  | { view: 'compare'; indicatorId: string }
  | { view: 'setup' }
  | { view: 'config' }
  | { view: 'unit'; unitId: string };

export function parseRoute(pathname: string, search: URLSearchParams, subPageId?: string): Route {
  if (pathname.replace(/\/+$/, '').endsWith('/config')) return { view: 'config' };
  const fromSub = subPageId?.split(':');
  if (fromSub?.[0] === 'agreement' && fromSub[1]) return { view: 'agreement', agreementId: fromSub.slice(1).join(':') };
  // "goal:<agreementId>/<goalId>" opens one goal (ids never contain "/").
  if (fromSub?.[0] === 'goal' && fromSub[1]) {
    const [agreement, goal] = fromSub.slice(1).join(':').split('/');
    if (agreement && goal) return { view: 'goal', agreementId: agreement, goalId: goal };
  }
  const agreementId = search.get('agreement');
  const goalId = search.get('goal');
  const unitId = search.get('unit') ?? (fromSub?.[0] === 'unit' ? fromSub.slice(1).join(':') : null);
  const year = search.get('year') ? Number(search.get('year')) : undefined;
  switch (search.get('view')) {
    case 'overview':
    case 'dashboard':
    case 'indicators':
      return { view: search.get('view') as 'overview', unitId: unitId ?? undefined, year };
    case 'compare':
      if (search.get('indicator')) return { view: 'compare', indicatorId: search.get('indicator')! };
      break;
    case 'wheel':
      return { view: 'wheel', unitId: unitId ?? undefined, year };
    case 'setup':
      return { view: 'setup' };
    case 'red-thread':
      if (agreementId) return { view: 'red-thread', agreementId };
  }
  if (agreementId && goalId) return { view: 'goal', agreementId, goalId };
  if (agreementId) return { view: 'agreement', agreementId };
  if (unitId) return { view: 'unit', unitId };
  return { view: 'my-units' };
}

export function routeUrl(route: Route): string {
  const q = new URLSearchParams();
  switch (route.view) {
    case 'agreement':
      q.set('agreement', route.agreementId);
      break;
    case 'goal':
      q.set('agreement', route.agreementId);
      q.set('goal', route.goalId);
      break;
    case 'red-thread':
      q.set('view', 'red-thread');
      q.set('agreement', route.agreementId);
      break;
    case 'wheel':
    case 'overview':
    case 'dashboard':
    case 'indicators':
      q.set('view', route.view);
      if (route.unitId) q.set('unit', route.unitId);
      if (route.year) q.set('year', String(route.year));
      break;
    case 'setup':
      q.set('view', 'setup');
      break;
    case 'compare':
      q.set('view', 'compare');
      q.set('indicator', route.indicatorId);
      break;
    case 'unit':
      q.set('unit', route.unitId);
      break;
    case 'config':
      return '/tab/config';
  }
  const s = q.toString();
  return `/tab/${s ? `?${s}` : ''}`;
}
