// SLA alerts on two instances of one PostgreSQL (and Redis for the sockets): both check passes
// run at once, again and again, and every warning and breach still fires exactly once. Runs when
// TEST_DATABASE_URL and TEST_REDIS_URL are set (as .ci/run does).
import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { FakeClock, putSla } from './factories/sla';
import { collect, connectChat, sentinel } from './factories/sockets';
import { createTicket, TicketBody } from './factories/tickets';
import { createUser, TestUser } from './factories/users';
import { createTestDatabase, startAppOn, TestDatabase } from './support/test-app';
import { SlaCheckJob } from '@/sla/sla-check.job';

const redisUrl = process.env.TEST_REDIS_URL;
const enabled = Boolean(process.env.TEST_DATABASE_URL && redisUrl);
const describeCluster = enabled ? describe : describe.skip;
if (!enabled) console.warn('sla-cluster: skipped (needs TEST_DATABASE_URL and TEST_REDIS_URL)');

const T0 = '2026-12-01T09:00:00.000Z';
const TICKETS = 40;

interface AlertEvent {
  ticket_id: string;
  clock: string;
  run: number;
}

describeCluster('SLA alerts on two instances', () => {
  let database: TestDatabase;
  let a: Awaited<ReturnType<typeof startAppOn>>;
  let b: Awaited<ReturnType<typeof startAppOn>>;
  let admin: TestUser;
  let csr: TestUser;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      REDIS_URL: redisUrl ?? '',
      REDIS_KEY_PREFIX: `sts-test-${randomBytes(4).toString('hex')}`,
      SLA_CHECK_SECONDS: '3600',
    };
    a = await startAppOn(database, env);
    b = await startAppOn(database, { ...env, MIGRATIONS_RUN: 'false' });
    admin = await createUser(a, 'admin');
    csr = await createUser(a, 'csr');
  });

  afterAll(async () => {
    while (sockets.length > 0) sockets.pop()?.close();
    await a.stop();
    await b.stop();
    await database.drop();
  });

  it('fires each warning and breach once, whichever instance takes it', async () => {
    const clocks = [new FakeClock(a, T0), new FakeClock(b, T0)];
    await putSla(a, admin, {
      enabled: true,
      timezone: 'UTC',
      targets: { none: { first_response_minutes: 10, resolution_minutes: 20 } },
    });
    const owner = await createUser(b);
    const tickets: TicketBody[] = [];
    for (let i = 0; i < TICKETS; i++) tickets.push(await createTicket(i % 2 ? a : b, owner));

    // One socket on each instance: each must see every alert once, from whichever instance.
    const onA = await connectChat(a.url, { token: csr.accessToken });
    const onB = await connectChat(b.url, { token: csr.accessToken });
    sockets.push(onA, onB);
    const seen = [onA, onB].map((socket) => ({
      warnings: collect<AlertEvent>(socket, 'sla_warning'),
      breaches: collect<AlertEvent>(socket, 'sla_breached'),
    }));

    for (const minutes of [9, 21]) {
      for (const clock of clocks)
        clock.set(new Date(Date.parse(T0) + minutes * 60_000).toISOString());
      const jobs = [a, b].map((instance) => instance.app.get(SlaCheckJob));
      await Promise.all([...jobs.map((job) => job.check()), ...jobs.map((job) => job.check())]);
      await Promise.all(jobs.map((job) => job.check()));
    }

    const rows = await a.dataSource.query<{ kind: string; n: number }[]>(
      `SELECT kind, count(*)::int AS n FROM sla_alerts GROUP BY kind ORDER BY kind`,
    );
    expect(rows).toEqual([
      { kind: 'breached', n: TICKETS * 2 },
      { kind: 'warning', n: TICKETS * 2 },
    ]);
    const timeline = await a.dataSource.query<{ kind: string; n: number }[]>(
      `SELECT kind, count(*)::int AS n FROM ticket_events WHERE kind LIKE 'sla_%'
        GROUP BY kind ORDER BY kind`,
    );
    expect(timeline).toEqual([
      { kind: 'sla_breached', n: TICKETS * 2 },
      { kind: 'sla_warning', n: TICKETS * 2 },
    ]);

    // A sentinel through each instance: everything sent before it has arrived.
    for (const [index, socket] of [onA, onB].entries()) {
      await sentinel(
        socket,
        'presence',
        () => true,
        () =>
          fetch(`${[a, b][index]!.url}/api/v1/csr/me/presence`, {
            method: 'PUT',
            headers: {
              authorization: `Bearer ${csr.accessToken}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({ availability: 'online' }),
          }),
      );
    }
    for (const { warnings, breaches } of seen) {
      for (const events of [warnings, breaches]) {
        const keys = events.map((event) => `${event.ticket_id}:${event.clock}:${event.run}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys).toHaveLength(TICKETS * 2);
      }
    }
  });
});
