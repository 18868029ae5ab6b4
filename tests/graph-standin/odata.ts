/**
 * Small OData helpers for the Graph stand-in: query-option parsing ($expand with nested options,
 * $select), a $filter parser/evaluator and $orderby parsing.
 *
 * Supported $filter grammar (what SharePoint list items via Graph accept in practice):
 *   expr    := or
 *   or      := and ('or' and)*
 *   and     := unary ('and' unary)*
 *   unary   := 'not' unary | '(' expr ')' | startswith '(' path ',' literal ')' | operand cmp operand
 *   cmp     := eq | ne | gt | ge | lt | le
 *   operand := path (fields/Name, displayName, ...) | 'string' ('' escapes a quote) | number | true | false | null
 *              | an unquoted ISO date/time (2024-01-31 or 2024-01-31T10:00:00Z)
 */

export class ODataError extends Error {}

// ---------- query options ----------

/** Splits on `sep` at parenthesis depth 0 (and outside string literals). */
export function splitTopLevel(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inStr = false;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'") inStr = !inStr;
    if (!inStr) {
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (c === sep && depth === 0) {
        out.push(cur);
        cur = '';
        continue;
      }
    }
    cur += c;
  }
  if (cur.length > 0 || out.length > 0) out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x.length > 0);
}

export type QueryOptions = {
  select?: string[];
  expand?: ExpandItem[];
  filter?: string;
  orderby?: string;
  top?: string;
  skiptoken?: string;
  token?: string;
};
export type ExpandItem = { name: string; options: QueryOptions };

/** Normalises an option name: `$select` and `select` are the same option (Graph v1.0 accepts both). */
function optName(k: string): string {
  return k.replace(/^\$/, '').toLowerCase();
}

function applyOption(q: QueryOptions, key: string, value: string): void {
  switch (optName(key)) {
    case 'select':
      q.select = splitTopLevel(value, ',');
      break;
    case 'expand':
      q.expand = splitTopLevel(value, ',').map(parseExpandItem);
      break;
    case 'filter':
      q.filter = value;
      break;
    case 'orderby':
      q.orderby = value;
      break;
    case 'top':
      q.top = value;
      break;
    case 'skiptoken':
      q.skiptoken = value;
      break;
    case 'token':
      q.token = value;
      break;
    default:
      break; // other options ($count, $search, ...) are ignored
  }
}

function parseExpandItem(s: string): ExpandItem {
  const m = /^([^()]+)(?:\((.*)\))?$/s.exec(s.trim());
  if (!m) throw new ODataError(`Invalid $expand clause '${s}'`);
  const options: QueryOptions = {};
  if (m[2] !== undefined) {
    for (const part of splitTopLevel(m[2], ';')) {
      const eq = part.indexOf('=');
      if (eq < 0) throw new ODataError(`Invalid $expand option '${part}'`);
      applyOption(options, part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
  }
  return { name: m[1]!.trim(), options };
}

/** Parses the query string of a URL into query options (decoding `+` and percent-escapes). */
export function parseQuery(search: string): QueryOptions {
  const q: QueryOptions = {};
  const s = search.startsWith('?') ? search.slice(1) : search;
  if (!s) return q;
  for (const pair of s.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawK = eq < 0 ? pair : pair.slice(0, eq);
    const rawV = eq < 0 ? '' : pair.slice(eq + 1);
    const k = decodeURIComponent(rawK.replace(/\+/g, ' '));
    const v = decodeURIComponent(rawV.replace(/\+/g, ' '));
    applyOption(q, k, v);
  }
  return q;
}

// ---------- $filter ----------

type Tok = { t: 'lp' } | { t: 'rp' } | { t: 'comma' } | { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'date'; v: string } | { t: 'id'; v: string };

function tokenize(s: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(') {
      toks.push({ t: 'lp' });
      i++;
      continue;
    }
    if (c === ')') {
      toks.push({ t: 'rp' });
      i++;
      continue;
    }
    if (c === ',') {
      toks.push({ t: 'comma' });
      i++;
      continue;
    }
    if (c === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= s.length) throw new ODataError('Unterminated string literal in $filter');
        if (s[i] === "'") {
          if (s[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += s[i];
        i++;
      }
      toks.push({ t: 'str', v });
      continue;
    }
    const rest = s.slice(i);
    const dm = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/.exec(rest);
    if (dm) {
      toks.push({ t: 'date', v: dm[0] });
      i += dm[0].length;
      continue;
    }
    const nm = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(rest);
    if (nm) {
      toks.push({ t: 'num', v: Number(nm[0]) });
      i += nm[0].length;
      continue;
    }
    const im = /^[A-Za-z_@][\w/.@]*/.exec(rest);
    if (im) {
      toks.push({ t: 'id', v: im[0] });
      i += im[0].length;
      continue;
    }
    throw new ODataError(`Syntax error at position ${i} in $filter`);
  }
  return toks;
}

export type Operand = { kind: 'path'; path: string } | { kind: 'lit'; value: unknown };
export type FilterNode =
  | { op: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { op: 'not'; arg: FilterNode }
  | { op: 'cmp'; cmp: string; left: Operand; right: Operand }
  | { op: 'startswith'; path: string; value: unknown };

const CMP = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

export function parseFilter(s: string): { node: FilterNode; paths: string[] } {
  const toks = tokenize(s);
  let p = 0;
  const paths: string[] = [];
  const peek = (): Tok | undefined => toks[p];
  const isKw = (kw: string): boolean => {
    const t = peek();
    return !!t && t.t === 'id' && t.v.toLowerCase() === kw;
  };
  const expect = (t: Tok['t']): Tok => {
    const x = toks[p];
    if (!x || x.t !== t) throw new ODataError(`Syntax error in $filter: expected ${t}`);
    p++;
    return x;
  };
  const operand = (): Operand => {
    const t = toks[p++];
    if (!t) throw new ODataError('Syntax error in $filter: unexpected end');
    switch (t.t) {
      case 'str':
        return { kind: 'lit', value: t.v };
      case 'num':
        return { kind: 'lit', value: t.v };
      case 'date':
        return { kind: 'lit', value: t.v };
      case 'id': {
        const l = t.v.toLowerCase();
        if (l === 'true') return { kind: 'lit', value: true };
        if (l === 'false') return { kind: 'lit', value: false };
        if (l === 'null') return { kind: 'lit', value: null };
        paths.push(t.v);
        return { kind: 'path', path: t.v };
      }
      default:
        throw new ODataError('Syntax error in $filter: operand expected');
    }
  };
  const unary = (): FilterNode => {
    if (isKw('not')) {
      p++;
      return { op: 'not', arg: unary() };
    }
    const t = peek();
    if (t && t.t === 'lp') {
      p++;
      const e = orExpr();
      expect('rp');
      return e;
    }
    if (isKw('startswith') && toks[p + 1]?.t === 'lp') {
      p += 2;
      const a = operand();
      expect('comma');
      const b = operand();
      expect('rp');
      if (a.kind !== 'path' || b.kind !== 'lit') throw new ODataError('startswith expects (field, literal)');
      return { op: 'startswith', path: a.path, value: b.value };
    }
    const left = operand();
    const opTok = toks[p++];
    if (!opTok || opTok.t !== 'id' || !CMP.has(opTok.v.toLowerCase())) {
      throw new ODataError('Syntax error in $filter: comparison operator expected');
    }
    const right = operand();
    return { op: 'cmp', cmp: opTok.v.toLowerCase(), left, right };
  };
  const andExpr = (): FilterNode => {
    let l = unary();
    while (isKw('and')) {
      p++;
      l = { op: 'and', left: l, right: unary() };
    }
    return l;
  };
  const orExpr = (): FilterNode => {
    let l = andExpr();
    while (isKw('or')) {
      p++;
      l = { op: 'or', left: l, right: andExpr() };
    }
    return l;
  };
  const node = orExpr();
  if (p !== toks.length) throw new ODataError('Syntax error in $filter: unexpected trailing tokens');
  return { node, paths };
}

/** How a site compares text: its collation (see the stand-in's createSite). Without one, without case, by code unit. */
export type Collate = (a: string, b: string) => number;
const withoutCase: Collate = (a, b) => {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : 0;
};

/** Compares two values the way SharePoint does: text by the site's collation, dates by instant. */
export function compareValues(a: unknown, b: unknown, collate: Collate = withoutCase): number {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null && b === null) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    const na = a === true || a === 1 ? 1 : 0;
    const nb = b === true || b === 1 ? 1 : 0;
    return na - nb;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number' && typeof b === 'string' && b.trim() !== '' && !Number.isNaN(Number(b))) return a - Number(b);
  if (typeof a === 'string' && typeof b === 'string') {
    const isDate = (x: string): boolean => /^\d{4}-\d{2}-\d{2}/.test(x) && !Number.isNaN(Date.parse(x));
    if (isDate(a) && isDate(b)) return Date.parse(a) - Date.parse(b);
    return collate(a, b);
  }
  const sa = String(a).toLowerCase();
  const sb = String(b).toLowerCase();
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function evalFilter(node: FilterNode, get: (path: string) => unknown, collate?: Collate): boolean {
  switch (node.op) {
    case 'and':
      return evalFilter(node.left, get, collate) && evalFilter(node.right, get, collate);
    case 'or':
      return evalFilter(node.left, get, collate) || evalFilter(node.right, get, collate);
    case 'not':
      return !evalFilter(node.arg, get, collate);
    case 'startswith': {
      const v = get(node.path);
      return typeof v === 'string' && typeof node.value === 'string' && v.toLowerCase().startsWith(node.value.toLowerCase());
    }
    case 'cmp': {
      const val = (o: Operand): unknown => (o.kind === 'path' ? get(o.path) : o.value);
      const a = val(node.left);
      const b = val(node.right);
      const aNull = a === null || a === undefined;
      const bNull = b === null || b === undefined;
      if (node.cmp === 'eq') return aNull || bNull ? aNull && bNull : compareValues(a, b, collate) === 0;
      if (node.cmp === 'ne') return aNull || bNull ? !(aNull && bNull) : compareValues(a, b, collate) !== 0;
      if (aNull || bNull) return false;
      const c = compareValues(a, b, collate);
      if (node.cmp === 'gt') return c > 0;
      if (node.cmp === 'ge') return c >= 0;
      if (node.cmp === 'lt') return c < 0;
      return c <= 0;
    }
  }
}

export function parseOrderBy(s: string): { path: string; desc: boolean }[] {
  return splitTopLevel(s, ',').map((part) => {
    const m = /^(\S+)(?:\s+(asc|desc))?$/i.exec(part.trim());
    if (!m) throw new ODataError(`Invalid $orderby clause '${part}'`);
    return { path: m[1]!, desc: (m[2] ?? '').toLowerCase() === 'desc' };
  });
}
