import type { Logger } from 'pino';
import type { Conversation, Locale, Reminder } from '../api/core/model';
import type { TenantStore } from '../api/core/port';
import { ConflictError } from '../api/core/errors';
import {
  dueReminders,
  markRetry,
  markSending,
  markSent,
  markStillInDoubt,
  markUndeliverable,
  markUnreachableMany,
  reminderSubjects,
  unreachable,
  type ReminderSubjects,
} from '../api/core/services/outbox';
import { withDeliveryMarker, type AdaptiveCard } from './cards/adaptive-card';
import type { TabLinks } from './deep-link';
import { SlidingWindowLimiter, type RateLimits } from './rate-limiter';
import type { ProactiveChannel, SendOutcome } from './channel';
import { countedByReceiver, decideDelivery, decideUnconfirmed, DEFAULT_RETRY, type RetryPolicy } from './delivery-policy';
import { claimAhead, DispatcherLease, ReadyQueue } from './reminder-queue';
import { renderReminder } from './reminder-cards';

/**
 * The reminder dispatcher: proactive delivery of the outbox (api/core/services/outbox.ts) through the bot.
 *
 * - One instance at a time: it works only while it holds the 'dispatcher' lease in the store, renews it
 *   while running, and stops picking reminders the moment a renewal fails.
 * - It paces itself to Teams' limits (per conversation and per app per tenant, configurable), so 429 is
 *   the exception; a 429, 412, 502, 503 or 504 is retried after Retry-After, or after an exponential
 *   backoff with jitter and a cap; 403 and 404 are final, and the reason is recorded.
 * - Exactly once across crashes. The Bot Connector's send is not idempotent and Teams deduplicates nothing,
 *   so the dispatcher writes `sendingSince` on the reminder before each send (for a few at the head of the
 *   queue in one write, see claimAhead) and clears it with the outcome,
 *   and every card carries the reminder's id in a hidden element. A reminder found with `sendingSince` set
 *   (the process died while its send was in flight) is in doubt: once the send has had time to land
 *   (`inDoubtSettleMs`), the dispatcher asks the delivery ledger (Microsoft Graph: the messages of the
 *   user's chat with the app, bot/graph-delivery-ledger.ts) whether the message is there. Found: it is
 *   marked sent with the message's id, and not sent again. Not there: it is sent. Cannot tell (Graph
 *   unreachable): it is asked again later, and after the retry budget the reminder is marked failed
 *   (`delivery_unconfirmed`) for the quality office to see, rather than risk a second copy. Without a
 *   ledger (development), a reminder in doubt is sent again, and the log says so.
 * - Time comes from an injected clock, so tests run a year of reminders in seconds.
 *
 * This file drives the loop; its parts have one job each: the queue, the lease and the batched claims in
 * bot/reminder-queue.ts, the retry, backoff and give-up decisions in bot/delivery-policy.ts, the cards in
 * bot/reminder-cards.ts, the pacing in bot/rate-limiter.ts, the sending through bot/channel.ts.
 */

export type Clock = { now(): Date; sleep(ms: number): Promise<void> };
export const systemClock: Clock = { now: () => new Date(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))) };

/**
 * Where the dispatcher looks, after a crash, for a message whose send was in flight: the chat itself.
 * `find` answers whether a message carrying `marker` (withDeliveryMarker) arrived in the conversation since
 * `since`, and throws when it cannot tell.
 */
export interface DeliveryLedger {
  find(conversation: Conversation, marker: string, since: Date): Promise<{ found: true; activityId: string } | { found: false }>;
}

export type DispatcherOptions = {
  store: TenantStore;
  /** The proactive path: the botbuilder CloudAdapter in production (bot/adapter.ts), a Bot Connector stand-in in tests. */
  sender: ProactiveChannel;
  clock?: Clock;
  logger: Logger;
  limits: RateLimits;
  retry?: RetryPolicy;
  links: TabLinks;
  /** Who this instance is (host, process, random), for the lease. */
  holder: string;
  leaseTtlMs?: number;
  /** How often an idle dispatcher looks for due reminders. */
  pollMs?: number;
  /** Sends in flight at once (the Bot Connector takes tens to hundreds of milliseconds per send). */
  maxInFlight?: number;
  /** Safety distance from each rate window's boundary, in milliseconds. */
  marginMs?: number;
  /** Random numbers for jitter (injectable for tests). */
  random?: () => number;
  /** The locale when a conversation has none. */
  defaultLocale?: Locale;
  /** Where sends in doubt after a crash are looked up; without one they are sent again (at least once). */
  ledger?: DeliveryLedger;
  /** How long a send in doubt is given to land (and to show in the ledger) before it is looked up. */
  inDoubtSettleMs?: number;
};

export type DrainReport = {
  sent: number;
  retried: number;
  givenUp: number;
  failed: number;
  lostLease: boolean;
  /** Sends in doubt after a crash: found delivered in the chat (not sent again), and found missing (sent). */
  inDoubtConfirmed: number;
  inDoubtResent: number;
};

/** Reminders without a recipient given up in one write. */
const UNREACHABLE_BATCH = 500;

export class ReminderDispatcher {
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;
  private readonly leaseTtlMs: number;
  private readonly pollMs: number;
  private readonly maxInFlight: number;
  private readonly random: () => number;
  private readonly perConversation: SlidingWindowLimiter;
  private readonly perTenant: SlidingWindowLimiter;
  private readonly lease: DispatcherLease;
  private running: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(private readonly o: DispatcherOptions) {
    this.clock = o.clock ?? systemClock;
    this.retry = o.retry ?? DEFAULT_RETRY;
    this.leaseTtlMs = o.leaseTtlMs ?? 30_000;
    this.pollMs = o.pollMs ?? 5_000;
    this.maxInFlight = o.maxInFlight ?? 16;
    this.random = o.random ?? Math.random;
    this.perConversation = new SlidingWindowLimiter(o.limits.perConversation, o.marginMs ?? 10);
    this.perTenant = new SlidingWindowLimiter(o.limits.perTenant, o.marginMs ?? 10, true);
    this.lease = new DispatcherLease(o.store, o.holder, this.leaseTtlMs, () => this.clock.now(), o.logger);
  }

  private nowMs() {
    return this.clock.now().getTime();
  }

  /** Takes or renews the lease; false when another instance holds it. */
  holdLease(): Promise<boolean> {
    return this.lease.hold();
  }

  /**
   * Sends every reminder due now (and retries that fall due while it runs), within the limits, while it
   * holds the lease. Returns when nothing due is left, or when the lease is lost or stop() was called.
   */
  async drain(): Promise<DrainReport> {
    const report: DrainReport = { sent: 0, retried: 0, givenUp: 0, failed: 0, lostLease: false, inDoubtConfirmed: 0, inDoubtResent: 0 };
    if (!(await this.holdLease())) {
      report.lostLease = true;
      return report;
    }
    const queue = new ReadyQueue();
    const queued = new Set<string>();
    const enqueue = (r: Reminder, at: number) => {
      queued.add(r.id);
      queue.push(at, r);
    };
    const due = await dueReminders(this.o.store, this.clock.now());
    if (!due.length) return report;
    const conversations = await this.conversationsOf([...new Set(due.map((r) => r.recipientId))]);
    const unreachableNow: Reminder[] = [];
    for (const r of due) {
      const ready = r.sendingSince ? await this.resolveInDoubt(r, conversations.get(r.recipientId), report) : r;
      if (!ready) continue;
      const at = Date.parse(ready.nextAttemptAt!);
      // Nobody to send it to: given up with the others like it in a few writes, not one write each (a
      // municipality's first plan can hold thousands, and every write waits for the disk).
      if (!ready.sendingSince && !conversations.has(ready.recipientId) && at <= this.nowMs()) unreachableNow.push(ready);
      else enqueue(ready, at);
    }
    await this.giveUpUnreachable(unreachableNow, report);
    if (!queue.size) return report;
    const subjects = await reminderSubjects(this.o.store, queue.reminders());
    const inFlight = new Set<Promise<void>>();
    // Retries due later than this are left for the next drain, so a drain never waits long for one item.
    const horizonMs = Math.max(this.pollMs, 60_000);

    while ((queue.size || inFlight.size) && !this.stopping) {
      if (inFlight.size >= this.maxInFlight || !queue.size) {
        await Promise.race(inFlight);
        continue;
      }
      const head = queue.peek()!;
      const now = this.nowMs();
      if (head.at > now) {
        // Wait for the next ready reminder, or for a send to finish (it may requeue an earlier one).
        // In slices of at most a second, so stop() is honoured soon.
        await Promise.race([this.clock.sleep(Math.min(head.at - now, 1_000)), ...inFlight]);
        continue;
      }
      if (!(await this.lease.valid())) {
        report.lostLease = true;
        this.o.logger.warn({ holder: this.o.holder }, 'dispatcher: lease lost, stopping');
        break;
      }
      if (!head.r.sendingSince)
        await claimAhead(
          queue,
          now,
          (r) => {
            const c = conversations.get(r.recipientId);
            return !!c && this.perConversation.waitMs(c.conversationId, now) === 0;
          },
          { store: this.o.store, at: () => this.clock.now(), logger: this.o.logger },
        );
      const popped = queue.pop()!;
      let r = popped.r;
      const conversation = conversations.get(r.recipientId);
      if (!conversation) {
        const gone = r;
        await this.settle(gone, () => markUndeliverable(this.o.store, gone, this.clock.now(), 'given_up', unreachable(gone), false));
        report.givenUp++;
        queued.delete(r.id);
        continue;
      }
      const key = conversation.conversationId;
      const waitAt = (t: number) => Math.max(this.perConversation.waitMs(key, t), this.perTenant.waitMs('tenant', t));
      // The claims above took time: judge the slot by the clock now.
      let at = this.nowMs();
      if (waitAt(at) === 0 && !r.sendingSince) {
        // Not claimed ahead (its batch met a conflict): claim it alone, before its slot is counted.
        const unclaimed = r;
        const claimed = await this.settle(unclaimed, () => markSending(this.o.store, unclaimed, this.clock.now()));
        if (!claimed) {
          queued.delete(r.id);
          continue;
        }
        r = claimed;
        at = this.nowMs();
      }
      const wait = waitAt(at);
      if (wait > 0) {
        // This conversation (or the whole app) must wait; others further back in the queue may not.
        if (this.perConversation.waitMs(key, at) > 0) queue.push(at + this.perConversation.waitMs(key, at), r);
        else {
          // The whole app waits: it keeps its place at the head (and its claim stays the only one waiting).
          queue.putBack({ ...popped, r });
          await Promise.race([this.clock.sleep(Math.min(wait, 1_000)), ...inFlight]);
        }
        continue;
      }
      this.perConversation.begin(key, at);
      this.perTenant.begin('tenant', at);
      const p = this.deliver(r, conversation, subjects, report, (again, when) => {
        if (when - this.nowMs() <= horizonMs) enqueue(again, when);
        else queued.delete(again.id);
      }).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
    return report;
  }

  private async conversationsOf(personIds: string[]): Promise<Map<string, Conversation>> {
    const out = new Map<string, Conversation>();
    for (let i = 0; i < personIds.length; i += 500) {
      const list = await this.o.store.listAll('conversation', { personId: personIds.slice(i, i + 500) });
      for (const c of list) if (c.scope === 'personal' && c.status === 'installed' && c.personId) out.set(c.personId, c);
    }
    return out;
  }

  /** Gives up reminders nobody can receive, UNREACHABLE_BATCH to a write; a batch that meets a conflict, one by one. */
  private async giveUpUnreachable(list: readonly Reminder[], report: DrainReport): Promise<void> {
    for (let i = 0; i < list.length && !this.stopping; i += UNREACHABLE_BATCH) {
      if (!(await this.lease.valid())) {
        report.lostLease = true;
        return;
      }
      const batch = list.slice(i, i + UNREACHABLE_BATCH);
      try {
        await markUnreachableMany(this.o.store, batch, this.clock.now());
        report.givenUp += batch.length;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
        for (const r of batch)
          if (await this.settle(r, () => markUndeliverable(this.o.store, r, this.clock.now(), 'given_up', unreachable(r), false))) report.givenUp++;
      }
    }
  }

  /** Writes a state change; a conflict means another holder changed the reminder (the lease ran out under us). */
  private async settle<T>(r: Reminder, write: () => Promise<T>): Promise<T | null> {
    try {
      return await write();
    } catch (err) {
      this.o.logger.error(
        { err, reminder: r.id },
        err instanceof ConflictError ? 'dispatcher: reminder changed by another holder' : 'dispatcher: could not record the outcome',
      );
      return null;
    }
  }

  /**
   * A reminder whose send was in flight when a process died: look in the chat before sending again.
   * Returns the reminder when it is to be sent now, null when it is settled or to be looked at later.
   */
  private async resolveInDoubt(r: Reminder, conversation: Conversation | undefined, report: DrainReport): Promise<Reminder | null> {
    const now = this.clock.now();
    const since = Date.parse(r.sendingSince!);
    const settleMs = this.o.inDoubtSettleMs ?? 30_000;
    if (now.getTime() - since < settleMs) return null; // its send may still land; a later drain looks
    // No chat: the send cannot have landed; the normal path records why it is given up.
    if (!conversation) return r;
    if (!this.o.ledger) {
      this.o.logger.warn({ reminder: r.id }, 'dispatcher: a send was in flight at a crash and no delivery ledger is configured; sending again (at least once)');
      report.inDoubtResent++;
      return this.settle(r, () => markRetry(this.o.store, r, now, now, 'in_doubt: resent without a delivery ledger'));
    }
    let answer: Awaited<ReturnType<DeliveryLedger['find']>>;
    try {
      // A minute before the claim: clocks of the instance and of Teams may differ a little.
      answer = await this.o.ledger.find(conversation, r.id, new Date(since - 60_000));
    } catch (err) {
      this.o.logger.warn({ err, reminder: r.id }, 'dispatcher: a send in doubt could not be looked up');
      const decision = decideUnconfirmed(err, r.attempts, this.retry, this.random);
      if (decision.do === 'stop') {
        if (await this.settle(r, () => markUndeliverable(this.o.store, r, now, decision.state, decision.reason))) report.failed++;
      } else if (await this.settle(r, () => markStillInDoubt(this.o.store, r, now, new Date(now.getTime() + decision.delayMs), decision.detail)))
        report.retried++;
      return null;
    }
    if (answer.found) {
      if (await this.settle(r, () => markSent(this.o.store, r, now, answer.activityId))) {
        report.sent++;
        report.inDoubtConfirmed++;
      }
      return null;
    }
    report.inDoubtResent++;
    return this.settle(r, () => markRetry(this.o.store, r, now, now, 'in_doubt: not in the chat after the crash; sending again'));
  }

  /**
   * Sends one reminder whose slot drain() has taken (begin), and gives the slot its answer: counted until
   * the answer came back (end), or not at all when nothing was sent or the receiver refused it (cancel).
   */
  private async deliver(
    r: Reminder,
    conversation: Conversation,
    subjects: ReminderSubjects,
    report: DrainReport,
    requeue: (r: Reminder, at: number) => void,
  ): Promise<void> {
    const key = conversation.conversationId;
    let slotSettled = false;
    const settleSlot = (answeredAt: number | null) => {
      if (slotSettled) return;
      slotSettled = true;
      if (answeredAt === null) {
        this.perConversation.cancel(key);
        this.perTenant.cancel('tenant');
      } else {
        this.perConversation.end(key, answeredAt);
        this.perTenant.end('tenant', answeredAt);
      }
    };
    try {
      await this.deliverInSlot(r, conversation, subjects, report, requeue, settleSlot);
    } finally {
      settleSlot(null);
    }
  }

  private async deliverInSlot(
    r: Reminder,
    conversation: Conversation,
    subjects: ReminderSubjects,
    report: DrainReport,
    requeue: (r: Reminder, at: number) => void,
    settleSlot: (answeredAt: number | null) => void,
  ): Promise<void> {
    const locale = conversation.locale ?? this.o.defaultLocale ?? 'da';
    let card: AdaptiveCard;
    try {
      card = await renderReminder(r, locale, conversation, subjects, { store: this.o.store, links: this.o.links });
    } catch (err) {
      // The agreement is gone, or the reminder does not fit its schema: nothing to say any more (and nothing was sent).
      settleSlot(null);
      await this.settle(r, () =>
        markUndeliverable(
          this.o.store,
          r,
          this.clock.now(),
          'given_up',
          `obsolete: ${err instanceof Error ? err.message : String(err)}`.slice(0, 1_500),
          false,
        ),
      );
      report.givenUp++;
      return;
    }
    let outcome: SendOutcome;
    try {
      outcome = await this.o.sender.send(conversation.reference, withDeliveryMarker(card, r.id), r.key);
    } catch (err) {
      outcome = { ok: false, status: 0, retryAfterMs: null, message: err instanceof Error ? err.message : String(err) };
    }
    const now = this.clock.now();
    // Refused with 429, it was not counted; otherwise (a network error included) it may have arrived until now.
    settleSlot(countedByReceiver(outcome) ? now.getTime() : null);
    const decision = decideDelivery(outcome, r.attempts, this.retry, this.random);
    switch (decision.do) {
      case 'sent':
        // A crash before this write leaves the send in doubt: the next holder finds it in the chat.
        if (await this.settle(r, () => markSent(this.o.store, r, now, decision.activityId))) report.sent++;
        return;
      case 'stop':
        if (await this.settle(r, () => markUndeliverable(this.o.store, r, now, decision.state, decision.reason))) {
          if (decision.state === 'given_up') report.givenUp++;
          else report.failed++;
        }
        return;
      case 'retry': {
        // Refused (its slot is given back above): keep off this conversation until then.
        if (decision.blockConversation) this.perConversation.block(conversation.conversationId, now.getTime() + decision.delayMs);
        const at = new Date(now.getTime() + decision.delayMs);
        const updated = await this.settle(r, () => markRetry(this.o.store, r, now, at, decision.detail));
        if (updated) {
          report.retried++;
          requeue(updated, at.getTime());
        }
      }
    }
  }

  /** Runs in the background: drains whenever reminders are due, polls otherwise. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = (async () => {
      while (!this.stopping) {
        try {
          const report = await this.drain();
          if (report.sent || report.retried || report.givenUp || report.failed) this.o.logger.info({ ...report }, 'dispatcher: reminders delivered');
        } catch (err) {
          this.o.logger.error({ err }, 'dispatcher: drain failed');
        }
        if (this.stopping) break;
        // Real time on purpose: start() is the server's loop; tests drive drain() on their own clock.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    })();
  }

  /** Asks a running dispatcher to look now (after planning wrote new reminders). */
  poke(): void {
    this.wake?.();
  }

  /** Stops after the sends in flight, and gives the lease up so another instance can go on at once. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = null;
    try {
      await this.lease.release();
    } catch (err) {
      this.o.logger.warn({ err }, 'dispatcher: could not release the lease');
    }
  }
}
