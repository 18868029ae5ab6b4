import type Database from 'better-sqlite3';
import { GOAL_STATUSES, type AgreementRollup, type AgreementStatus, type Goal, type Indicator } from '../../core/model';
import { rollupFigures, rollupRecord } from '../../core/services/agreement-rollups';
import { summaryRecord, valuesOf } from '../../core/services/measurement-summaries';
import { isImportedVersion } from '../../core/rules/versions';

/** A migration: SQL, or a function for what SQL alone should not decide (a rule of the core). */
export type Migration = string | ((db: Database.Database) => void);

/**
 * Schema migrations of the embedded store, applied in order on start; PRAGMA user_version records the
 * last applied. Never edit a released migration: add the next one.
 *
 * Each entity kind has its own table: the record as JSON plus one column for each field the core may
 * filter on (entities.ts, `indexed`), each with an index led by the tenant.
 */
export const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE people (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE TABLE units (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    parent_id TEXT, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE INDEX units_parent ON units (tenant_id, parent_id);
  CREATE TABLE goal_levels (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    municipality_id TEXT, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE INDEX goal_levels_municipality ON goal_levels (tenant_id, municipality_id);
  CREATE TABLE agreements (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    unit_id TEXT, year INTEGER, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE INDEX agreements_unit ON agreements (tenant_id, unit_id);
  CREATE INDEX agreements_year ON agreements (tenant_id, year);
  CREATE TABLE goals (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    unit_id TEXT, agreement_id TEXT, year INTEGER, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE INDEX goals_unit ON goals (tenant_id, unit_id);
  CREATE INDEX goals_agreement ON goals (tenant_id, agreement_id);
  CREATE INDEX goals_year ON goals (tenant_id, year);
  CREATE TABLE actions (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    goal_id TEXT, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE INDEX actions_goal ON actions (tenant_id, goal_id);
  CREATE TABLE success_criteria (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    goal_id TEXT, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE INDEX success_criteria_goal ON success_criteria (tenant_id, goal_id);
  CREATE TABLE indicators (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    goal_id TEXT, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE INDEX indicators_goal ON indicators (tenant_id, goal_id);
  CREATE TABLE measurements (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    indicator_id TEXT, period TEXT, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE UNIQUE INDEX measurements_indicator_period ON measurements (tenant_id, indicator_id, period);
  CREATE INDEX measurements_period ON measurements (tenant_id, period);
  CREATE TABLE wheel_events (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    unit_id TEXT, year INTEGER, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE INDEX wheel_events_unit ON wheel_events (tenant_id, unit_id);
  CREATE INDEX wheel_events_year ON wheel_events (tenant_id, year);
  CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id TEXT NOT NULL, id TEXT NOT NULL,
    entity_kind TEXT NOT NULL, entity_id TEXT NOT NULL, data TEXT NOT NULL);
  CREATE INDEX audit_entity ON audit (tenant_id, entity_id, seq);
  CREATE INDEX audit_tenant ON audit (tenant_id, seq);
  -- The audit trail is append-only, whatever route reaches the database.
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit entries cannot be changed'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit entries cannot be deleted'); END;
  `,
  // 2: children of a goal carry its agreement, so one indexed query per kind reads a whole agreement.
  `
  ALTER TABLE actions ADD COLUMN agreement_id TEXT;
  UPDATE actions SET agreement_id = (SELECT g.agreement_id FROM goals g WHERE g.tenant_id = actions.tenant_id AND g.id = actions.goal_id);
  UPDATE actions SET data = json_set(data, '$.agreementId', agreement_id);
  CREATE INDEX actions_agreement ON actions (tenant_id, agreement_id);
  ALTER TABLE success_criteria ADD COLUMN agreement_id TEXT;
  UPDATE success_criteria SET agreement_id = (SELECT g.agreement_id FROM goals g WHERE g.tenant_id = success_criteria.tenant_id AND g.id = success_criteria.goal_id);
  UPDATE success_criteria SET data = json_set(data, '$.agreementId', agreement_id);
  CREATE INDEX success_criteria_agreement ON success_criteria (tenant_id, agreement_id);
  ALTER TABLE indicators ADD COLUMN agreement_id TEXT;
  UPDATE indicators SET agreement_id = (SELECT g.agreement_id FROM goals g WHERE g.tenant_id = indicators.tenant_id AND g.id = indicators.goal_id);
  UPDATE indicators SET data = json_set(data, '$.agreementId', agreement_id);
  CREATE INDEX indicators_agreement ON indicators (tenant_id, agreement_id);
  ALTER TABLE measurements ADD COLUMN agreement_id TEXT;
  UPDATE measurements SET agreement_id = (SELECT i.agreement_id FROM indicators i WHERE i.tenant_id = measurements.tenant_id AND i.id = measurements.indicator_id);
  UPDATE measurements SET data = json_set(data, '$.agreementId', agreement_id);
  CREATE INDEX measurements_agreement ON measurements (tenant_id, agreement_id);
  `,
  // 3: the bot's own records: conversation references (install, uninstall) and card-action receipts.
  `
  CREATE TABLE conversations (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    person_id TEXT, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE INDEX conversations_person ON conversations (tenant_id, person_id);
  CREATE TABLE card_receipts (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  `,
  // 4: goals are filtered by level (a goal level cannot be deleted while goals use it).
  `
  ALTER TABLE goals ADD COLUMN level_id TEXT;
  UPDATE goals SET level_id = json_extract(data, '$.levelId');
  CREATE INDEX goals_level ON goals (tenant_id, level_id);
  `,
  // 5: the reminder outbox, the dispatcher's lease, out-of-office pauses, submitted agreement versions.
  `
  CREATE TABLE reminders (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    state TEXT, occasion TEXT, recipient_id TEXT, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE INDEX reminders_state ON reminders (tenant_id, state);
  CREATE INDEX reminders_occasion ON reminders (tenant_id, occasion);
  CREATE INDEX reminders_recipient ON reminders (tenant_id, recipient_id);
  CREATE TABLE leases (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE TABLE pauses (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    person_id TEXT, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE INDEX pauses_person ON pauses (tenant_id, person_id);
  CREATE TABLE agreement_versions (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    agreement_id TEXT, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE INDEX agreement_versions_agreement ON agreement_versions (tenant_id, agreement_id);
  `,
  // 6: a change counter per tenant for the organisation (units), moved by the database itself on every write,
  // so each server instance sharing the file can tell cheaply whether its cached organisation is current;
  // and a random id of the database, so caches of different files never mix.
  `
  CREATE TABLE revisions (tenant_id TEXT NOT NULL, kind TEXT NOT NULL, revision INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, kind)) WITHOUT ROWID;
  CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  INSERT INTO store_meta (key, value) VALUES ('store_id', lower(hex(randomblob(16))));
  CREATE TRIGGER units_revision_insert AFTER INSERT ON units BEGIN
    INSERT INTO revisions (tenant_id, kind, revision) VALUES (new.tenant_id, 'unit', 1)
      ON CONFLICT (tenant_id, kind) DO UPDATE SET revision = revision + 1;
  END;
  CREATE TRIGGER units_revision_update AFTER UPDATE ON units BEGIN
    INSERT INTO revisions (tenant_id, kind, revision) VALUES (new.tenant_id, 'unit', 1)
      ON CONFLICT (tenant_id, kind) DO UPDATE SET revision = revision + 1;
  END;
  CREATE TRIGGER units_revision_delete AFTER DELETE ON units BEGIN
    INSERT INTO revisions (tenant_id, kind, revision) VALUES (old.tenant_id, 'unit', 1)
      ON CONFLICT (tenant_id, kind) DO UPDATE SET revision = revision + 1;
  END;
  `,
  // 7: one measurement summary per indicator (the value of each reported period), kept by the core with every
  // measurement write; filled here from the measurements already stored, by the core's own function.
  (db) => {
    db.exec(`
    CREATE TABLE measurement_summaries (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
      agreement_id TEXT, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
    CREATE INDEX measurement_summaries_agreement ON measurement_summaries (tenant_id, agreement_id);
    `);
    const insert = db.prepare('INSERT INTO measurement_summaries (tenant_id, id, revision, data, agreement_id) VALUES (?, ?, ?, ?, ?)');
    const at = new Date().toISOString();
    type Row = { tenant: string; indicator: string; agreement: string | null; period: string; value: unknown };
    let group: Row[] = [];
    const flush = () => {
      const first = group[0];
      if (!first) return;
      const values = valuesOf(group.filter((r) => typeof r.value === 'number') as { period: string; value: number }[]);
      const record = summaryRecord(first.indicator, first.agreement, values, at);
      insert.run(first.tenant, record.id, record.revision, JSON.stringify(record), record.agreementId);
      group = [];
    };
    // Read in pages along the unique index (a statement cannot write while another one reads).
    const page = db.prepare(
      `SELECT tenant_id AS tenant, indicator_id AS indicator, agreement_id AS agreement, period, json_extract(data, '$.value') AS value
       FROM measurements WHERE (tenant_id, indicator_id, period) > (?, ?, ?) ORDER BY tenant_id, indicator_id, period LIMIT 20000`,
    );
    let after: [string, string, string] = ['', '', ''];
    for (;;) {
      const rows = page.all(...after) as Row[];
      for (const row of rows) {
        const first = group[0];
        if (first && (first.tenant !== row.tenant || first.indicator !== row.indicator)) flush();
        group.push(row);
      }
      const last = rows[rows.length - 1];
      if (!last) break;
      after = [last.tenant, last.indicator, last.period];
    }
    flush();
  },
  // 8: the audit trail's order is the port's (compareAudit): by the instant of the entry, then by id; `at` holds
  // the instant in UTC as text (auditTime), so both sort natively and the indexes serve a page.
  `
  DROP TRIGGER audit_no_update;
  ALTER TABLE audit ADD COLUMN at TEXT NOT NULL DEFAULT '';
  UPDATE audit SET at = strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(data, '$.at'));
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit entries cannot be changed'); END;
  DROP INDEX audit_entity;
  DROP INDEX audit_tenant;
  CREATE INDEX audit_entity_at ON audit (tenant_id, entity_id, at, id);
  CREATE INDEX audit_tenant_at ON audit (tenant_id, at, id);
  `,
  // 9: one roll-up per agreement (its goals, goals off track, unreported periods by due date), kept by the core with
  // every write that changes it; filled here from what is stored, by the core's own functions.
  (db) => {
    db.exec(`
    CREATE TABLE agreement_rollups (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
      unit_id TEXT, year INTEGER, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
    CREATE INDEX agreement_rollups_unit ON agreement_rollups (tenant_id, unit_id);
    CREATE INDEX agreement_rollups_year ON agreement_rollups (tenant_id, year);
    `);
    type AgreementRow = { tenant: string; id: string; unitId: string; year: number; status: AgreementStatus; version: number; title: string };
    const agreements = db
      .prepare(
        `SELECT tenant_id AS tenant, id, data ->> '$.unitId' AS unitId, data ->> '$.year' AS year, data ->> '$.status' AS status,
           data ->> '$.version' AS version, data ->> '$.title' AS title FROM agreements`,
      )
      .all() as AgreementRow[];
    // Through the agreement's index by name: the file may have no statistics yet (they are gathered after the migrations).
    const goals = db.prepare(`SELECT id, data ->> '$.status' AS status FROM goals INDEXED BY goals_agreement WHERE tenant_id = ? AND agreement_id = ?`);
    const indicators = db.prepare(`SELECT data FROM indicators INDEXED BY indicators_agreement WHERE tenant_id = ? AND agreement_id = ?`);
    const summaries = db.prepare(
      `SELECT id, data ->> '$.values' AS "values" FROM measurement_summaries INDEXED BY measurement_summaries_agreement WHERE tenant_id = ? AND agreement_id = ?`,
    );
    const insert = db.prepare('INSERT INTO agreement_rollups (tenant_id, id, revision, data, unit_id, year) VALUES (?, ?, ?, ?, ?, ?)');
    const at = new Date().toISOString();
    for (const a of agreements) {
      const values = new Map(
        (summaries.all(a.tenant, a.id) as { id: string; values: string | null }[]).map((r) => [r.id, JSON.parse(r.values ?? '{}') as Record<string, number>]),
      );
      const goalRows = goals.all(a.tenant, a.id) as { id: string; status: Goal['status'] }[];
      const indicatorRows = (indicators.all(a.tenant, a.id) as { data: string }[]).map((r) => JSON.parse(r.data) as Indicator);
      const record = rollupRecord(
        a,
        rollupFigures(a.year, goalRows, indicatorRows, (id) => values.get(id) ?? {}),
        at,
      );
      insert.run(a.tenant, record.id, record.revision, JSON.stringify(record), record.unitId, record.year);
    }
  },
  // 10: one record per dialogue meeting on an agreement (its shared state and minutes), found by the agreement.
  `
  CREATE TABLE meeting_sessions (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    agreement_id TEXT, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE INDEX meeting_sessions_agreement ON meeting_sessions (tenant_id, agreement_id);
  `,
  // 11 (document format 2): a version kept by an import is marked as such (`imported`), so the tab shows the
  // agreement's approval as written instead of "submitted [import date] by system"; told by the core's rule.
  (db) => {
    const rows = db.prepare(`SELECT tenant_id AS tenant, id, data FROM agreement_versions`).all() as { tenant: string; id: string; data: string }[];
    const update = db.prepare(`UPDATE agreement_versions SET data = ? WHERE tenant_id = ? AND id = ?`);
    for (const row of rows) {
      const v = JSON.parse(row.data) as { imported?: boolean; snapshot: Record<string, unknown> };
      if (v.imported === undefined) update.run(JSON.stringify({ ...v, imported: isImportedVersion(v) }), row.tenant, row.id);
    }
  },
  // 12: the people are counted too (as the units in 6), so each server instance keeps the directory it searches
  // for the people picker and reads it again only after a change.
  `
  CREATE TRIGGER people_revision_insert AFTER INSERT ON people BEGIN
    INSERT INTO revisions (tenant_id, kind, revision) VALUES (new.tenant_id, 'person', 1)
      ON CONFLICT (tenant_id, kind) DO UPDATE SET revision = revision + 1;
  END;
  CREATE TRIGGER people_revision_update AFTER UPDATE ON people BEGIN
    INSERT INTO revisions (tenant_id, kind, revision) VALUES (new.tenant_id, 'person', 1)
      ON CONFLICT (tenant_id, kind) DO UPDATE SET revision = revision + 1;
  END;
  CREATE TRIGGER people_revision_delete AFTER DELETE ON people BEGIN
    INSERT INTO revisions (tenant_id, kind, revision) VALUES (old.tenant_id, 'person', 1)
      ON CONFLICT (tenant_id, kind) DO UPDATE SET revision = revision + 1;
  END;
  `,
  // 13: goals and annual-cycle events as municipalities write them (issue 17): a goal stored before has no goal
  // group, and its status is a step of the default scale, which means itself; an event stored before is a date or a
  // whole month, without a month part or an end.
  (db) => {
    const defaults = GOAL_STATUSES.map(() => '?').join(', ');
    db.prepare(
      `UPDATE goals SET data = json_set(data, '$.groupKey', json('null'), '$.statusMeaning',
         CASE WHEN json_extract(data, '$.status') IN (${defaults}) THEN json_extract(data, '$.status') ELSE NULL END)
       WHERE json_type(data, '$.groupKey') IS NULL`,
    ).run(...GOAL_STATUSES);
    db.exec(`UPDATE wheel_events SET data = json_set(data, '$.part', json('null'), '$.until', json('null')) WHERE json_type(data, '$.part') IS NULL`);
  },
  // 14: the roll-ups carry the dashboards' figures too (goals by fulfilment, indicators by track, the goals' links to
  // their parent goals, the keys of the indicators' names): each agreement's is made again by the core's own functions.
  // And they are counted (as the units in 6), so each server instance keeps a year's roll-ups for the dashboards and
  // reads them again only after a change (services/year-rollups.ts).
  (db) => {
    db.exec(
      ['INSERT', 'UPDATE', 'DELETE']
        .map(
          (event) => `
      CREATE TRIGGER agreement_rollups_revision_${event.toLowerCase()} AFTER ${event} ON agreement_rollups BEGIN
        INSERT INTO revisions (tenant_id, kind, revision) VALUES (${event === 'DELETE' ? 'old' : 'new'}.tenant_id, 'agreementRollup', 1)
          ON CONFLICT (tenant_id, kind) DO UPDATE SET revision = revision + 1;
      END;`,
        )
        .join('\n'),
    );
    type AgreementRow = { tenant: string; id: string; unitId: string; year: number; status: AgreementStatus; version: number; title: string };
    const agreements = db
      .prepare(
        `SELECT tenant_id AS tenant, id, data ->> '$.unitId' AS unitId, data ->> '$.year' AS year, data ->> '$.status' AS status,
           data ->> '$.version' AS version, data ->> '$.title' AS title FROM agreements`,
      )
      .all() as AgreementRow[];
    const goals = db.prepare(`SELECT data FROM goals INDEXED BY goals_agreement WHERE tenant_id = ? AND agreement_id = ?`);
    const indicators = db.prepare(`SELECT data FROM indicators INDEXED BY indicators_agreement WHERE tenant_id = ? AND agreement_id = ?`);
    const summaries = db.prepare(
      `SELECT id, data ->> '$.values' AS "values" FROM measurement_summaries INDEXED BY measurement_summaries_agreement WHERE tenant_id = ? AND agreement_id = ?`,
    );
    const current = db.prepare(`SELECT data FROM agreement_rollups WHERE tenant_id = ? AND id = ?`);
    const upsert = db.prepare(
      `INSERT INTO agreement_rollups (tenant_id, id, revision, data, unit_id, year) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, id) DO UPDATE SET revision = excluded.revision, data = excluded.data, unit_id = excluded.unit_id, year = excluded.year`,
    );
    const at = new Date().toISOString();
    for (const a of agreements) {
      const values = new Map(
        (summaries.all(a.tenant, a.id) as { id: string; values: string | null }[]).map((r) => [r.id, JSON.parse(r.values ?? '{}') as Record<string, number>]),
      );
      const goalRows = (goals.all(a.tenant, a.id) as { data: string }[]).map((r) => JSON.parse(r.data) as Goal);
      const indicatorRows = (indicators.all(a.tenant, a.id) as { data: string }[]).map((r) => JSON.parse(r.data) as Indicator);
      const before = current.get(a.tenant, a.id) as { data: string } | undefined;
      const record = rollupRecord(
        a,
        rollupFigures(a.year, goalRows, indicatorRows, (id) => values.get(id) ?? {}),
        at,
        before ? (JSON.parse(before.data) as AgreementRollup) : null,
      );
      upsert.run(a.tenant, record.id, record.revision, JSON.stringify(record), record.unitId, record.year);
    }
  },
  // 15: the state of each indicator's key-figure link (services/key-figures.ts), found by its municipality.
  `
  CREATE TABLE key_figure_runs (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    municipality_id TEXT, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE INDEX key_figure_runs_municipality ON key_figure_runs (tenant_id, municipality_id);
  `,
  // 16: the published agreements, one per agreement, found by their public address (municipality, year).
  `
  CREATE TABLE publications (tenant_id TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, data TEXT NOT NULL,
    municipality_slug TEXT, year INTEGER, PRIMARY KEY (tenant_id, id)) WITHOUT ROWID;
  CREATE INDEX publications_municipality_slug ON publications (tenant_id, municipality_slug);
  CREATE INDEX publications_year ON publications (tenant_id, year);
  `,
  // 17: the records move into rowid tables, their key (tenant, id) kept as a unique index. A WITHOUT ROWID table keeps
  // a record in its key's tree, and SQLite advises it only for rows under a twentieth of a page
  // (https://sqlite.org/withoutrowid.html, "When To Use WITHOUT ROWID"): there, a record over about 1,000 bytes (every
  // agreement and roll-up, and long goals, units and success criteria of real municipalities) spills onto overflow
  // pages, which SQLite reads past its page cache with a system call each. In a rowid table a record up to about
  // 4,000 bytes stays on its page: one agreement read took half the time, a year's 1,500 roll-ups a fifth.
  // Each table is made again under its name with the same columns, keys, indexes and triggers.
  (db) => {
    const tables = db
      .prepare(
        `SELECT name, sql FROM sqlite_master m WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID'
           AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'data') ORDER BY name`,
      )
      .all() as { name: string; sql: string }[];
    for (const { name, sql } of tables) {
      const dependents = db
        .prepare(`SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name`)
        .all(name) as { sql: string }[];
      const rowid = sql.replace(/^CREATE TABLE \w+/, `CREATE TABLE ${name}_rowid`).replace(/\)\s*WITHOUT ROWID\s*$/, ')');
      if (rowid === sql || /WITHOUT ROWID/i.test(rowid)) throw new Error(`migration 17: cannot read the definition of ${name}: ${sql}`);
      db.exec(rowid);
      db.exec(`INSERT INTO ${name}_rowid SELECT * FROM ${name}`);
      db.exec(`DROP TABLE ${name}`);
      db.exec(`ALTER TABLE ${name}_rowid RENAME TO ${name}`);
      for (const d of dependents) db.exec(d.sql);
    }
  },
];
