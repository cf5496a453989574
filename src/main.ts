import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from '@/app.factory';
import { AppConfig, ConfigError, loadConfig } from '@/config/config';

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
  const config = configOrExit();
  const app = await createApp(config);
  const logger = new Logger('Bootstrap');
  if (config.generatedSecretFile !== undefined) {
    logger.warn(
      `JWT_SECRET_KEY is not set: using a generated secret kept in ${config.generatedSecretFile}`,
    );
  }
  await app.listen({ port: config.port, host: config.host });
  logger.log(`Listening on ${await app.getUrl()}`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `Failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
