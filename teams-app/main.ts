import { startApplication, type RunningApplication } from './application';
import { ConfigError, loadConfig, type Config } from './config';
import { describeFailure } from './store';

/**
 * npm start: reads the configuration, starts the application, and stops it cleanly on SIGINT or SIGTERM.
 * A second signal while stopping does not cut the shutdown short (a process manager, or a shell passing a
 * signal to the whole process group, may well send one); the shutdown has its own time limit.
 */
let config: Config;
try {
  config = loadConfig(process.env);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}

let stopping = false;
function onSignal(app: RunningApplication, signal: NodeJS.Signals): void {
  if (stopping) {
    app.logger.info({ signal }, 'signal received while stopping; still stopping');
    return;
  }
  stopping = true;
  app.logger.info({ signal }, 'signal received');
  app.stop().then(
    () => process.exit(0),
    (err) => {
      app.logger.error({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
}

startApplication(config).then(
  (app) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => onSignal(app, signal));
    // Last: whoever waits for this line may stop the server at once, and is answered by the handlers above.
    app.logger.info({ url: app.url }, `listening on ${app.url} (tab: ${app.url}/tab/, API: ${app.url}/api/openapi.json)`);
  },
  (err) => {
    console.error(`Could not start: ${describeFailure(err)}`);
    process.exit(1);
  },
);
