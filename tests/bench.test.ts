import { loadConfig } from '../teams-app/config';
import { benchOptions, formatTable, runBench } from './bench/bench';

describe('npm run bench -- --quick (the benchmark runs end to end)', () => {
  it('imports a generated municipality, loads every view against its fair baseline, and prints and returns the table', async () => {
    const o = { ...benchOptions(['--quick']), units: 8, durationS: 0.3, skip: ['tab'] };
    const r = await runBench(o, () => {});
    expect(r.dataset).toMatchObject({ units: 8, agreements: 8, goals: 80, indicators: 240, measurements: 2_880 });
    expect(r.import).toMatchObject({ ok: true });
    expect(r.server.startMs).toBeGreaterThan(0);
    // The server ran as npm start runs it, with its Node options (the heap limit, HEAP_LIMIT_MB).
    expect(r.server.command).toMatch(/ --max-old-space-size=\d+ --import tsx teams-app\/main\.ts$/);
    expect(r.server.peakUnderLoadBytes).toBeGreaterThan(r.server.rssAfterStartBytes / 2);
    expect(r.cases.map((c) => c.key)).toEqual([
      'agreement-view',
      'overview',
      'tree',
      'my-units',
      'my-work',
      'roll-up',
      'dashboard',
      'dashboard-area',
      'measurement-write',
    ]);
    for (const c of r.cases) {
      // Each view answered, and its baseline answered the very same bytes, many times.
      // (The write corrects a generated value: 200; a first value would be 201.)
      expect({ key: c.key, ok: c.status >= 200 && c.status < 300, baselineStatus: c.baseline.status }).toEqual({
        key: c.key,
        ok: true,
        baselineStatus: c.status,
      });
      expect(c.baseline.wireBytes).toBe(c.wireBytes);
      expect(c.baseline.requests).toBeGreaterThan(0);
      expect(c.baseline.non2xx + c.baseline.errors).toBe(0);
    }
    // The write's durable floor: its baseline plus a commit to disk per request, answered as often.
    const write = r.cases.find((c) => c.key === 'measurement-write')!;
    expect(write.durable).toMatchObject({ status: write.status, non2xx: 0, errors: 0 });
    expect(write.durable!.requests).toBeGreaterThan(0);
    expect(r.cases.filter((c) => c.durable).map((c) => c.key)).toEqual(['measurement-write']);
    expect((r.graph as { views: { label: string; trips: number }[] }).views.find((v) => v.label === 'agreement view')!.trips).toBeGreaterThan(0);
    expect(r.reminders).toMatchObject({ people: 100, duplicates: 0, lost: 0 });
    const table = formatTable(r);
    for (const c of r.cases) expect(table).toContain(`| ${c.label} |`);
    expect(table).toContain('Durable floor of "POST a measurement"');
    expect(table).toMatch(/Goals: \d+ of \d+ met\./);
    // Every missed goal is printed, none hidden.
    expect(table.match(/ {2}MISSED {2}/g)?.length ?? 0).toBe(r.goals.filter((g) => !g.met).length);
    // About 80 s on a quiet machine; 235 s were seen at load average 15 (test:alone at nice 19 beside other work).
  }, 480_000);

  it('refuses the baseline routes in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', BENCH_BASELINE: 'on' })).toThrow(/BENCH_BASELINE/);
  });
});
