// Runs the TypeORM CLI against the configured database, starting the embedded one if needed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadConfig } from '@/config/config';
import { startEmbeddedPostgres } from '@/database/embedded-postgres';

async function main(): Promise<number> {
  const config = loadConfig();
  const embedded =
    config.databaseUrl === undefined ? await startEmbeddedPostgres(config.dataDir, 4) : undefined;
  try {
    const cli = require.resolve('typeorm/cli.js');
    const ormconfig = join(__dirname, '..', '..', 'ormconfig.js');
    const result = spawnSync(process.execPath, [cli, '-d', ormconfig, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: embedded?.url ?? config.databaseUrl },
    });
    return result.status ?? 1;
  } finally {
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
