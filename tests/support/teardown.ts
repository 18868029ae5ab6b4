/**
 * What a test opens is closed after it, whether it passed or failed: a test that fails at an `expect` never
 * reaches the `close()` at its end, and a server, child process or timer left open keeps jest from exiting.
 *
 * The helpers that open things (stand-ins, servers, child processes) register their close here when they
 * open them. Opened inside a test (or its beforeEach), it is closed after that test; opened in a beforeAll
 * or at the top of a file, after the file. The close returned is idempotent, so a test may still close
 * early by itself. Outside jest (the benchmarks use the same helpers) nothing is registered.
 */
type Close = () => unknown;

const perTest: Close[] = [];
const perFile: Close[] = [];
let inTest = false;

async function closeAll(list: Close[]): Promise<void> {
  const errors: unknown[] = [];
  // Last opened, first closed: a server before the store it serves.
  for (const close of list.splice(0).reverse()) {
    try {
      await close();
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length) throw new AggregateError(errors, `${errors.length} teardowns failed`);
}

const underJest = typeof beforeEach === 'function' && typeof afterEach === 'function' && typeof afterAll === 'function';
if (underJest) {
  beforeEach(() => {
    inTest = true;
  });
  afterEach(async () => {
    inTest = false;
    await closeAll(perTest);
  });
  afterAll(() => closeAll(perFile));
}

/** Registers `close` to run after the current test (or file); returns it made idempotent. */
export function closeAfter(close: Close): () => Promise<void> {
  let done: Promise<void> | null = null;
  const once = () =>
    (done ??= Promise.resolve()
      .then(close)
      .then(() => undefined));
  if (underJest) (inTest ? perTest : perFile).push(once);
  return once;
}
