// Creates one freshly initialised PGlite data folder per run; each test file copies it, so every
// suite gets a fresh database without paying for initdb again.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  const dir = join(mkdtempSync(join(tmpdir(), 'sts-template-')), 'pgdata');
  const server = await startEmbeddedPostgres(dir, 2);
  await server.stop();
  process.env.TEST_PGLITE_TEMPLATE = dir;
}
