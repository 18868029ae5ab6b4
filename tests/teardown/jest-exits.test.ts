import { runJest } from './run-jest';

/**
 * CI cannot hang: after a failing test, jest exits by itself. Checked on fixtures that fail on purpose in a
 * jest of their own, in band as on a 2-core CI machine: one holding what the suite's tests hold (opened
 * through the same helpers, which register their close in tests/support/teardown.ts), and one that leaks
 * a server, to show the check can tell the difference. `npm run test:teardown` makes every test of the
 * whole suite fail the same way.
 */
const CONFIG = ['--config', 'tests/teardown/fixtures.jest.config.js'];

describe('jest after a failing test', () => {
  it('exits by itself when the test failed with servers, stand-ins and connections open', async () => {
    const run = await runJest([...CONFIG, 'tests/teardown/fixtures/fails-holding-resources.fixture.ts'], { graceMs: 15_000, timeoutMs: 150_000 });
    expect(run.output).toMatch(/Tests:\s+1 failed, 1 total/);
    expect(run.output).toMatch(/a deliberate failure/);
    expect(run.output).not.toMatch(/did not exit/);
    expect({ ranAll: run.ranAll, exitedByItself: run.exitedByItself, code: run.code }).toEqual({ ranAll: true, exitedByItself: true, code: 1 });
  }, 180_000);

  it('is kept from exiting by a server a failed test left open (the check above can fail)', async () => {
    const run = await runJest([...CONFIG, 'tests/teardown/fixtures/leaks-a-server.fixture.ts'], { graceMs: 4_000, timeoutMs: 150_000 });
    expect(run.output).toMatch(/Tests:\s+1 failed, 1 total/);
    expect(run.output).toMatch(/Jest did not exit one second after the test run has completed/);
    expect({ ranAll: run.ranAll, exitedByItself: run.exitedByItself }).toEqual({ ranAll: true, exitedByItself: false });
  }, 180_000);
});
