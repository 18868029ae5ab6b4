/**
 * The server's one way of doing something now and then: a job run at start and then every `intervalMs`, one run at
 * a time (a run still going when the next is due is waited for, never doubled). The job reports its own errors;
 * one that escapes does not stop the next runs. stop() ends the timer and waits for the run under way. Used by the
 * reminders' planning (reminders.ts) and the key figures (key-figures.ts).
 */
export function periodic(intervalMs: number, job: () => Promise<void>): { stop: () => Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (!stopped) running = running.then(job).catch(() => undefined);
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
