// Webhook delivery on real servers, against the built app as child processes on PostgreSQL: an
// instance killed with SIGKILL while it delivers to a slow receiver loses no event once it is
// back, and two instances delivering the same outbox never make one attempt twice.
// Needs TEST_DATABASE_URL.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { sleep } from './factories/sockets';
import { login, uniqueEmail } from './factories/users';
import { Receiver } from './factories/webhooks';
import { buildIfStale, ChildApp, childAppEnv } from './support/child-app';
import { createTestDatabase, TestDatabase } from './support/test-app';

const enabled = Boolean(process.env.TEST_DATABASE_URL);
const describeFaults = enabled ? describe : describe.skip;
if (!enabled) console.warn('webhooks-faults: skipped (needs TEST_DATABASE_URL: a real server)');

const EVENTS = 200;

async function post(base: string, path: string, token: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 300)
    throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

describeFaults('Webhook faults', () => {
  let logDir: string;
  let database: TestDatabase;
  let receiver: Receiver;
  const admin = { email: uniqueEmail('admin'), password: 'correct horse battery' };
  let env: Record<string, string>;
  const apps: ChildApp[] = [];

  const start = async (name: string) => {
    const app = await ChildApp.start(name, env, logDir);
    apps.push(app);
    return app;
  };

  /** `EVENTS` tickets made through `base`: one ticket.created event each, for the endpoint. */
  async function subscribeAndCreate(base: string, path: string): Promise<string> {
    const { accessToken } = await login(base, admin.email, admin.password);
    await post(base, '/api/v1/admin/webhooks', accessToken, {
      url: receiver.url(path),
      events: ['ticket.created'],
    });
    const ticket = { title: 'Webhook fault', description: 'd', category: 'c', type: 't' };
    for (let i = 0; i < EVENTS; i += 20) {
      await Promise.all(
        Array.from({ length: 20 }, () => post(base, '/api/v1/users/tickets', accessToken, ticket)),
      );
    }
    return accessToken;
  }

  const idsAt = (path: string) =>
    receiver.received.filter((r) => r.path === path).map((r) => String(r.headers['webhook-id']));

  async function deliveryStates(): Promise<{ status: string; attempts: number }[]> {
    const client = new Client({ connectionString: database.env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ status: string; attempts: number }>(
        'SELECT status, attempts FROM webhook_deliveries',
      );
      return rows;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    console.log(`webhooks-faults: ${await buildIfStale()}`);
    logDir = mkdtempSync(join(tmpdir(), 'sts-webhook-faults-'));
    receiver = await Receiver.start();
  });

  beforeEach(async () => {
    database = await createTestDatabase();
    env = {
      ...childAppEnv(database, logDir, admin),
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
      // A short timeout makes a short lease: a dead instance's claims are due again in 9 s.
      WEBHOOK_TIMEOUT_SECONDS: '2',
      WEBHOOK_CONCURRENCY: '8',
    };
  });

  afterEach(async () => {
    while (apps.length > 0) await apps.pop()?.stop();
    await database.drop();
  });

  afterAll(async () => {
    await receiver.close();
  });

  it('loses no event when the delivering instance is killed', async () => {
    receiver.answer = () => ({ status: 200, delayMs: 150 });
    const first = await start('webhook-kill-a');
    await subscribeAndCreate(first.url, '/kill');
    await waitFor('deliveries under way', () => idsAt('/kill').length >= 40, 30_000);
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const beforeRestart = new Set(idsAt('/kill')).size;
    expect(beforeRestart).toBeLessThan(EVENTS);

    await start('webhook-kill-b');
    await waitFor('every event delivered', () => new Set(idsAt('/kill')).size === EVENTS, 90_000);
    await waitFor(
      'every delivery recorded',
      async () => (await deliveryStates()).every((row) => row.status === 'succeeded'),
      30_000,
    );
    const received = idsAt('/kill');
    console.log(
      `webhooks-faults (kill): ${EVENTS} events; ${beforeRestart} distinct before SIGKILL, ` +
        `${new Set(received).size} distinct after restart, ${received.length - EVENTS} sent again`,
    );
    expect(new Set(received).size).toBe(EVENTS);
  }, 180_000);

  it('makes each attempt once with two instances delivering', async () => {
    receiver.answer = () => ({ status: 200, delayMs: 20 });
    const a = await start('webhook-pair-a');
    const b = await start('webhook-pair-b');
    // Events made through both, so both dispatchers are nudged as well as polling.
    const half = EVENTS / 2;
    const { accessToken } = await login(a.url, admin.email, admin.password);
    await post(a.url, '/api/v1/admin/webhooks', accessToken, {
      url: receiver.url('/pair'),
      events: ['ticket.created'],
    });
    const ticket = { title: 'Webhook pair', description: 'd', category: 'c', type: 't' };
    for (let i = 0; i < half; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          post(j % 2 === 0 ? a.url : b.url, '/api/v1/users/tickets', accessToken, ticket),
        ),
      );
    }
    for (let i = 0; i < half; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, () => post(b.url, '/api/v1/users/tickets', accessToken, ticket)),
      );
    }
    await waitFor('every event delivered', () => new Set(idsAt('/pair')).size === EVENTS, 60_000);
    await waitFor(
      'every delivery recorded',
      async () => (await deliveryStates()).every((row) => row.status === 'succeeded'),
      30_000,
    );
    const received = idsAt('/pair');
    const states = await deliveryStates();
    console.log(
      `webhooks-faults (two instances): ${EVENTS} events, ${received.length} requests received`,
    );
    expect(received).toHaveLength(EVENTS);
    expect(states).toHaveLength(EVENTS);
    expect(states.every((row) => row.attempts === 1)).toBe(true);
  }, 180_000);
});
