import 'reflect-metadata';
import { markBuildInUse } from '@/common/build-marker';
import { AppConfig, ConfigError, loadConfig } from '@/config/config';
import { embeddedConnectionLimit, startEmbeddedPostgresEarly } from '@/database/embedded-postgres';

const SHUTDOWN_GRACE_MS = 10_000;
/** How long a SIGTERM'd instance keeps serving while load balancers see it not ready. */
const SHUTDOWN_DRAIN_MS = 1_000;

function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

async function bootstrap(): Promise<void> {
  markBuildInUse();
  const config = configOrExit();
  // PGlite takes a second or more to start in its thread; started before the app's modules are
  // loaded (the imports below), it is up by the time the database module asks for it. Relative
  // paths: the build rewrites `@/` in static imports only.
  if (config.databaseUrl === undefined) {
    startEmbeddedPostgresEarly(config.dataDir, embeddedConnectionLimit(config.databasePoolSize));
  }
  const [{ Logger }, { createApp }, { HealthService }] = await Promise.all([
    import('@nestjs/common'),
    import('./app.factory'),
    import('./health/health.service'),
  ]);
  const app = await createApp(config);
  const logger = new Logger('Bootstrap');
  if (config.generatedSecretFile !== undefined) {
    logger.warn(
      `JWT_SECRET_KEY is not set: using a generated secret kept in ${config.generatedSecretFile}`,
    );
  }
  // Graceful shutdown: first drain (readiness 503, so a load balancer stops sending; requests
  // still served, each response closing its connection), then stop accepting, let in-flight
  // requests finish, tell sockets to reconnect, close the pool and the embedded database, exit 0.
  // A stuck close is cut off after the grace. Ctrl-C (SIGINT) skips the drain.
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: shutting down`);
    setTimeout(() => {
      logger.error('Shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    app.get(HealthService).draining = true;
    const drained = new Promise((done) =>
      setTimeout(done, signal === 'SIGTERM' ? SHUTDOWN_DRAIN_MS : 0),
    );
    drained
      .then(() => app.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error('Shutdown failed', error instanceof Error ? error.stack : String(error));
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await app.listen({ port: config.port, host: config.host });
  logger.log(`Listening on ${await app.getUrl()}`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `Failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
