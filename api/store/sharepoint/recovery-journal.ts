import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

/**
 * What is left to undo of a commit that SharePoint took only in part, kept where a crash cannot lose it.
 *
 * SharePoint has no transactions: a commit is a batch of writes, undone write by write when one of them
 * fails (sharepoint-store.ts). When the undo cannot be done — the connection is gone, Graph throttles or
 * fails — the records' before and after images are written here before the request is answered, and
 * the store restores them on its next start and before every later commit, until it succeeds.
 *
 * Why a local file and not a list on the site: the moment this is needed is the moment SharePoint is not
 * answering, so a record there would usually fail to be written too. A file written with fsync survives a
 * crash of the process. In Azure App Service put it under /home (persistent, shared by the instances);
 * restoring is idempotent and guarded by the records' revisions, so two instances may both try.
 */
export type Image = {
  kind: string;
  id: string;
  /** The record before the commit (null: it did not exist). */
  before: Record<string, unknown> | null;
  /** The record as the commit wrote it (null: the commit deleted it). */
  after: Record<string, unknown> | null;
  /** What the record's Data column held before, when the record was kept in parts (its reference to them). */
  beforeData?: string;
};

export type RecoveryEntry = { id: string; siteId: string; at: string; images: Image[] };

export interface RecoveryJournal {
  /** Durable when it resolves. */
  add(siteId: string, images: Image[]): Promise<RecoveryEntry>;
  /** Durable when it resolves. */
  resolve(id: string): Promise<void>;
  pending(siteId: string): Promise<RecoveryEntry[]>;
}

/** A journal of JSON lines: one line per entry, one `{ "resolved": id }` line when it is done. */
export function fileRecoveryJournal(file: string): RecoveryJournal {
  let entries: Map<string, RecoveryEntry> | null = null;
  const load = (): Map<string, RecoveryEntry> => {
    if (entries) return entries;
    entries = new Map();
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let v: { resolved?: string } & Partial<RecoveryEntry>;
      try {
        v = JSON.parse(line);
      } catch {
        continue; // a line cut short by a crash while it was written: it never became durable
      }
      if (v.resolved) entries.delete(v.resolved);
      else if (v.id && v.siteId && Array.isArray(v.images)) entries.set(v.id, v as RecoveryEntry);
    }
    return entries;
  };
  const append = (value: unknown) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(file, 'a');
    try {
      fs.writeSync(fd, `${JSON.stringify(value)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  };
  return {
    async add(siteId, images) {
      const entry: RecoveryEntry = { id: randomUUID(), siteId, at: new Date().toISOString(), images };
      append(entry);
      load().set(entry.id, entry);
      return entry;
    },
    async resolve(id) {
      append({ resolved: id });
      load().delete(id);
    },
    async pending(siteId) {
      return [...load().values()].filter((e) => e.siteId === siteId);
    },
  };
}
