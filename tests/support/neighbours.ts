import Database from 'better-sqlite3';
import type { TypedDocumentInput } from '../../api/core/transfer';
import { smallMunicipality } from './mother';
import { closeAfter } from './teardown';

/**
 * Neighbours for scope tests: Testby with two units (Østre Skole and the library, each with a draft agreement,
 * a goal, an action, a criterion, an indicator and a measurement) and Otherby, another municipality in the same
 * tenant with the same shape as Testby's school.
 */
export function testby(): TypedDocumentInput {
  const doc = smallMunicipality('testby');
  doc.people!.push({ id: 'testby-bib-leder', displayName: 'Birte Bibliotekar' }, { id: 'testby-bib-medarbejder', displayName: 'Bo Bog' });
  doc.units!.push({
    id: 'testby-bib',
    parentId: 'testby',
    kind: 'unit',
    name: 'Biblioteket',
    leaderIds: ['testby-bib-leder'],
    approverId: 'testby-chef',
    memberIds: ['testby-bib-medarbejder'],
  });
  doc.agreements!.push({
    id: 'testby-bib-2026',
    unitId: 'testby-bib',
    year: 2026,
    title: 'Kvalitetsaftale 2026 for Biblioteket',
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
  });
  doc.goals!.push({
    id: 'testby-bib-goal',
    unitId: 'testby-bib',
    agreementId: 'testby-bib-2026',
    levelId: 'testby-level-2',
    year: 2026,
    title: 'Flere lånere',
    origin: 'own',
  });
  doc.actions!.push({ id: 'testby-bib-action', goalId: 'testby-bib-goal', text: 'Åbent om søndagen' });
  doc.successCriteria!.push({ id: 'testby-bib-criterion', goalId: 'testby-bib-goal', text: '10 % flere lånere' });
  doc.indicators!.push({
    id: 'testby-bib-indicator',
    goalId: 'testby-bib-goal',
    name: 'Udlån',
    unitOfMeasure: 'stk',
    direction: 'increase',
    frequency: { kind: 'quarterly' },
    measureType: 'result',
  });
  return withEventAndMeasurement(doc, 'testby');
}

export function otherby(): TypedDocumentInput {
  return withEventAndMeasurement(smallMunicipality('otherby'), 'otherby');
}

function withEventAndMeasurement(doc: TypedDocumentInput, prefix: string): TypedDocumentInput {
  doc.wheelEvents = [{ id: `${prefix}-event`, unitId: `${prefix}-skole`, year: 2026, month: 3, title: { da: 'Dialogmøde' }, kind: 'other' }];
  doc.measurements = [
    {
      id: `${prefix}-measurement`,
      indicatorId: `${prefix}-indicator-1`,
      period: '2026-Q1',
      value: 72,
      enteredBy: `${prefix}-leder`,
      enteredAt: '2026-04-02T08:00:00Z',
      source: 'tab',
    },
  ];
  return doc;
}

/**
 * Row counts of every table of the SQLite file: equal before and after means nothing was written. The read-only
 * connection is closed after the test (or the file) that opened it, before the server whose file it reads.
 */
export function tableCounts(dbPath: string): () => Record<string, number> {
  const db = new Database(dbPath, { readonly: true });
  closeAfter(() => db.close());
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map(
    (t) => t.name,
  );
  return () => Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]));
}

/** A record as stored in the SQLite file, read past the API. */
export function storedRecord(dbPath: string, table: string, id: string): Record<string, unknown> | null {
  const db = new Database(dbPath, { readonly: true });
  try {
    const row = db.prepare(`SELECT data FROM ${table} WHERE id = ?`).get(id) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Record<string, unknown>) : null;
  } finally {
    db.close();
  }
}

/** An HTTP client acting as a person through the development sign-in. */
export function client(url: string) {
  return async (method: string, path: string, user: string, payload?: unknown, revision?: number) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'X-Dev-User': user, 'Content-Type': 'application/json', 'Accept-Language': 'en', ...(revision ? { 'If-Match': `"${revision}"` } : {}) },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}
