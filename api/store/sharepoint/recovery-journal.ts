import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

/**
 * The write-ahead journal of the SharePoint store's commits, kept where a crash cannot lose it.
 *
 * SharePoint has no transactions: a commit is a few batches of writes, undone write by write when one of
 * them fails (sharepoint-store.ts). So before the first write of a commit, what it is about to write —
 * each record's before and after image — is written here durably (fsync); when the commit is complete
 * or fully undone the entry is removed. An entry that is still here when no live commit owns it — the
 * process was killed between the commit's writes, or the undo itself failed — is finished or undone by
 * the store when it opens (`npm start`, `npm run qa`) and before every later commit, until that succeeds.
 *
 * One file per entry in a directory (`SHAREPOINT_RECOVERY_DIR`): written to a temporary name, fsynced and
 * renamed, so an entry is there whole or not at all, and removing one is one unlink; processes sharing the
 * directory (the server and `npm run qa`, or App Service instances sharing /home) never rewrite each
 * other's entries. Why a local directory and not a list on the site: the moment this is needed is the
 * moment SharePoint is not answering. Restoring is idempotent and guarded by the records' revisions, so
 * two processes may both try.
 */
export type Image = {
  kind: string;
  id: string;
  /** The record before the commit (null: it did not exist). */
  before: Record<string, unknown> | null;
  /** The record as the commit writes it (null: the commit deletes it). */
  after: Record<string, unknown> | null;
  /** What the record's Data column held before, when the record was kept in parts (its reference to them). */
  beforeData?: string;
};

/** The process that wrote an entry: a commit of a live process is not someone else's to finish. */
export type Owner = { host: string; pid: number; boot: string };

export type RecoveryEntry = {
  id: string;
  siteId: string;
  at: string;
  owner?: Owner;
  /** Its owner could not undo it and left it to whoever recovers next. */
  released?: boolean;
  images: Image[];
};

export interface RecoveryJournal {
  /** Write-ahead: durable when it resolves. The entry is its commit's (in flight) until resolved or released. */
  begin(siteId: string, images: Image[]): Promise<RecoveryEntry>;
  /** The commit is complete or fully undone: the entry goes (durably). */
  resolve(id: string): Promise<void>;
  /** The commit could not be undone now: the entry stays for recovery, by this process or another. */
  release(id: string): Promise<void>;
  /** Entries of the site no live commit owns (left by a killed process, or released), oldest first. */
  pending(siteId: string): Promise<RecoveryEntry[]>;
}

/** This process (a killed predecessor may have had the same pid: the boot id tells them apart). */
const SELF: Owner = { host: os.hostname(), pid: process.pid, boot: randomUUID() };
/** Entries whose commit is running in this process now (every journal object of the process shares it). */
const IN_FLIGHT = new Set<string>();
/**
 * An entry of a live process on another host is taken over only after this long: no commit takes it (its
 * batches give up after a few minutes of retries), so its owner died or gave up.
 */
export const FOREIGN_ENTRY_STALE_MS = 15 * 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether an entry is left for recovery: no commit of a live process owns it. */
function orphaned(e: RecoveryEntry, now = Date.now()): boolean {
  if (IN_FLIGHT.has(e.id)) return false;
  const o = e.owner;
  if (!o || e.released || o.boot === SELF.boot) return true;
  if (o.host === SELF.host && (o.pid === SELF.pid || !alive(o.pid))) return true;
  return now - Date.parse(e.at) > FOREIGN_ENTRY_STALE_MS;
}

/** fsync of a directory makes a rename or unlink in it durable (not possible on every platform: then skipped). */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* e.g. Windows cannot open a directory */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The journal in a directory: `<id>.json` per entry. */
export function fileRecoveryJournal(dir: string): RecoveryJournal {
  const fileOf = (id: string) => path.join(dir, `${id}.json`);
  const write = (entry: RecoveryEntry) => {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = path.join(dir, `.${entry.id}.${process.pid}.tmp`);
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, JSON.stringify(entry));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, fileOf(entry.id));
    syncDir(dir);
  };
  const read = (name: string): RecoveryEntry | null => {
    try {
      const v = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as RecoveryEntry;
      return v.id && v.siteId && Array.isArray(v.images) ? v : null;
    } catch {
      return null; // removed meanwhile by another process
    }
  };
  return {
    async begin(siteId, images) {
      const entry: RecoveryEntry = { id: randomUUID(), siteId, at: new Date().toISOString(), owner: SELF, images };
      IN_FLIGHT.add(entry.id);
      try {
        write(entry);
      } catch (e) {
        IN_FLIGHT.delete(entry.id);
        throw e;
      }
      return entry;
    },
    async resolve(id) {
      fs.rmSync(fileOf(id), { force: true });
      syncDir(dir);
      IN_FLIGHT.delete(id);
    },
    async release(id) {
      const entry = read(`${id}.json`);
      if (entry) write({ ...entry, released: true });
      IN_FLIGHT.delete(id);
    },
    async pending(siteId) {
      let names: string[];
      try {
        names = fs.readdirSync(dir);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw e;
      }
      const now = Date.now();
      return names
        .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
        .map(read)
        .filter((e): e is RecoveryEntry => e !== null && e.siteId === siteId && orphaned(e, now))
        .sort((a, b) => a.at.localeCompare(b.at));
    },
  };
}
