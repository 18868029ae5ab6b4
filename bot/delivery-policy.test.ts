import { backoffMs, countedByReceiver, decideDelivery, decideUnconfirmed, retryAfterMs, type RetryPolicy } from './delivery-policy';

/**
 * The dispatcher's delivery policy on its own: expectations written from what Teams' Bot Connector answers
 * (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit: 429 with Retry-After; 412,
 * 502, 503 and 504 are transient) and from what the quality office must see (blocked, not found, exhausted).
 */
const POLICY: RetryPolicy = { baseMs: 1_000, capMs: 60_000, maxAttempts: 8 };
const low = () => 0;
const high = () => 0.999_999;
const refused = (status: number, retryAfter: number | null = null) => ({ ok: false as const, status, retryAfterMs: retryAfter, message: `status ${status}` });

describe('backoff', () => {
  it('doubles from the base and stops at the cap, never below half of it (equal jitter)', () => {
    expect([0, 1, 2, 3].map((a) => backoffMs(POLICY, a, low))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([0, 1, 2, 3].map((a) => backoffMs(POLICY, a, high))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffMs(POLICY, 10, low)).toBe(30_000);
    expect(backoffMs(POLICY, 10, high)).toBe(60_000);
    expect(backoffMs(POLICY, 40, high)).toBe(60_000);
  });
});

describe('what to do with the answer to a send', () => {
  it('a delivered message is sent, with the id the connector gave it (or none)', () => {
    expect(decideDelivery({ ok: true, activityId: 'act-1' }, 0, POLICY, low)).toEqual({ do: 'sent', activityId: 'act-1' });
    expect(decideDelivery({ ok: true }, 3, POLICY, low)).toEqual({ do: 'sent', activityId: null });
  });

  it('429 waits for Retry-After plus a little jitter and keeps off the conversation; without Retry-After it backs off', () => {
    expect(decideDelivery(refused(429, 2_000), 0, POLICY, high)).toMatchObject({ do: 'retry', delayMs: 2_050, blockConversation: true });
    expect(decideDelivery(refused(429, 2_000), 0, POLICY, low)).toMatchObject({ do: 'retry', delayMs: 2_000 });
    expect(decideDelivery(refused(429), 2, POLICY, low)).toMatchObject({ do: 'retry', delayMs: 2_000, blockConversation: true });
  });

  it.each([412, 500, 502, 503, 504, 0])('%i is transient: retried after the backoff, without blocking the conversation', (status) => {
    expect(decideDelivery(refused(status), 1, POLICY, low)).toEqual({
      do: 'retry',
      delayMs: 1_000,
      blockConversation: false,
      detail: `${status || 'network'} status ${status}`,
    });
  });

  it('403 (blocked or uninstalled) and 404 (conversation gone) are given up at once, whatever the attempts', () => {
    expect(decideDelivery(refused(403), 0, POLICY, low)).toEqual({ do: 'stop', state: 'given_up', reason: 'blocked_or_uninstalled: 403 status 403' });
    expect(decideDelivery(refused(404), 0, POLICY, low)).toEqual({ do: 'stop', state: 'given_up', reason: 'conversation_not_found: 404 status 404' });
  });

  it('another client error fails at once, naming the status', () => {
    expect(decideDelivery(refused(400), 0, POLICY, low)).toEqual({ do: 'stop', state: 'failed', reason: 'http_400: 400 status 400' });
    expect(decideDelivery(refused(401), 0, POLICY, low)).toMatchObject({ do: 'stop', state: 'failed', reason: expect.stringMatching(/^http_401: /) });
  });

  it('gives up a transient failure when the retry budget is spent: the 8th attempt is the last', () => {
    expect(decideDelivery(refused(503), 6, POLICY, low)).toMatchObject({ do: 'retry' });
    expect(decideDelivery(refused(503), 7, POLICY, low)).toEqual({ do: 'stop', state: 'failed', reason: 'retries_exhausted: 503 status 503' });
    expect(decideDelivery(refused(429, 1_000), 7, POLICY, low)).toMatchObject({ do: 'stop', state: 'failed' });
  });

  it('keeps the recorded detail short', () => {
    const long = { ok: false as const, status: 503, retryAfterMs: null, message: 'x'.repeat(5_000) };
    const d = decideDelivery(long, 0, POLICY, low);
    expect(d.do === 'retry' && d.detail.length).toBe(1_500);
  });

  it('a 429 was not counted by the receiver; anything else (a network error too) may have been', () => {
    expect(countedByReceiver(refused(429))).toBe(false);
    expect(countedByReceiver(refused(503))).toBe(true);
    expect(countedByReceiver(refused(0))).toBe(true);
    expect(countedByReceiver({ ok: true })).toBe(true);
  });
});

describe('a send in doubt the ledger cannot tell about', () => {
  it('is looked up again after the backoff, and marked delivery_unconfirmed when the budget is spent (never sent twice)', () => {
    expect(decideUnconfirmed(new Error('Graph 503'), 0, POLICY, low)).toEqual({
      do: 'look_again',
      delayMs: 500,
      detail: 'in_doubt: could not look in the chat: Graph 503',
    });
    expect(decideUnconfirmed(new Error('Graph 503'), 7, POLICY, low)).toEqual({
      do: 'stop',
      state: 'failed',
      reason: 'delivery_unconfirmed: could not look in the chat: Graph 503',
    });
    expect(decideUnconfirmed('timeout', 1, POLICY, low)).toMatchObject({ do: 'look_again', detail: 'in_doubt: could not look in the chat: timeout' });
  });
});

describe('Retry-After (RFC 9110 §10.2.3: delay-seconds or an HTTP date)', () => {
  it('reads seconds and dates, and nothing else', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3_000);
    expect(retryAfterMs('1.5', now)).toBe(1_500);
    expect(retryAfterMs('Sun, 01 Mar 2026 10:00:07 GMT', now)).toBe(7_000);
    expect(retryAfterMs('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
    expect(retryAfterMs('', now)).toBeNull();
  });
});
