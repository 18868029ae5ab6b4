import type { Logger } from 'pino';
import type { Reminder } from '../api/core/model';
import type { TenantStore } from '../api/core/port';
import { acquireLease, releaseLease } from '../api/core/services/lease';
import { markSendingMany } from '../api/core/services/outbox';

/**
 * The reminder dispatcher's queue: the order reminders go out in (a heap by the time each may be sent,
 * first come first served among equal times), the lease that lets one instance at a time send, and the
 * batched claims written before sends. bot/dispatcher.ts drives them.
 */

export type QueueEntry = { at: number; seq: number; r: Reminder };

/** A binary min-heap of reminders by the time they may be sent; equal times keep the order they came in. */
export class ReadyQueue {
  private readonly items: QueueEntry[] = [];
  private seq = 0;
  get size() {
    return this.items.length;
  }
  push(at: number, r: Reminder) {
    this.putBack({ at, seq: this.seq++, r });
  }
  /** Puts a popped entry back in its old place (its time and its turn among equal times). */
  putBack(entry: QueueEntry) {
    const a = this.items;
    a.push(entry);
    for (let i = a.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (this.less(a[p]!, a[i]!)) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  peek(): QueueEntry | undefined {
    return this.items[0];
  }
  reminders() {
    return this.items.map((x) => x.r);
  }
  pop(): QueueEntry | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
  private less(x: { at: number; seq: number }, y: { at: number; seq: number }) {
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }
}

const LEASE = 'dispatcher';

/**
 * The 'dispatcher' lease in the store (api/core/services/lease.ts): only its holder sends. It is renewed
 * when a third of its time has passed, and counted as lost a little before the stored expiry, since
 * another instance may take over exactly then.
 */
export class DispatcherLease {
  private until = 0;
  private renewedAt = 0;

  constructor(
    private readonly store: TenantStore,
    private readonly holder: string,
    private readonly ttlMs: number,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {}

  /** Takes or renews the lease; false when another instance holds it. */
  async hold(): Promise<boolean> {
    const now = this.now();
    const lease = await acquireLease(this.store, LEASE, this.holder, this.ttlMs, now);
    if (!lease) {
      this.until = 0;
      return false;
    }
    this.renewedAt = now.getTime();
    this.until = now.getTime() + this.ttlMs * 0.8;
    return true;
  }

  /** Whether this instance may go on sending: renews when due; a failed renewal leaves the time already held. */
  async valid(): Promise<boolean> {
    const now = this.now().getTime();
    if (now - this.renewedAt >= this.ttlMs / 3) {
      try {
        return await this.hold();
      } catch (err) {
        this.logger.warn({ err }, 'dispatcher: could not renew the lease');
      }
    }
    return now < this.until;
  }

  /** Gives the lease up, so another instance can go on at once. */
  async release(): Promise<void> {
    this.until = 0;
    await releaseLease(this.store, LEASE, this.holder, this.now());
  }
}

/** Reminders claimed for sending in one write (see claimAhead). */
export const CLAIM_BATCH = 32;

/**
 * Writes `sendingSince` on the reminders at the head of the queue that are ready at `now` and that
 * `mayClaim` lets go (their conversation may send now), up to CLAIM_BATCH of them in one write: one
 * transaction (SQLite) or one $batch (SharePoint) instead of one per send, done before any of their slots
 * is counted, so each send starts right after it is counted and reaches Teams in the order the limiter
 * planned. Every entry taken goes back in its old place, claimed or not; a batch that meets a conflict
 * (another holder) claims nothing, and each is claimed alone when its turn comes.
 */
export async function claimAhead(
  queue: ReadyQueue,
  now: number,
  mayClaim: (r: Reminder) => boolean,
  deps: { store: TenantStore; at: () => Date; logger: Logger },
): Promise<void> {
  const taken: QueueEntry[] = [];
  while (queue.size && taken.length < CLAIM_BATCH) {
    if (queue.peek()!.at > now) break;
    taken.push(queue.pop()!);
  }
  const claimable = taken.filter(({ r }) => !r.sendingSince && mayClaim(r));
  const claimed = new Map<string, Reminder>();
  if (claimable.length) {
    try {
      for (const r of await markSendingMany(
        deps.store,
        claimable.map((x) => x.r),
        deps.at(),
      ))
        claimed.set(r.id, r);
    } catch (err) {
      deps.logger.warn({ err }, 'dispatcher: could not claim a batch of reminders ahead');
    }
  }
  for (const entry of taken) queue.putBack({ ...entry, r: claimed.get(entry.r.id) ?? entry.r });
}
