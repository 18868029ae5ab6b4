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
      else (l.record('c', t), times.push(t));
    }
    for (const w of windows) for (let i = w.limit; i < times.length; i++) expect(times[i]! - times[i - w.limit]!).toBeGreaterThanOrEqual(w.perMs);
    // 200 sends at 60 per 30 s cannot take less than 90 s; the windows together add a little (8 per 2 s).
    expect(times[times.length - 1]).toBeGreaterThanOrEqual(minimumDurationMs(200, windows));
    expect(times[times.length - 1]).toBeLessThanOrEqual(minimumDurationMs(200, windows) * 1.05);
  });

  it('honours a block from Retry-After, forgets idle keys, and reads and scales configured windows', () => {
    const l = new SlidingWindowLimiter([{ limit: 1, perMs: 10 }]);
    l.block('c', 5_000);
    expect(l.waitMs('c', 1_000)).toBe(4_000);
    for (let i = 0; i < 10_000; i++) l.record(`k${i}`, i * 100);
    expect(l.size).toBeLessThan(10);
    expect(parseRateWindows('7/1000, 8/2000')).toEqual([{ limit: 7, perMs: 1_000 }, { limit: 8, perMs: 2_000 }]);
    expect(() => parseRateWindows('7 per second')).toThrow(/count\/milliseconds/);
    expect(scaleRateLimits(TEAMS_RATE_LIMITS, 10).perTenant).toEqual([{ limit: 30, perMs: 100 }]);
  });
});
