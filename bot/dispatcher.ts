import type { Logger } from 'pino';
import type { Conversation, Locale, Reminder } from '../api/core/model';
import type { TenantStore } from '../api/core/port';
import { ConflictError } from '../api/core/errors';
import { acquireLease, releaseLease } from '../api/core/services/lease';
import { dueReminders, markRetry, markSending, markSendingMany, markSent, markStillInDoubt, markUndeliverable, markUnreachableMany, reminderSubjects, unreachable, UNDELIVERABLE, type ReminderSubjects } from '../api/core/services/outbox';
import { withDeliveryMarker, type AdaptiveCard } from './cards/adaptive-card';
import { reminderCard, type ReminderCardModel } from './cards/reminder-card';
import { approvalCard } from './cards/approval-card';
import { noticeCard } from './cards/notice-card';
import { approvalModel } from './views';
import { makeContext } from '../api/core/context';
import { getApprovalSummary } from '../api/core/services/approvals';
import { agreementLink, type TabLinks } from './deep-link';
import { SlidingWindowLimiter, type RateLimits } from './rate-limiter';
import { t } from '../api/core/i18n';

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
 */

export type Clock = { now(): Date; sleep(ms: number): Promise<void> };
export const systemClock: Clock = { now: () => new Date(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))) };

export type SendOutcome = { ok: true; activityId?: string | null } | { ok: false; status: number; retryAfterMs: number | null; message: string };

/**
 * The proactive path, as a port: the production sender calls CloudAdapter.continueConversationAsync with
 * the stored reference (bot/proactive-sender.ts); tests and the benchmark point it at a local Bot
 * Connector stand-in. `idempotencyKey` is the same for every attempt of one reminder.
 */
export interface ReminderSender {
  send(reference: Record<string, unknown>, card: AdaptiveCard, idempotencyKey: string): Promise<SendOutcome>;
}

/**
 * Where the dispatcher looks, after a crash, for a message whose send was in flight: the chat itself.
 * `find` answers whether a message carrying `marker` (withDeliveryMarker) arrived in the conversation since
 * `since`, and throws when it cannot tell.
 */
export interface DeliveryLedger {
  find(conversation: Conversation, marker: string, since: Date): Promise<{ found: true; activityId: string } | { found: false }>;
}

export type RetryPolicy = { baseMs: number; capMs: number; maxAttempts: number };
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1_000, capMs: 60_000, maxAttempts: 8 };

export type DispatcherOptions = {
  store: TenantStore;
  sender: ReminderSender;
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

const RETRYABLE = new Set([429, 412, 502, 503, 504]);
/** Reminders claimed for sending in one write (see claimAhead). */
const CLAIM_BATCH = 32;
/** Reminders without a recipient given up in one write. */
const UNREACHABLE_BATCH = 500;
const LEASE = 'dispatcher';

/** A binary min-heap of reminders by the time they may be sent. */
class ReadyQueue {
  private readonly items: { at: number; seq: number; r: Reminder }[] = [];
  private seq = 0;
  get size() {
    return this.items.length;
  }
  push(at: number, r: Reminder) {
    this.putBack({ at, seq: this.seq++, r });
  }
  /** Puts a popped entry back in its old place (its time and its turn among equal times). */
  putBack(entry: { at: number; seq: number; r: Reminder }) {
    const a = this.items;
    a.push(entry);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (this.less(a[p]!, a[i]!)) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  peek() {
    return this.items[0];
  }
  reminders() {
    return this.items.map((x) => x.r);
  }
  pop() {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      a[0] = last;
      for (let i = 0; ; ) {
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

export class ReminderDispatcher {
  private readonly clock: Clock;
  private readonly retry: RetryPolicy;
  private readonly leaseTtlMs: number;
  private readonly pollMs: number;
  private readonly maxInFlight: number;
  private readonly random: () => number;
  private readonly perConversation: SlidingWindowLimiter;
  private readonly perTenant: SlidingWindowLimiter;
  private leaseUntil = 0;
  private leaseRenewedAt = 0;
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
  }

  private nowMs() {
    return this.clock.now().getTime();
  }

  /** Takes or renews the lease; false when another instance holds it. */
  async holdLease(): Promise<boolean> {
    const now = this.clock.now();
    const lease = await acquireLease(this.o.store, LEASE, this.o.holder, this.leaseTtlMs, now);
    if (!lease) {
      this.leaseUntil = 0;
      return false;
    }
    this.leaseRenewedAt = now.getTime();
    // Stop a little before the stored expiry: another instance may take over exactly then.
    this.leaseUntil = now.getTime() + this.leaseTtlMs * 0.8;
    return true;
  }

  private async leaseValid(): Promise<boolean> {
    const now = this.nowMs();
    if (now - this.leaseRenewedAt >= this.leaseTtlMs / 3) {
      try {
        return await this.holdLease();
      } catch (err) {
        this.o.logger.warn({ err }, 'dispatcher: could not renew the lease');
      }
    }
    return now < this.leaseUntil;
  }

  private backoffMs(attempts: number): number {
    const ceiling = Math.min(this.retry.capMs, this.retry.baseMs * 2 ** attempts);
    // Equal jitter: at least half the backoff, so retries spread without bunching at zero.
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
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
      if (!(await this.leaseValid())) {
        report.lostLease = true;
        this.o.logger.warn({ holder: this.o.holder }, 'dispatcher: lease lost, stopping');
        break;
      }
      if (!head.r.sendingSince) await this.claimAhead(queue, conversations, now);
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

  /**
   * Writes `sendingSince` (see the class comment) on the reminders at the head of the queue that are ready
   * and whose conversation may send now, up to CLAIM_BATCH of them in one write: one transaction (SQLite)
   * or one $batch (SharePoint) instead of one per send, and done before any of their slots is counted, so
   * each send starts right after it is counted and reaches Teams in the order the limiter planned.
   * Those left waiting stay claimed; after a crash they are looked up like any send in doubt.
   */
  private async claimAhead(queue: ReadyQueue, conversations: Map<string, Conversation>, now: number): Promise<void> {
    const taken: { at: number; seq: number; r: Reminder }[] = [];
    while (queue.size && taken.length < CLAIM_BATCH) {
      const head = queue.peek()!;
      if (head.at > now) break;
      taken.push(queue.pop()!);
    }
    const claimable = taken.filter(({ r }) => {
      const c = conversations.get(r.recipientId);
      return !r.sendingSince && c && this.perConversation.waitMs(c.conversationId, now) === 0;
    });
    const claimed = new Map<string, Reminder>();
    if (claimable.length) {
      try {
        for (const r of await markSendingMany(this.o.store, claimable.map((x) => x.r), this.clock.now())) claimed.set(r.id, r);
      } catch (err) {
        // A conflict in the batch (another holder): each is claimed alone when its turn comes.
        this.o.logger.warn({ err }, 'dispatcher: could not claim a batch of reminders ahead');
      }
    }
    for (const entry of taken) queue.putBack({ ...entry, r: claimed.get(entry.r.id) ?? entry.r });
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
      if (!(await this.leaseValid())) {
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
      this.o.logger.error({ err, reminder: r.id }, err instanceof ConflictError ? 'dispatcher: reminder changed by another holder' : 'dispatcher: could not record the outcome');
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
      const detail = `could not look in the chat: ${err instanceof Error ? err.message : String(err)}`.slice(0, 1_000);
      this.o.logger.warn({ err, reminder: r.id }, 'dispatcher: a send in doubt could not be looked up');
      if (r.attempts + 1 >= this.retry.maxAttempts) {
        if (await this.settle(r, () => markUndeliverable(this.o.store, r, now, 'failed', `${UNDELIVERABLE.unconfirmed}: ${detail}`))) report.failed++;
      } else if (await this.settle(r, () => markStillInDoubt(this.o.store, r, now, new Date(now.getTime() + this.backoffMs(r.attempts)), `in_doubt: ${detail}`))) report.retried++;
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

  /** The agreement's messages: the approval card for the chief, the outcome for the leader. */
  private async lifecycleCard(r: Reminder, locale: Locale, conversation: Conversation): Promise<AdaptiveCard> {
    const item = r.items[0] as { agreementId: string; decision?: string; comment?: string | null; decidedBy?: string };
    const ctx = makeContext(this.o.store, { id: 'bot', tenantId: this.o.store.tenantId, displayName: 'Bot', locale, authMethod: 'bot' });
    const summary = await getApprovalSummary(ctx, item.agreementId);
    const env = { locale, links: this.o.links, inTeams: true };
    if (r.type === 'approval_request')
      return approvalCard(approvalModel(env, summary, { view: 'approver', approverUserIds: conversation.teamsUserId ? [conversation.teamsUserId] : [] }));
    const by = (await this.o.store.get('person', item.decidedBy ?? ''))?.displayName ?? item.decidedBy ?? '';
    const text =
      item.decision === 'approve'
        ? t('decisionApproved', locale, { title: summary.agreement.title, by })
        : t('decisionChangesRequested', locale, { title: summary.agreement.title, by, comment: item.comment ?? '' });
    return noticeCard(env, text, item.decision === 'approve' ? 'attention' : 'warning');
  }

  /**
   * Sends one reminder whose slot drain() has taken (begin), and gives the slot its answer: counted until
   * the answer came back (end), or not at all when nothing was sent or the receiver refused it (cancel).
   */
  private async deliver(r: Reminder, conversation: Conversation, subjects: ReminderSubjects, report: DrainReport, requeue: (r: Reminder, at: number) => void): Promise<void> {
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
      card = r.type === 'approval_request' || r.type === 'decision' ? await this.lifecycleCard(r, locale, conversation) : reminderCard(reminderCardModel(r as Reminder & { type: ReminderCardModel['type'] }, locale, subjects, this.o.links));
    } catch (err) {
      // The agreement is gone or unreadable: nothing to say any more (and nothing was sent).
      settleSlot(null);
      await this.settle(r, () => markUndeliverable(this.o.store, r, this.clock.now(), 'given_up', `obsolete: ${err instanceof Error ? err.message : String(err)}`.slice(0, 1_500), false));
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
    settleSlot(!outcome.ok && outcome.status === 429 ? null : now.getTime());
    if (outcome.ok) {
      // A crash before this write leaves the send in doubt: the next holder finds it in the chat.
      const activityId = outcome.activityId ?? null;
      if (await this.settle(r, () => markSent(this.o.store, r, now, activityId))) report.sent++;
      return;
    }
    const detail = `${outcome.status || 'network'} ${outcome.message}`.slice(0, 1_500);
    if (outcome.status === 403 || outcome.status === 404) {
      const code = outcome.status === 403 ? UNDELIVERABLE.blocked : UNDELIVERABLE.notFound;
      if (await this.settle(r, () => markUndeliverable(this.o.store, r, now, 'given_up', `${code}: ${detail}`))) report.givenUp++;
      return;
    }
    const retryable = RETRYABLE.has(outcome.status) || outcome.status === 0 || outcome.status >= 500;
    if (!retryable || r.attempts + 1 >= this.retry.maxAttempts) {
      const reason = retryable ? `${UNDELIVERABLE.exhausted}: ${detail}` : `http_${outcome.status}: ${detail}`;
      if (await this.settle(r, () => markUndeliverable(this.o.store, r, now, 'failed', reason))) report.failed++;
      return;
    }
    const delay = outcome.retryAfterMs !== null ? outcome.retryAfterMs + Math.round(this.random() * 50) : this.backoffMs(r.attempts);
    // Refused (its slot is given back above): keep off this conversation until then.
    if (outcome.status === 429) this.perConversation.block(conversation.conversationId, now.getTime() + delay);
    const at = new Date(now.getTime() + delay);
    const updated = await this.settle(r, () => markRetry(this.o.store, r, now, at, detail));
    if (updated) {
      report.retried++;
      requeue(updated, at.getTime());
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
      await releaseLease(this.o.store, LEASE, this.o.holder, this.clock.now());
    } catch (err) {
      this.o.logger.warn({ err }, 'dispatcher: could not release the lease');
    }
  }
}

/** From a reminder and what it speaks of to the card's view model. */
export function reminderCardModel(r: Reminder, locale: Locale, s: ReminderSubjects, links: TabLinks): ReminderCardModel {
  const unitName = (id: unknown) => (typeof id === 'string' ? (s.units.get(id)?.name ?? id) : '');
  const tabUrl = `${links.publicUrl.replace(/\/+$/, '')}/tab/`;
  const model: ReminderCardModel = { locale, type: r.type as ReminderCardModel['type'], events: [], measurements: [] };
  for (const item of r.items) {
    if (item.kind === 'wheel') {
      const e = s.events.get(String(item.eventId));
      const title = e ? (e.title[locale] ?? e.title.en ?? e.title.da ?? e.title.sv ?? e.id) : String(item.eventId);
      model.events.push({
        title,
        date: e?.date ?? null,
        month: e?.month ?? Number(String(item.date).slice(5, 7)),
        year: e?.year ?? Number(String(item.date).slice(0, 4)),
        action: e?.action ?? 'none',
        unitName: unitName(item.unitId),
        url: tabUrl,
      });
    } else if (item.kind === 'measurement') {
      const ind = s.indicators.get(String(item.indicatorId));
      model.measurements.push({
        indicatorId: String(item.indicatorId),
        indicatorName: ind?.name ?? String(item.indicatorId),
        unitName: unitName(item.unitId),
        period: String(item.period),
        due: String(item.due),
        state: item.state === 'late' ? 'late' : 'due',
        url: ind?.agreementId ? agreementLink(links, ind.agreementId, { inTeams: true, label: t('openInTab', locale) }) : tabUrl,
      });
    }
  }
  return model;
}
