// `npm start` several times from one checkout (two terminals, a process manager): a build never
// removes or rewrites what a running or starting instance loads (scripts/build.js). Runs on a
// scratch copy of the checkout's build inputs; the instances share one PostgreSQL database, as N
// instances on one machine do. Needs TEST_DATABASE_URL (and compiles twice: about a minute).
import { cpSync, existsSync, mkdtempSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './factories/sockets';
import { ChildApp, REPO_ROOT } from './support/child-app';
import { createTestDatabase, TEST_ENV, TestDatabase } from './support/test-app';

const enabled = Boolean(process.env.TEST_DATABASE_URL);
const describeStart = enabled ? describe : describe.skip;
if (!enabled) console.warn('start: skipped (needs TEST_DATABASE_URL: instances share a database)');

const CHECKOUT = [
  'src',
  'migrations',
  'scripts',
  'ormconfig.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  'package.json',
  'package-lock.json',
  // The browser clients, which the build hashes and builds with the API.
  'web',
  'clients',
];
const START_TIMEOUT_MS = 240_000;
/** TEST_ENV without its PORT 0: each child gets a port of its own. */
const serverEnv = Object.fromEntries(Object.entries(TEST_ENV).filter(([name]) => name !== 'PORT'));

describeStart('npm start from one checkout', () => {
  let checkout: string;
  let database: TestDatabase;
  const apps: ChildApp[] = [];

  beforeAll(async () => {
    checkout = mkdtempSync(join(tmpdir(), 'sts-checkout-'));
    for (const name of CHECKOUT) {
      cpSync(join(REPO_ROOT, name), join(checkout, name), { recursive: true });
    }
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(checkout, 'node_modules'));
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await database?.drop();
    rmSync(checkout, { recursive: true, force: true });
  });

  const start = (name: string) =>
    ChildApp.start(
      name,
      { ...serverEnv, ...database.env, LOG_LEVEL: 'warn', HOME: process.env.HOME ?? '/tmp' },
      checkout,
      { command: ['npm', 'start'], cwd: checkout, readyTimeoutMs: START_TIMEOUT_MS },
    );

  const ready = async (app: ChildApp) => (await fetch(`${app.url}/health/ready`)).status;

  it(
    'two instances started a second apart both become ready, and a rebuild leaves them running',
    async () => {
      const first = start('first');
      await sleep(1000);
      const second = start('second');
      apps.push(...(await Promise.all([first, second])));
      expect(await Promise.all(apps.map(ready))).toEqual([200, 200]);
      const build = readlinkSync(join(checkout, 'dist'));

      // A source change while both run: the third start builds a new folder beside theirs.
      await appendFile(join(checkout, 'src', 'main.ts'), '\n// changed while running\n');
      apps.push(await start('third'));
      const rebuilt = readlinkSync(join(checkout, 'dist'));
      expect(rebuilt).not.toBe(build);
      expect(existsSync(join(checkout, build, 'src', 'main.js'))).toBe(true);
      expect(await Promise.all(apps.map(ready))).toEqual([200, 200, 200]);
    },
    START_TIMEOUT_MS * 2,
  );
});
