import { Worker } from 'node:worker_threads';

/**
 * The thread that checkpoints a database: its own connection to the file, copying the write-ahead log into the
 * database (PRAGMA wal_checkpoint(PASSIVE), https://www.sqlite.org/pragma.html#pragma_wal_checkpoint) when asked.
 * Plain CommonJS run as it is, so that no TypeScript loader is needed in the thread.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, result });
  } catch (err) {
    parentPort.postMessage({ ok: false, message: String((err && err.message) || err) });
  }
});
`;

/** What a checkpoint reports: the frames in the log and how many of them are now in the database. */
export type CheckpointResult = { busy: number; log: number; checkpointed: number };

export type Checkpointer = {
  /** Copies the log into the database on the thread; settles when done. One at a time. */
  checkpoint(): Promise<CheckpointResult>;
  /** Waits for a checkpoint under way, then closes the thread's connection and ends the thread. */
  stop(): Promise<void>;
};

/**
 * A checkpoint thread for one database file, started on the first checkpoint. A checkpoint copies pages and
 * syncs the file; on the event loop (SQLite's automatic checkpoint, inside the commit that fills the log) it held
 * every request for 12–16 ms about once per hundred commits. Between checkpoints the thread is unreferenced: it
 * does not keep the process alive by itself.
 */
export function checkpointer(path: string): Checkpointer {
  let worker: Worker | null = null;
  let waiting: { resolve: (r: CheckpointResult) => void; reject: (err: Error) => void } | null = null;
  let under: Promise<CheckpointResult> | null = null;

  const fail = (w: Worker, err: Error) => {
    if (worker !== w) return; // a thread already stopped
    worker = null;
    waiting?.reject(err);
    waiting = null;
  };
  const start = (): Worker => {
    const w = new Worker(THREAD, { eval: true, workerData: { path, driver: require.resolve('better-sqlite3') } });
    w.unref();
    w.on('message', (m: { ok: true; result: CheckpointResult } | { ok: false; message: string }) => {
      w.unref();
      const asked = waiting;
      waiting = null;
      if (m.ok) asked?.resolve(m.result);
      else asked?.reject(new Error(`checkpoint of ${path} failed: ${m.message}`));
    });
    w.on('error', (err) => fail(w, err));
    w.on('exit', (code) => fail(w, new Error(`the checkpoint thread of ${path} ended (exit code ${code})`)));
    return w;
  };

  return {
    checkpoint() {
      if (under) return under;
      under = new Promise<CheckpointResult>((resolve, reject) => {
        const thread = (worker ??= start());
        waiting = { resolve, reject };
        // Held while it works: a process waiting for its checkpoint (closing the store) does not end meanwhile.
        thread.ref();
        thread.postMessage('checkpoint');
      }).finally(() => (under = null));
      return under;
    },
    async stop() {
      await under?.catch(() => undefined);
      const thread = worker;
      if (!thread) return;
      worker = null;
      const ended = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
      thread.ref();
      thread.postMessage('close');
      await ended;
    },
  };
}
