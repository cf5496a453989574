// Boots the real application on a fresh database: a copy of the PGlite template, or a new
// database on TEST_DATABASE_URL's server. Speaks to it over real HTTP on an ephemeral port.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '@/app.factory';
import { AppConfig, parseConfig } from '@/config/config';
import { ContractChecker } from './contract';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  url: string;
  dataSource: DataSource;
  contract: ContractChecker;
  close(): Promise<void>;
}

export interface TestDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh, empty database: its env (DATABASE_URL or DATA_DIR) and how to remove it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `sts_test_${randomBytes(6).toString('hex')}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      env: { DATABASE_URL: url.toString(), DATA_DIR: mkdtempSync(join(tmpdir(), 'sts-pg-')) },
      drop: async () => {
        const client = new Client({ connectionString: serverUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'sts-data-'));
  const template = process.env.TEST_PGLITE_TEMPLATE;
  if (template) cpSync(template, dataDir, { recursive: true });
  return {
    env: { DATA_DIR: dataDir },
    drop: () => {
      rmSync(dataDir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

export const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  JWT_SECRET_KEY: 'test-secret-key-that-is-long-enough-0123456789',
  BCRYPT_ROUNDS: '10',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  HOST: '127.0.0.1',
  // Suites fire many requests from one address; the limiter has its own test.
  RATE_LIMIT_PER_MINUTE: '0',
  PORT: '0',
  // Suites written before routing assign to every active CSR; the routing suites turn it on.
  ROUTING_REQUIRE_PRESENCE: 'false',
};

/** Starts an app instance on an existing database (several instances may share one). */
export async function startAppOn(
  database: TestDatabase,
  env: Record<string, string> = {},
): Promise<Omit<TestApp, 'close'> & { stop(): Promise<void> }> {
  const config = parseConfig({ ...TEST_ENV, ...database.env, ...env });
  const app = await createApp(config);
  const contract = ContractChecker.attach(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    app,
    config,
    url: `http://127.0.0.1:${port}`,
    dataSource: app.get(DataSource),
    contract,
    // Closing also checks that every response the app sent was one its OpenAPI document declares.
    stop: async () => {
      await app.close();
      contract.assertClean();
    },
  };
}

/** A fresh database with one app instance on it. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const instance = await startAppOn(database, env);
  return {
    ...instance,
    close: async () => {
      try {
        await instance.stop();
      } finally {
        await database.drop();
      }
    },
  };
}
