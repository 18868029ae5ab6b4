/**
 * The stand-in's `/users` collection: listing and searching the tenant's users as Microsoft's pages describe it.
 *
 * - `GET /users` lists users; `$select`, `$top` (1–999) and `$count=true` (`@odata.count`)
 *   (https://learn.microsoft.com/graph/api/user-list).
 * - `$search` on directory objects only "works through MSGraph with a special request header:
 *   'ConsistencyLevel: eventual'"; without it the request is refused with 400 `Request_UnsupportedQuery`
 *   (https://learn.microsoft.com/graph/aad-advanced-queries, "Query scenarios that require advanced query capabilities").
 * - The search string is one or more clauses `"property:value"`, each in double quotes, joined by `AND` or `OR`
 *   (https://learn.microsoft.com/graph/search-query-parameter, "Using $search on directory object collections");
 *   a clause without its quotes is refused.
 * - displayName (and description) are tokenized: the value and the property are split into words (at spaces,
 *   punctuation and changes of case) and every word of the value must begin a word of the property; any other string
 *   property matches as `startsWith`. Case does not matter.
 */
export type StandinUser = {
  id: string;
  displayName: string;
  mail?: string | null;
  userPrincipalName?: string;
  jobTitle?: string | null;
  givenName?: string | null;
  surname?: string | null;
  userType?: 'Member' | 'Guest';
};

export type UsersAnswer = { status: number; body: unknown } | { error: { status: number; code: string; message: string } };

const TOKENIZED = new Set(['displayName', 'description']);

const tokens = (s: string) =>
  s
    .replace(/([\p{Ll}])(\p{Lu})/gu, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((t) => t.toLowerCase());

function clauseMatches(u: StandinUser, property: string, value: string): boolean {
  const v = (u as Record<string, unknown>)[property];
  if (typeof v !== 'string') return false;
  if (TOKENIZED.has(property)) {
    const have = tokens(v);
    return tokens(value).every((w) => have.some((h) => h.startsWith(w)));
  }
  return v.toLowerCase().startsWith(value.toLowerCase());
}

/** Parses `"a:b" OR "c:d" AND …` into clauses and operators; null when it is not of that form. */
function parseSearch(search: string): { clauses: [string, string][]; ops: ('AND' | 'OR')[] } | null {
  const clauses: [string, string][] = [];
  const ops: ('AND' | 'OR')[] = [];
  let rest = search.trim();
  for (;;) {
    const m = /^"([A-Za-z]+):((?:[^"\\]|\\.)*)"\s*/.exec(rest);
    if (!m) return null;
    clauses.push([m[1]!, m[2]!.replace(/\\(.)/g, '$1')]);
    rest = rest.slice(m[0].length);
    if (!rest) return { clauses, ops };
    const op = /^(AND|OR)\s+/.exec(rest);
    if (!op) return null;
    ops.push(op[1] as 'AND' | 'OR');
    rest = rest.slice(op[0].length);
  }
}

export function usersRoute(method: string, query: string, headers: Record<string, string>, users: readonly StandinUser[]): UsersAnswer {
  if (method !== 'GET')
    return { error: { status: 405, code: 'Request_BadRequest', message: 'The specified HTTP method is not allowed for the request target.' } };
  const params = new URLSearchParams(query);
  let found = [...users];
  const search = params.get('$search');
  if (search !== null) {
    if ((headers['consistencylevel'] ?? '').toLowerCase() !== 'eventual')
      return {
        error: {
          status: 400,
          code: 'Request_UnsupportedQuery',
          message: "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
        },
      };
    const parsed = parseSearch(search);
    if (!parsed)
      return { error: { status: 400, code: 'Request_UnsupportedQuery', message: 'Invalid search query: a clause must be "property:value" in double quotes.' } };
    found = found.filter((u) => {
      // AND binds before OR: the clauses between ORs must all hold.
      let any = false;
      let all = clauseMatches(u, ...parsed.clauses[0]!);
      parsed.ops.forEach((op, i) => {
        const next = clauseMatches(u, ...parsed.clauses[i + 1]!);
        if (op === 'AND') all = all && next;
        else {
          any = any || all;
          all = next;
        }
      });
      return any || all;
    });
  }
  const top = params.get('$top');
  const n = top === null ? 100 : Number(top);
  if (!Number.isInteger(n) || n < 1 || n > 999)
    return { error: { status: 400, code: 'Request_BadRequest', message: `Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.` } };
  const select = params.get('$select')?.split(',').filter(Boolean);
  const shown = found.slice(0, n).map((u) => {
    const full: Record<string, unknown> = {
      mail: null,
      jobTitle: null,
      givenName: null,
      surname: null,
      userPrincipalName: `${u.id}@contoso.onmicrosoft.com`,
      userType: 'Member',
      ...u,
    };
    return select ? Object.fromEntries(select.map((k) => [k, full[k] ?? null])) : full;
  });
  return {
    status: 200,
    body: {
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users${select ? `(${select.join(',')})` : ''}`,
      ...(params.get('$count') === 'true' ? { '@odata.count': found.length } : {}),
      value: shown,
    },
  };
}
