// The database a bench run works on: a scratch database created on BENCH_DATABASE_URL's server
// (dropped at the end), or else the embedded PGlite served by pglite-socket from this process.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@/database/data-source-options';
import { startEmbeddedPostgres } from '@/database/embedded-postgres';

export interface BenchDatabase {
  kind: 'postgresql' | 'embedded';
  /** What the run measured against, for the report. */
  description: string;
  /** What the API and the baselines connect to. */
  url: string;
  /** The pool size both the API and the baselines use. */
  poolSize: number;
  /** Environment the API needs on this database beyond DATABASE_URL and the pool size. */
  apiEnv: Record<string, string>;
  drop(): Promise<void>;
}

// The app's default pool on a real server (DATABASE_POOL_SIZE); baselines get the same.
const SERVER_POOL = 10;

export async function openDatabase(serverUrl: string | undefined, dataDir: string) {
  return serverUrl === undefined ? openEmbedded(dataDir) : openScratch(serverUrl);
}

async function openScratch(serverUrl: string): Promise<BenchDatabase> {
  const name = `sts_bench_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  let version: string;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const rows = await admin.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    version = rows.rows[0]?.v ?? '?';
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgresql',
    description: `PostgreSQL ${version} on ${url.host}, scratch database ${name}`,
    url: url.toString(),
    poolSize: SERVER_POOL,
    // The API migrates its database at start, as in production.
    apiEnv: {},
    drop: async () => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * PGlite in a worker thread of this process, reachable over pglite-socket by the API and the
 * baselines alike. It multiplexes every connection onto one session, so every pool is 1, as the
 * app itself does on its embedded database. The API sees a database URL, so it would migrate the
 * way it does on a server (holding an advisory lock on one connection while migrating on a
 * second, which a pool of 1 cannot do); the harness migrates it the embedded way instead.
 */
async function openEmbedded(dataDir: string): Promise<BenchDatabase> {
  const embedded = await startEmbeddedPostgres(dataDir, 16);
  const dataSource = new DataSource(dataSourceOptions(embedded.url, 1));
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
  return {
    kind: 'embedded',
    description: 'embedded PGlite (pglite-socket, one session, pools of 1)',
    url: embedded.url,
    poolSize: 1,
    apiEnv: { MIGRATIONS_RUN: 'false' },
    drop: () => embedded.stop(),
  };
}
