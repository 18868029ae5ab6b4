import { runJest } from './run-jest';

/**
 * npm run test:teardown [-- jest arguments]: the whole suite with every test failing at its first `expect`
 * (tests/teardown/jest.config.js), in band; passes when jest then exits by itself, that is when every
 * test's teardown ran although its test failed. Prints what held a run open otherwise.
 */
async function main(): Promise<number> {
  const graceMs = 15_000;
  const started = Date.now();
  const run = await runJest(['--config', 'tests/teardown/jest.config.js', ...process.argv.slice(2)], { graceMs, timeoutMs: 40 * 60_000 });
  const summary = /^Tests:.*$/m.exec(run.output)?.[0] ?? '(no summary)';
  const took = `${Math.round((Date.now() - started) / 1000)}s`;
  if (!run.ranAll) {
    process.stdout.write(run.output.slice(-20_000));
    console.error(`test:teardown FAILED after ${took}: jest did not get to the end of the suite (crashed or ran out of time)`);
    return 1;
  }
  if (!run.exitedByItself || /did not exit/.test(run.output)) {
    process.stdout.write(run.output.slice(-20_000));
    console.error(
      `test:teardown FAILED after ${took}: jest did not exit by itself within ${graceMs / 1000}s of its results; run it with --detectOpenHandles to see what is left open`,
    );
    return 1;
  }
  console.log(
    `test:teardown passed in ${took}: every test failed on purpose (${summary.replace(/^Tests:\s*/, '')}), and jest exited by itself ${run.exitAfterMs} ms after its results`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
