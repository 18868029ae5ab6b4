/**
 * Makes every test fail at its Nth `expect` (JEST_FAIL_AT_EXPECT, default 1), so the rest of its body (the
 * explicit closes at its end included) never runs. Loaded only by tests/teardown/jest.config.js: a run with
 * it shows whether the suite's teardown holds when tests fail, that is whether jest then exits by itself.
 */
const failAt = Number(process.env.JEST_FAIL_AT_EXPECT ?? 1);
const real = expect;
let calls = 0;
beforeEach(() => {
  calls = 0;
});
const failing = ((...args: Parameters<typeof real>) => {
  if (++calls === failAt) {
    // `expect(promise).rejects` would have handled the promise; the failure here must not leave it unhandled.
    const [actual] = args as unknown[];
    if (typeof (actual as PromiseLike<unknown> | undefined)?.then === 'function') (actual as PromiseLike<unknown>).then(undefined, () => undefined);
    throw new Error(`deliberate failure at expect #${failAt} (tests/teardown/fail-at-expect.ts)`);
  }
  return real(...args);
}) as typeof real;
Object.assign(failing, real);
// extend, any, objectContaining, getState … stay reachable through the wrapper.
Object.setPrototypeOf(failing, real);
(globalThis as unknown as { expect: typeof expect }).expect = failing;
