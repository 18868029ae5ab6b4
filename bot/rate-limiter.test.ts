import { minimumDurationMs, parseRateWindows, scaleRateLimits, SlidingWindowLimiter, TEAMS_RATE_LIMITS } from './rate-limiter';

describe('the sliding-window rate limiter', () => {
  it('lets 7 through in a second, then waits; 8 per 2 seconds holds as well', () => {
    const l = new SlidingWindowLimiter(TEAMS_RATE_LIMITS.perConversation);
    for (let i = 0; i < 7; i++) {
      expect(l.waitMs('c', 0)).toBe(0);
      l.record('c', 0);
    }
    expect(l.waitMs('c', 0)).toBe(1_000);
    expect(l.waitMs('other', 0)).toBe(0);
    l.record('c', 1_000);
    // 8 sent within 2 seconds: the 9th must wait until the first leaves the 2-second window.
    expect(l.waitMs('c', 1_000)).toBe(1_000);
  });

  it('never lets a simulated sender break any window, sending as fast as it is allowed', () => {
    const windows = TEAMS_RATE_LIMITS.perConversation;
    const l = new SlidingWindowLimiter(windows);
    const times: number[] = [];
    let t = 0;
    while (times.length < 200) {
      const w = l.waitMs('c', t);
      if (w > 0) t += w;
      else {
        l.record('c', t);
        times.push(t);
      }
    }
    for (const w of windows) for (let i = w.limit; i < times.length; i++) expect(times[i]! - times[i - w.limit]!).toBeGreaterThanOrEqual(w.perMs);
    // 200 sends at 60 per 30 s cannot take less than 90 s; the windows together add a little (8 per 2 s).
    expect(times[times.length - 1]).toBeGreaterThanOrEqual(minimumDurationMs(200, windows));
    expect(times[times.length - 1]).toBeLessThanOrEqual(minimumDurationMs(200, windows) * 1.05);
  });

  it('counts a send from when it leaves until its answer, so no delay on the way lets the receiver see too many', () => {
    const l = new SlidingWindowLimiter([{ limit: 2, perMs: 1_000 }]);
    l.begin('c', 0);
    l.begin('c', 0);
    // Both in flight: either may arrive now, so a third waits a whole window from now (and is asked again on an answer).
    expect(l.waitMs('c', 10)).toBe(1_000);
    // The first answer takes 300 ms (it opened the connection): the receiver may have counted it as late as that.
    l.end('c', 300);
    l.end('c', 20);
    expect(l.waitMs('c', 500)).toBe(520);
    expect(l.waitMs('c', 1_020)).toBe(0);
    // Before the answers it had one slot free once one of them was answered early; a refusal (429) takes none.
    l.begin('c', 1_020);
    l.cancel('c');
    expect(l.waitMs('c', 1_020)).toBe(0);
    // A receiver that counts arrivals never sees 3 in a second, however the answers are delayed.
    const limiter = new SlidingWindowLimiter([{ limit: 3, perMs: 1_000 }]);
    const arrivals: number[] = [];
    const flying: { arrives: number; answered: number }[] = [];
    let t = 0;
    for (let sent = 0; sent < 40;) {
      for (const f of flying.filter((x) => x.answered <= t)) {
        limiter.end('c', f.answered);
        flying.splice(flying.indexOf(f), 1);
      }
      if (limiter.waitMs('c', t) === 0) {
        // Delays on the way from 0 to 400 ms, the answer 0–50 ms after the arrival.
        const arrives = t + ((sent * 7919) % 401);
        flying.push({ arrives, answered: arrives + ((sent * 31) % 51) });
        arrivals.push(arrives);
        limiter.begin('c', t);
        sent++;
      } else t += 1;
    }
    arrivals.sort((a, b) => a - b);
    for (let i = 3; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 3]!).toBeGreaterThanOrEqual(1_000);
  });

  it('honours a block from Retry-After, forgets idle keys, and reads and scales configured windows', () => {
    const l = new SlidingWindowLimiter([{ limit: 1, perMs: 10 }]);
    l.block('c', 5_000);
    expect(l.waitMs('c', 1_000)).toBe(4_000);
    for (let i = 0; i < 10_000; i++) l.record(`k${i}`, i * 100);
    expect(l.size).toBeLessThan(10);
    expect(parseRateWindows('7/1000, 8/2000')).toEqual([
      { limit: 7, perMs: 1_000 },
      { limit: 8, perMs: 2_000 },
    ]);
    expect(() => parseRateWindows('7 per second')).toThrow(/count\/milliseconds/);
    expect(scaleRateLimits(TEAMS_RATE_LIMITS, 10).perTenant).toEqual([{ limit: 30, perMs: 100 }]);
  });
});
