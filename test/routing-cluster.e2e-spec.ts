// Routing across instances on one real PostgreSQL: two instances draining at once stay exact,
// and a killed instance's sockets stop counting. Runs when TEST_DATABASE_URL is set (.ci/run).
import request from 'supertest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { TicketBody } from './factories/tickets';
import { agents, AgentBody, setRouting, waitFor } from './factories/routing';
import { connectChat, nextEvent } from './factories/sockets';
import { bearer, createUser, login, TestUser, uniqueEmail } from './factories/users';
import { buildIfStale, ChildApp, childAppEnv } from './support/child-app';
import { createTestDatabase, startAppOn, TestDatabase } from './support/test-app';

const enabled = Boolean(process.env.TEST_DATABASE_URL);
const describePostgres = enabled ? describe : describe.skip;
if (!enabled) console.warn('routing-cluster: skipped (needs TEST_DATABASE_URL: a real PostgreSQL)');

const ROUTING_ENV = {
  ROUTING_REQUIRE_PRESENCE: 'true',
  PRESENCE_TIMEOUT_SECONDS: '3',
  ROUTING_SWEEP_SECONDS: '0.5',
  ROUTING_REQUEUE_AFTER_SECONDS: '0',
};

interface EventRow {
  id: string;
  ticket_id: string;
  kind: string;
  data: { to?: string; from?: string; reason?: string };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describePostgres('Routing on two instances', () => {
  let database: TestDatabase;
  let a: Awaited<ReturnType<typeof startAppOn>>;
  let b: Awaited<ReturnType<typeof startAppOn>>;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await startAppOn(database, ROUTING_ENV);
    b = await startAppOn(database, { ...ROUTING_ENV, MIGRATIONS_RUN: 'false' });
  });

  afterAll(async () => {
    while (sockets.length > 0) sockets.pop()?.close();
    await a.stop();
    await b.stop();
    await database.drop();
  });

  /**
   * Replays the whole timeline in id order: assignments to each agent and their tickets leaving
   * open/in progress. Returns the highest load each agent ever had and how often each ticket
   * was assigned automatically.
   */
  async function replay(): Promise<{
    peak: Map<string, number>;
    assignedTimes: Map<string, number>;
  }> {
    const rows = await a.dataSource.query<EventRow[]>(
      `SELECT id, ticket_id, kind, data FROM ticket_events ORDER BY id`,
    );
    const holder = new Map<string, string>();
    const load = new Map<string, number>();
    const peak = new Map<string, number>();
    const assignedTimes = new Map<string, number>();
    const add = (agent: string, delta: number) => {
      const next = (load.get(agent) ?? 0) + delta;
      load.set(agent, next);
      peak.set(agent, Math.max(peak.get(agent) ?? 0, next));
    };
    for (const row of rows) {
      if (row.kind === 'assigned' && row.data.to !== undefined) {
        const previous = holder.get(row.ticket_id);
        if (previous !== undefined) add(previous, -1);
        holder.set(row.ticket_id, row.data.to);
        add(row.data.to, 1);
        assignedTimes.set(row.ticket_id, (assignedTimes.get(row.ticket_id) ?? 0) + 1);
      } else if (
        row.kind === 'status_changed' &&
        ['resolved', 'closed'].includes(String(row.data.to))
      ) {
        const current = holder.get(row.ticket_id);
        if (current !== undefined) add(current, -1);
        holder.delete(row.ticket_id);
      }
    }
    return { peak, assignedTimes };
  }

  it('splits 100 concurrent tickets over 3 CSRs of capacity 10 exactly, then drains to who resolves', async () => {
    const admin = await createUser(a, 'admin');
    const csrs: TestUser[] = [];
    for (let i = 0; i < 3; i++) csrs.push(await createUser(a, 'csr', { fullName: `CSR ${i}` }));
    for (const csr of csrs) await setRouting(a, admin, csr.id, { max_open_tickets: 10 });
    const owners: TestUser[] = [];
    for (let i = 0; i < 10; i++) owners.push(await createUser(b));
    const urls = [a.url, b.url];

    const creations = Array.from({ length: 100 }, (_, i) =>
      request(urls[i % 2]!)
        .post('/api/v1/users/tickets')
        .set(bearer(owners[i % owners.length]!.accessToken))
        .send({ title: `Load ${i}`, description: 'd', category: 'hardware', type: 'incident' }),
    );
    // The CSRs come online at random moments while the tickets are being created.
    const connections = csrs.map(async (csr, i) => {
      await pause(Math.floor(Math.random() * 400));
      sockets.push(await connectChat(urls[i % 2]!, { token: csr.accessToken }));
    });
    const [responses] = await Promise.all([Promise.all(creations), Promise.all(connections)]);
    expect(responses.map((response) => response.status)).toEqual(Array(100).fill(201));

    const loaded = await waitFor(
      () => agents(b, admin),
      (list) => csrs.every((csr) => list.find((agent) => agent.id === csr.id)?.load === 10),
      30_000,
    );
    expect(csrs.map((csr) => loaded.find((agent: AgentBody) => agent.id === csr.id)?.load)).toEqual(
      [10, 10, 10],
    );
    const queue = async () =>
      (
        await request(a.url)
          .get('/api/v1/csr/tickets?unassigned=true&sort=queue&limit=100')
          .set(bearer(admin.accessToken))
          .expect(200)
      ).body as { items: TicketBody[]; total: number };
    expect((await queue()).total).toBe(70);
    const first = await replay();
    expect([...first.assignedTimes.values()].every((times) => times === 1)).toBe(true);
    expect(first.assignedTimes.size).toBe(30);
    expect(Math.max(...first.peak.values())).toBe(10);

    // Priorities on some queued tickets: the drain must take the highest first.
    const queued = (await queue()).items;
    const priorities = ['low', 'urgent', 'medium', 'high', 'urgent', 'high', 'low', 'medium'];
    await Promise.all(
      priorities.map((priority, i) =>
        request(urls[i % 2]!)
          .patch(`/api/v1/csr/tickets/${queued[i * 7]!.id}`)
          .set(bearer(admin.accessToken))
          .send({ priority })
          .expect(200),
      ),
    );
    const expected = (await queue()).items.slice(0, 5).map((ticket) => ticket.id);

    const [resolver] = csrs as [TestUser];
    const held = (
      await request(a.url)
        .get(`/api/v1/csr/tickets?assignee_id=${resolver.id}&limit=100`)
        .set(bearer(resolver.accessToken))
        .expect(200)
    ).body as { items: TicketBody[] };
    await Promise.all(
      held.items.slice(0, 5).map((ticket, i) =>
        request(urls[i % 2]!)
          .patch(`/api/v1/csr/tickets/${ticket.id}`)
          .set(bearer(resolver.accessToken))
          .send({ status: 'resolved' })
          .expect(200),
      ),
    );
    await waitFor(
      () => queue(),
      (page) => page.total === 65,
      30_000,
    );
    const drained = (
      await request(b.url)
        .get(`/api/v1/csr/tickets?assignee_id=${resolver.id}&status=open&limit=100`)
        .set(bearer(resolver.accessToken))
        .expect(200)
    ).body as { items: TicketBody[] };
    const newlyHeld = drained.items
      .map((ticket) => ticket.id)
      .filter((id) => !held.items.some((ticket) => ticket.id === id));
    expect(newlyHeld.sort()).toEqual([...expected].sort());
    const final = await replay();
    expect([...final.assignedTimes.values()].every((times) => times === 1)).toBe(true);
    expect(final.assignedTimes.size).toBe(35);
    expect(Math.max(...final.peak.values())).toBe(10);
    const loads = await agents(a, admin);
    expect(csrs.map((csr) => loads.find((agent) => agent.id === csr.id)?.load)).toEqual([
      10, 10, 10,
    ]);
  });
});

describePostgres('Routing when an instance is killed', () => {
  let database: TestDatabase;
  let logDir: string;
  let a: ChildApp;
  let b: ChildApp;
  const admin = { email: uniqueEmail('admin'), password: 'correct horse battery' };
  const timeoutSeconds = 3;

  beforeAll(async () => {
    console.log(`routing-cluster: ${await buildIfStale()}`);
    logDir = mkdtempSync(join(tmpdir(), 'sts-routing-'));
    database = await createTestDatabase();
    const env = {
      ...childAppEnv(database, logDir, admin),
      ...ROUTING_ENV,
      PRESENCE_TIMEOUT_SECONDS: String(timeoutSeconds),
    };
    a = await ChildApp.start('a', { ...env, MIGRATIONS_RUN: 'true' }, logDir);
    b = await ChildApp.start('b', { ...env, MIGRATIONS_RUN: 'false' }, logDir);
  }, 300_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await database?.drop();
  });

  it('shows the CSR of a SIGKILLed instance offline on the other within the timeout', async () => {
    const adminTokens = await login(b.url, admin.email, admin.password);
    const csrEmail = uniqueEmail('csr');
    await request(b.url)
      .post('/api/v1/admin/users')
      .set(bearer(adminTokens.accessToken))
      .send({ email: csrEmail, password: 'correct horse battery', full_name: 'C', role: 'csr' })
      .expect(201);
    const csr = await login(a.url, csrEmail, 'correct horse battery');
    const staff = { accessToken: adminTokens.accessToken } as TestUser;
    const me = (
      await request(a.url).get('/api/v1/users/me').set(bearer(csr.accessToken)).expect(200)
    ).body as { id: string };
    const socket = await connectChat(a.url, { token: csr.accessToken });
    const watcher = await connectChat(b.url, { token: adminTokens.accessToken });
    try {
      await waitFor(
        () => agents(b, staff),
        (list) => list.find((agent) => agent.id === me.id)?.presence === 'online',
      );
      const announced = nextEvent<{ user_id: string; presence: string }>(
        watcher,
        'presence',
        (event) => event.user_id === me.id && event.presence === 'offline',
        30_000,
      );
      const killedAt = Date.now();
      a.kill('SIGKILL');
      expect((await a.exited).signal).toBe('SIGKILL');
      await waitFor(
        () => agents(b, staff),
        (list) => list.find((agent) => agent.id === me.id)?.connected === false,
        30_000,
      );
      const offlineAfter = (Date.now() - killedAt) / 1000;
      await announced;
      const announcedAfter = (Date.now() - killedAt) / 1000;
      console.log(
        `routing-cluster (SIGKILL): offline on the other instance after ${offlineAfter.toFixed(1)} s, ` +
          `announced after ${announcedAfter.toFixed(1)} s (timeout ${timeoutSeconds} s)`,
      );
      // Liveness is renewed every third of the timeout: expiry comes within the timeout.
      expect(offlineAfter).toBeLessThanOrEqual(timeoutSeconds + 2);
      expect(announcedAfter).toBeLessThanOrEqual(timeoutSeconds + 3);
    } finally {
      socket.close();
      watcher.close();
    }
  });
});
