// Faults on real servers, against the built app as child processes: the database cut off under
// load (through a TCP proxy inside the test, never by stopping the shared PostgreSQL), one of two
// instances killed with SIGKILL while clients chat through both, and SIGTERM under HTTP load.
// Needs TEST_DATABASE_URL and TEST_REDIS_URL.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { io, Socket } from 'socket.io-client';
import { ack, connectChat, connectError, nextEvent, sleep } from './factories/sockets';
import { bearer, login, uniqueEmail } from './factories/users';
import { buildIfStale, ChildApp, childAppEnv } from './support/child-app';
import { rawRequest } from './support/fuzz';
import { TcpProxy } from './support/tcp-proxy';
import { createTestDatabase, TestDatabase } from './support/test-app';

const databaseUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const enabled = Boolean(databaseUrl && redisUrl);
const describeFaults = enabled ? describe : describe.skip;
if (!enabled) {
  console.warn('faults: skipped (needs TEST_DATABASE_URL and TEST_REDIS_URL: real servers)');
}

const PROBLEM = /application\/problem\+json/;
const prefix = () => `sts-faults-${randomBytes(4).toString('hex')}`;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request on its own connection (no keep-alive), or the network error it ran into. */
async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; agent?: Agent } = {},
): Promise<Answer> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers = {
    ...(options.token === undefined ? {} : bearer(options.token)),
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
  };
  const answer = await rawRequest(base, method, path, headers, body, options.agent ?? false);
  return { status: answer.status, headers: answer.headers, body: answer.text };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** The shared child env plus Redis; routing off, as the suite predates it. */
function childEnv(
  database: TestDatabase,
  dataDir: string,
  admin: { email: string; password: string },
) {
  return {
    ...childAppEnv(database, dataDir, admin),
    REDIS_URL: redisUrl ?? '',
    REDIS_KEY_PREFIX: prefix(),
    // Tickets go to the CSR as they are created, before the CSR's sockets connect.
    ROUTING_REQUIRE_PRESENCE: 'false',
  };
}

async function signupAndLogin(base: string): Promise<{ email: string; accessToken: string }> {
  const email = uniqueEmail('user');
  const signup = await call(base, 'POST', '/api/v1/auth/signup', {
    body: { email, password: 'correct horse battery', full_name: 'Faults' },
  });
  expect(signup.status).toBe(201);
  return { email, ...(await login(base, email, 'correct horse battery')) };
}

describeFaults('Faults', () => {
  let logDir: string;
  const admin = { email: uniqueEmail('admin'), password: 'correct horse battery' };

  beforeAll(async () => {
    // The built app, as production runs it: `node dist/src/main.js`.
    console.log(`faults: ${await buildIfStale()}`);
    logDir = mkdtempSync(join(tmpdir(), 'sts-faults-'));
  });

  describe('database outage', () => {
    let database: TestDatabase;
    let proxy: TcpProxy;
    let app: ChildApp;
    let owner: { accessToken: string };
    let ticket: { id: string };
    const sockets: Socket[] = [];

    beforeAll(async () => {
      database = await createTestDatabase();
      const real = new URL(database.env.DATABASE_URL ?? '');
      proxy = new TcpProxy([{ host: real.hostname, port: Number(real.port || 5432) }]);
      await proxy.listen();
      const proxied = new URL(real);
      proxied.host = `127.0.0.1:${proxy.port}`;
      app = await ChildApp.start(
        'outage',
        { ...childEnv(database, logDir, admin), DATABASE_URL: proxied.toString() },
        logDir,
      );
      owner = await signupAndLogin(app.url);
      const created = await call(app.url, 'POST', '/api/v1/users/tickets', {
        token: owner.accessToken,
        body: { title: 'Outage', description: 'd', category: 'c', type: 't' },
      });
      expect(created.status).toBe(201);
      ticket = JSON.parse(created.body) as { id: string };
    });

    afterAll(async () => {
      for (const socket of sockets) socket.close();
      await app.stop();
      await proxy.close();
      await database.drop();
    });

    it('answers 503 with Retry-After while the database is gone, keeps sockets, and recovers within 10 s', async () => {
      const socket = await connectChat(app.url, {
        token: owner.accessToken,
        query: { ticket_id: ticket.id },
      });
      sockets.push(socket);
      let socketDrops = 0;
      socket.on('disconnect', () => socketDrops++);

      // Load: writers post messages (each with its own client_id) and readers read, throughout.
      const acked = new Map<string, string>();
      const unacked = new Set<string>();
      const statuses = { before: new Map<number, number>(), outage: new Map<number, number>() };
      let phase: 'before' | 'outage' | 'after' = 'before';
      let running = true;
      const problems: string[] = [];
      const count = (status: number) => {
        if (phase === 'after') return;
        const tally = statuses[phase];
        tally.set(status, (tally.get(status) ?? 0) + 1);
      };
      const writer = async (n: number) => {
        for (let i = 0; running; i++) {
          const clientId = `w${n}-${i}`;
          const answer = await call(app.url, 'POST', `/api/v1/tickets/${ticket.id}/messages`, {
            token: owner.accessToken,
            body: { content: `load ${clientId}`, client_id: clientId },
          });
          count(answer.status);
          if (answer.status === 201)
            acked.set(clientId, (JSON.parse(answer.body) as { id: string }).id);
          else unacked.add(clientId);
          if (answer.status >= 500 && answer.status !== 503)
            problems.push(`write ${answer.status}`);
          if (answer.status === 503 && answer.headers['retry-after'] === undefined) {
            problems.push('503 without Retry-After');
          }
          if (answer.status >= 400 && !PROBLEM.test(String(answer.headers['content-type']))) {
            problems.push(`write ${answer.status} without a problem document`);
          }
          await sleep(20);
        }
      };
      const reader = async () => {
        while (running) {
          const answer = await call(app.url, 'GET', `/api/v1/users/tickets/${ticket.id}`, {
            token: owner.accessToken,
          });
          count(answer.status);
          if (answer.status >= 500 && answer.status !== 503) problems.push(`read ${answer.status}`);
          await sleep(20);
        }
      };
      const load = [writer(1), writer(2), reader(), reader()];
      await sleep(500);

      phase = 'outage';
      await proxy.cut();
      const cutAt = Date.now();
      // Readiness turns 503, the process keeps answering, a socket write is refused with 503.
      await waitFor(
        'readiness 503',
        async () => (await call(app.url, 'GET', '/health/ready')).status === 503,
        5_000,
      );
      expect((await call(app.url, 'GET', '/health/live')).status).toBe(200);
      const refused = await ack(socket, 'message', {
        ticket_id: ticket.id,
        content: 'in the dark',
      });
      expect(refused).toMatchObject({ ok: false, error: { status: 503 } });
      // A new connection is refused as unavailable, not as unauthorized, and names no address.
      expect(await connectError(app.url, { token: owner.accessToken })).toBe('Service unavailable');
      await sleep(1_500);
      expect(socket.connected).toBe(true);

      await proxy.restore();
      const restoredAt = Date.now();
      phase = 'after';
      await waitFor(
        'recovery',
        async () =>
          (await call(app.url, 'GET', '/health/ready')).status === 200 &&
          (await ack(socket, 'message', { ticket_id: ticket.id, content: 'back' })).ok,
        10_000,
      );
      const recoveredMs = Date.now() - restoredAt;
      await sleep(300);
      running = false;
      await Promise.all(load);

      // Every client_id that was refused is resent with the same id: stored once at most.
      for (const clientId of unacked) {
        const answer = await call(app.url, 'POST', `/api/v1/tickets/${ticket.id}/messages`, {
          token: owner.accessToken,
          body: { content: `load ${clientId}`, client_id: clientId },
        });
        expect(answer.status).toBe(201);
        acked.set(clientId, (JSON.parse(answer.body) as { id: string }).id);
      }

      const direct = new Client({ connectionString: database.env.DATABASE_URL });
      await direct.connect();
      const { rows } = await direct.query<{ id: string; client_id: string }>(
        `SELECT id, client_id FROM ticket_messages WHERE ticket_id = $1 AND client_id LIKE 'w%'`,
        [ticket.id],
      );
      await direct.end();
      const stored = new Map(rows.map((row) => [row.client_id, row.id]));
      const lost = [...acked].filter(([clientId, id]) => stored.get(clientId) !== id);
      const format = (tally: Map<number, number>) =>
        [...tally].map(([status, n]) => `${status}×${n}`).join(' ');
      console.log(
        `faults (database outage): cut for ${restoredAt - cutAt} ms; recovered ${recoveredMs} ms after restore; ` +
          `before: ${format(statuses.before)}; during: ${format(statuses.outage)}; ` +
          `acked ${acked.size}, stored ${rows.length}, lost ${lost.length}, duplicated ${rows.length - stored.size}; socket drops ${socketDrops}`,
      );
      expect(problems).toEqual([]);
      expect(statuses.outage.get(503) ?? 0).toBeGreaterThan(0);
      expect([...statuses.outage.keys()].filter((s) => s !== 503 && s >= 300)).toEqual([]);
      expect(recoveredMs).toBeLessThan(10_000);
      expect(lost).toEqual([]);
      expect(rows.length).toBe(stored.size);
      expect(socketDrops).toBe(0);
      expect(app.running).toBe(true);
      // The socket still gets the room's messages.
      const live = nextEvent<{ content: string }>(socket, 'message', (m) => m.content === 'after');
      await call(app.url, 'POST', `/api/v1/tickets/${ticket.id}/messages`, {
        token: owner.accessToken,
        body: { content: 'after' },
      });
      await expect(live).resolves.toMatchObject({ content: 'after' });
    });
  });

  describe('instances as processes', () => {
    let database: TestDatabase;
    let a: ChildApp;
    let b: ChildApp;

    beforeAll(async () => {
      database = await createTestDatabase();
      const env = childEnv(database, logDir, admin);
      a = await ChildApp.start('a', { ...env, MIGRATIONS_RUN: 'true' }, logDir);
      b = await ChildApp.start('b', { ...env, MIGRATIONS_RUN: 'false' }, logDir);
    });

    afterAll(async () => {
      await a.stop();
      await b.stop();
      await database.drop();
    });

    it('keeps every acknowledged message exactly once when one of two instances is killed', async () => {
      const proxy = new TcpProxy([
        { host: '127.0.0.1', port: a.port },
        { host: '127.0.0.1', port: b.port },
      ]);
      await proxy.listen();
      const adminTokens = await login(proxy.url, admin.email, admin.password);
      const csrEmail = uniqueEmail('csr');
      const made = await call(proxy.url, 'POST', '/api/v1/admin/users', {
        token: adminTokens.accessToken,
        body: { email: csrEmail, password: 'correct horse battery', full_name: 'C', role: 'csr' },
      });
      expect(made.status).toBe(201);
      const csr = await login(proxy.url, csrEmail, 'correct horse battery');

      // Four tickets, each with its owner and the CSR chatting: eight clients through the proxy.
      interface Chatter {
        name: string;
        token: string;
        ticketId: string;
        socket?: Socket;
        sent: string[];
        acked: Map<string, { id: string; seq: number }>;
        resends: number;
      }
      const chatters: Chatter[] = [];
      for (let i = 0; i < 4; i++) {
        const email = uniqueEmail('owner');
        const signup = await call(proxy.url, 'POST', '/api/v1/auth/signup', {
          body: { email, password: 'correct horse battery', full_name: `Owner ${i}` },
        });
        expect(signup.status).toBe(201);
        const tokens = await login(proxy.url, email, 'correct horse battery');
        const created = await call(proxy.url, 'POST', '/api/v1/users/tickets', {
          token: tokens.accessToken,
          body: { title: `Crash ${i}`, description: 'd', category: 'c', type: 't' },
        });
        const ticketId = (JSON.parse(created.body) as { id: string }).id;
        for (const [name, token] of [
          [`owner${i}`, tokens.accessToken],
          [`csr${i}`, csr.accessToken],
        ] as const) {
          chatters.push({ name, token, ticketId, sent: [], acked: new Map(), resends: 0 });
        }
      }
      for (const chatter of chatters) {
        chatter.socket = io(`${proxy.url}/chat`, {
          transports: ['websocket'],
          forceNew: true,
          auth: { token: chatter.token },
          reconnectionDelay: 100,
          reconnectionDelayMax: 300,
          randomizationFactor: 0,
        });
        await new Promise<void>((resolve) => chatter.socket?.once('connect', () => resolve()));
      }
      const onA = proxy.forwarded.get(a.port) ?? 0;
      const onB = proxy.forwarded.get(b.port) ?? 0;
      expect(Math.min(onA, onB)).toBeGreaterThan(0);

      const PER_CLIENT = 15;
      let reconnects = 0;
      for (const chatter of chatters) chatter.socket?.io.on('reconnect', () => reconnects++);
      const chat = async (chatter: Chatter) => {
        const socket = chatter.socket as Socket;
        for (let i = 0; i < PER_CLIENT; i++) {
          const clientId = `${chatter.name}-${i}`;
          chatter.sent.push(clientId);
          // Resend with the same client_id until acknowledged, waiting out a reconnection.
          for (let attempt = 0; ; attempt++) {
            if (attempt > 0) chatter.resends++;
            if (attempt > 40) throw new Error(`${clientId}: never acknowledged`);
            if (!socket.connected) {
              await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
            }
            const answer = await ack(
              socket,
              'message',
              { ticket_id: chatter.ticketId, content: clientId, client_id: clientId },
              2_000,
            ).catch(() => undefined);
            if (answer?.ok === true) {
              const message = answer.message as { id: string; seq: number };
              chatter.acked.set(clientId, message);
              break;
            }
            await sleep(100);
          }
          await sleep(150);
        }
      };
      const chatting = Promise.all(chatters.map(chat));
      await sleep(1_000);
      a.kill('SIGKILL');
      const killed = await a.exited;
      expect(killed.signal).toBe('SIGKILL');
      await chatting;

      const direct = new Client({ connectionString: database.env.DATABASE_URL });
      await direct.connect();
      const { rows } = await direct.query<{ id: string; client_id: string; ticket_id: string }>(
        'SELECT id, client_id, ticket_id FROM ticket_messages WHERE client_id IS NOT NULL',
      );
      await direct.end();
      const sent = chatters.reduce((n, c) => n + c.sent.length, 0);
      const acked = chatters.reduce((n, c) => n + c.acked.size, 0);
      const byClientId = new Map<string, number>();
      for (const row of rows)
        byClientId.set(row.client_id, (byClientId.get(row.client_id) ?? 0) + 1);
      const duplicated = [...byClientId.values()].reduce((n, k) => n + k - 1, 0);
      const storedIds = new Set(rows.map((row) => row.id));
      const lost = chatters.flatMap((c) =>
        [...c.acked].filter(([, message]) => !storedIds.has(message.id)).map(([id]) => id),
      );
      const resends = chatters.reduce((n, c) => n + c.resends, 0);
      console.log(
        `faults (crash): ${chatters.length} clients over 2 instances (${onA} on A, ${onB} on B), A killed with SIGKILL; ` +
          `sent ${sent}, acked ${acked}, stored ${rows.length}, duplicated ${duplicated}, lost ${lost.length}; ` +
          `${resends} resends, ${reconnects} reconnections`,
      );
      expect(acked).toBe(sent);
      expect(rows.length).toBe(acked);
      expect(duplicated).toBe(0);
      expect(lost).toEqual([]);

      // Every client reads the whole conversation from the survivor, in order, without gaps.
      for (const chatter of chatters) {
        const answer = await call(
          b.url,
          'GET',
          `/api/v1/tickets/${chatter.ticketId}/messages?limit=100`,
          {
            token: chatter.token,
          },
        );
        expect(answer.status).toBe(200);
        const items = (JSON.parse(answer.body) as { items: { seq: number; client_id: string }[] })
          .items;
        expect(items.map((m) => m.seq)).toEqual(items.map((_, i) => i + 1));
        const mine = items.filter((m) => m.client_id.startsWith(`${chatter.name}-`));
        expect(mine.map((m) => m.client_id)).toEqual(chatter.sent);
      }
      for (const chatter of chatters) chatter.socket?.close();
      await proxy.close();
    });

    it('drains on SIGTERM under load: every request answered, sockets told to reconnect, exit 0 within 10 s', async () => {
      const email = uniqueEmail('graceful');
      await call(b.url, 'POST', '/api/v1/auth/signup', {
        body: { email, password: 'correct horse battery', full_name: 'G' },
      });
      const user = await login(b.url, email, 'correct horse battery');
      const sockets = await Promise.all(
        [0, 1, 2].map(() => connectChat(b.url, { token: user.accessToken })),
      );
      const reasons = sockets.map(
        (socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve)),
      );

      // A load balancer's view: it sends requests while the instance reports ready, checking
      // every 50 ms, over keep-alive connections; requests already sent must all be answered.
      const agent = new Agent({ keepAlive: true, maxSockets: 8 });
      let routed = true;
      let signalledAt = 0;
      let notReadyAt = 0;
      const statuses = new Map<number, number>();
      const resets: string[] = [];
      let inFlightAtSignal = 0;
      const balancer = (async () => {
        while (routed) {
          const ready = await call(b.url, 'GET', '/health/ready', { agent }).catch(() => undefined);
          if (ready?.status !== 200) {
            routed = false;
            notReadyAt = Date.now();
          }
          await sleep(50);
        }
      })();
      const worker = async (n: number) => {
        while (routed) {
          const startedBefore = signalledAt === 0;
          // Logins (bcrypt) among quick reads, so that requests are in flight at the signal.
          const attempt =
            n % 2 === 0
              ? call(b.url, 'POST', '/api/v1/auth/login', {
                  body: { email, password: 'correct horse battery' },
                  agent,
                })
              : call(b.url, 'GET', '/api/v1/users/me', { token: user.accessToken, agent });
          try {
            const answer = await attempt;
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            if (startedBefore && signalledAt !== 0) inFlightAtSignal++;
          } catch (error) {
            resets.push((error as NodeJS.ErrnoException).code ?? (error as Error).message);
          }
        }
      };
      const load = Array.from({ length: 6 }, (_, n) => worker(n));
      await sleep(700);
      signalledAt = Date.now();
      b.kill('SIGTERM');
      const exit = await b.exited;
      routed = false;
      await Promise.all([balancer, ...load]);
      agent.destroy();
      const exitMs = exit.at - signalledAt;
      const why = await Promise.all(reasons);
      const answered = [...statuses.values()].reduce((n, k) => n + k, 0);
      console.log(
        `faults (SIGTERM): not ready after ${notReadyAt - signalledAt} ms, exit code ${exit.code} after ${exitMs} ms; ` +
          `requests answered ${answered} (${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}), ` +
          `${inFlightAtSignal} of them in flight at the signal, connection resets ${resets.length}; ` +
          `socket disconnect reasons: ${[...new Set(why)].join(', ')}`,
      );
      expect(exit.code).toBe(0);
      expect(exitMs).toBeLessThan(10_000);
      expect(resets).toEqual([]);
      expect([...statuses.keys()]).toEqual([200]);
      expect(inFlightAtSignal).toBeGreaterThan(0);
      // "transport close": socket.io-client reconnects by itself (unlike "io server disconnect").
      expect(why.every((reason) => reason === 'transport close')).toBe(true);
      for (const socket of sockets) socket.close();
    });
  });
});
