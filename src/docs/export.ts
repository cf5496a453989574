// `npm run openapi:export`: writes contract/openapi.json and contract/asyncapi.json from the app's
// own decorators (booted on a throwaway embedded database), so API changes are reviewed as diffs.
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp } from '@/app.factory';
import { parseConfig } from '@/config/config';
import { buildContract } from '@/docs/docs';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sts-export-'));
  const app = await createApp(
    parseConfig({
      DATA_DIR: dataDir,
      JWT_SECRET_KEY: 'export-only',
      LOG_LEVEL: 'error',
      MIGRATIONS_RUN: 'false',
    }),
  );
  try {
    const { openapi, asyncapi } = buildContract(app);
    const out = resolve(process.argv[2] ?? 'contract');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'openapi.json'), `${JSON.stringify(openapi, null, 2)}\n`);
    writeFileSync(join(out, 'asyncapi.json'), `${JSON.stringify(asyncapi, null, 2)}\n`);
    process.stdout.write(`Wrote ${join(out, 'openapi.json')} and ${join(out, 'asyncapi.json')}\n`);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
