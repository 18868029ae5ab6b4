/**
 * Sliding-window rate limits as Teams documents them for bots: per conversation 7 per second, 8 per
 * 2 seconds, 60 per 30 seconds and 1,800 per hour; per app per tenant 30–50 per second (we plan for 30).
 * The numbers are configuration; this module is pure (time is passed in) so tests and the benchmark can
 * run it on any clock.
 */

export type RateWindow = { limit: number; perMs: number };
export type RateLimits = { perConversation: readonly RateWindow[]; perTenant: readonly RateWindow[] };

export const TEAMS_RATE_LIMITS: RateLimits = {
  perConversation: [
    { limit: 7, perMs: 1_000 },
    { limit: 8, perMs: 2_000 },
    { limit: 60, perMs: 30_000 },
    { limit: 1_800, perMs: 3_600_000 },
  ],
  perTenant: [{ limit: 30, perMs: 1_000 }],
};

/** "7/1000,8/2000,60/30000,1800/3600000" (count per milliseconds) → windows; throws on anything else. */
export function parseRateWindows(text: string): RateWindow[] {
  const windows = text.split(',').map((part) => {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(part);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new Error(`"${part}" is not count/milliseconds, such as 7/1000`);
    return { limit: Number(m[1]), perMs: Number(m[2]) };
  });
  if (!windows.length) throw new Error('at least one window is needed');
  return windows;
}

export const formatRateWindows = (windows: readonly RateWindow[]) => windows.map((w) => `${w.limit}/${w.perMs}ms`).join(', ');

/** Every window scaled by a factor (the benchmark's compressed time: factor 10 = ten times the rate). */
export function scaleRateLimits(limits: RateLimits, factor: number): RateLimits {
  const scale = (ws: readonly RateWindow[]) => ws.map((w) => ({ limit: w.limit, perMs: Math.max(1, Math.round(w.perMs / factor)) }));
  return { perConversation: scale(limits.perConversation), perTenant: scale(limits.perTenant) };
}

/**
 * A lower bound of the time n sends through one key take under the windows: the last of them cannot start
 * before (ceil(n / limit) - 1) windows have passed, for the tightest window. Exact for a single window
 * (the per-tenant limit); several windows together can need a little more.
 */
export function minimumDurationMs(n: number, windows: readonly RateWindow[]): number {
  return Math.max(0, ...windows.map((w) => (Math.ceil(n / w.limit) - 1) * w.perMs));
}

/**
 * Remembers when each key sent, and says how long to wait before it may send again without breaking any
 * window.
 *
 * The receiver counts a request when it arrives, which is some time after we send it and not always in the
 * same spacing (a first request opens its connection; a loaded machine delays one request and not the
 * next). So a send counts from the moment it leaves until its answer comes back (`begin`, then `end`): while
 * in flight it may arrive at any moment, and once answered it arrived at the latest when the answer came.
 * Measured that way, no delay on the way can make the receiver see more than a window allows. A send the
 * receiver refused without counting it (429), or that never left, is taken back (`cancel`). `marginMs` keeps
 * a little further distance from the boundary.
 */
export class SlidingWindowLimiter {
  /** Per key, when each answered send was answered, ascending. */
  private readonly sent = new Map<string, number[]>();
  /** Per key, sends that left and have no answer yet. */
  private readonly inFlight = new Map<string, number>();
  private readonly blocked = new Map<string, number>();
  private readonly longest: number;
  private records = 0;

  /**
   * `smooth` also spreads sends evenly over the window instead of letting a whole window's worth go at
   * once (a burst reaches the receiver spread out by queueing, and the next burst then meets its tail
   * inside the receiver's window). It is a virtual schedule (the generic cell rate algorithm): each send
   * books the next slot one interval (perMs / limit) later, and a sender that woke late may catch up by a
   * few slots, so timer granularity costs no throughput. The windows stay the hard limit.
   */
  constructor(
    private readonly windows: readonly RateWindow[],
    private readonly marginMs = 0,
    private readonly smooth = false,
  ) {
    this.longest = Math.max(...windows.map((w) => w.perMs));
    this.interval = smooth ? Math.max(...windows.map((w) => (w.perMs + marginMs) / w.limit)) : 0;
  }
  private readonly interval: number;
  private readonly schedule = new Map<string, number>();
  private static readonly CATCH_UP = 4;

  /** Milliseconds until one more send through `key` is allowed (0: now). */
  waitMs(key: string, now: number): number {
    let wait = Math.max(0, (this.blocked.get(key) ?? 0) - now);
    const times = this.sent.get(key) ?? [];
    const flying = this.inFlight.get(key) ?? 0;
    if (this.smooth && this.schedule.has(key)) wait = Math.max(wait, (this.schedule.get(key) ?? 0) - SlidingWindowLimiter.CATCH_UP * this.interval - now);
    for (const w of this.windows) {
      if (times.length + flying < w.limit) continue;
      // Sends in flight are the latest of all: they may arrive now. With a window's worth of them in flight,
      // a whole window from now is the earliest certain time (the caller looks again when one is answered).
      const free = flying >= w.limit ? now + w.perMs + this.marginMs : times[times.length - (w.limit - flying)]! + w.perMs + this.marginMs;
      if (free > now) wait = Math.max(wait, free - now);
    }
    return wait;
  }

  /** A send through `key` leaves at `now`: it counts as arriving any moment until `end` or `cancel`. */
  begin(key: string, now: number): void {
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    if (this.smooth) this.schedule.set(key, Math.max(this.schedule.get(key) ?? 0, now) + this.interval);
  }

  /** Its answer came at `at`: the receiver counted it at the latest then. */
  end(key: string, at: number): void {
    this.land(key);
    this.insert(key, at);
  }

  /** It never left, or the receiver refused it without counting it (a 429): it takes no slot. */
  cancel(key: string): void {
    this.land(key);
    if (this.smooth && this.schedule.has(key)) this.schedule.set(key, this.schedule.get(key)! - this.interval);
  }

  /** A send counted at `at` (begin and end at once). */
  record(key: string, at: number): void {
    this.begin(key, at);
    this.end(key, at);
  }

  private land(key: string): void {
    const n = (this.inFlight.get(key) ?? 0) - 1;
    if (n > 0) this.inFlight.set(key, n);
    else this.inFlight.delete(key);
  }

  private insert(key: string, at: number): void {
    let times = this.sent.get(key);
    if (!times) this.sent.set(key, (times = []));
    // Answers come back in any order: keep the times ascending.
    let i = times.length;
    while (i > 0 && times[i - 1]! > at) i--;
    times.splice(i, 0, at);
    while (times.length && times[0]! <= at - this.longest - this.marginMs) times.shift();
    // Forget idle keys now and then, so ten thousand conversations do not stay in memory for an hour.
    if (++this.records % 10_000 === 0) this.sweep(at);
  }

  /** The receiver said "not before": nothing more through `key` until then. */
  block(key: string, until: number): void {
    this.blocked.set(key, Math.max(until, this.blocked.get(key) ?? 0));
  }

  private sweep(now: number): void {
    for (const [key, times] of this.sent)
      if (!this.inFlight.has(key) && (!times.length || times[times.length - 1]! <= now - this.longest - this.marginMs)) this.sent.delete(key);
    for (const [key, until] of this.blocked) if (until <= now) this.blocked.delete(key);
    for (const [key, at] of this.schedule) if (at <= now) this.schedule.delete(key);
  }

  /** How many keys are remembered (for tests of memory). */
  get size(): number {
    return this.sent.size;
  }
}
