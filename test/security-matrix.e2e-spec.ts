// The access-control matrix (OWASP API Top 10): every route of the served OpenAPI document and
// every socket event, tried by every kind of actor, each cell with its expected answer. Then the
// property-level rules, the routes that need a token, payloads that must never carry secrets, and
// connection-state recovery that must not hand a room back to someone who lost it.
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { MULTIPART, multipartBody, uploaded } from './factories/attachments';
import {
  ack,
  chatClient,
  collect,
  connectChat,
  connectError,
  nextEvent,
  sentinel,
  sleep,
} from './factories/sockets';
import { assignTicket, createTicket, PROBLEM, TicketBody } from './factories/tickets';
import { MessageBody, postMessage } from './factories/messages';
import { postNote } from './factories/notes';
import { bearer, createUser, login, setActive, TestUser } from './factories/users';
import { WIDGET_SECRET } from './factories/widget';
import { startTestApp, TestApp } from './support/test-app';
import {
  ACTOR_NOTES,
  ACTORS,
  ActorName,
  CONNECTED,
  forbiddenFieldCases,
  forbiddenMessageExtras,
  isSignedIn,
  MatrixContext,
  routeRows,
  RouteRow,
  SERVER_EVENT_ROWS,
  SIGNED_IN,
  SOCKET_ROWS,
  SocketRow,
  Cell,
} from './security-matrix.cases';
import {
  decodeClaims,
  keysMatching,
  signToken,
  tamperedToken,
  unsignedToken,
} from './support/tokens';

const FORBIDDEN_KEY = /password|hash|refresh/i;

describe('Access-control matrix', () => {
  let t: TestApp;
  const users = {} as MatrixContext['users'];
  const tokens = {} as Record<ActorName, string | undefined>;
  let ticket: TicketBody;
  let messageId: string;
  let attachmentId: string | undefined;
  const leaks: string[] = [];
  const sockets: Socket[] = [];

  const db = <T>(sql: string, params: unknown[] = []) => t.dataSource.query<T[]>(sql, params);

  function scan(where: string, value: unknown, allowRefreshToken = false): void {
    for (const key of keysMatching(value, FORBIDDEN_KEY)) {
      if (allowRefreshToken && key === '$.refresh_token') continue;
      leaks.push(`${where}: ${key}`);
    }
  }

  /** A ticket of the owner, assigned to assigned_csr. */
  async function freshTicket(): Promise<TicketBody> {
    const created = await createTicket(t, users.owner);
    return assignTicket(t, users.admin, created.id, users.assigned_csr.id);
  }

  const context: MatrixContext = {
    users,
    ticket: () => ticket,
    freshTicket,
    db,
    freshRefreshToken: async () =>
      (await login(t.url, users.login.email, users.login.password)).refreshToken,
    attachment: async () => (attachmentId ??= (await uploaded(t, users.owner, ticket.id)).id),
  };
  const ROUTES = routeRows(context);

  function expectedStatus(row: RouteRow, actor: ActorName): number {
    if (row.publicStatus !== undefined) return row.publicStatus;
    if (actor === 'anonymous' && row.anonymousStatus !== undefined) return row.anonymousStatus;
    if (!isSignedIn(actor)) return 401;
    return row.expect?.[actor] ?? NaN;
  }

  function expectedSocket(row: SocketRow, actor: ActorName): string | null {
    return isSignedIn(actor) ? row.expect[actor] : row.refused;
  }

  beforeAll(async () => {
    // With TEST_REDIS_URL, recovery goes through the Redis Streams adapter as in production.
    const redis = process.env.TEST_REDIS_URL;
    t = await startTestApp({
      LOGIN_MAX_FAILURES: '1000',
      LOGIN_MAX_FAILURES_PER_IP: '100000',
      WIDGET_IDENTITY_SECRET: WIDGET_SECRET,
      ...(redis === undefined
        ? {}
        : { REDIS_URL: redis, REDIS_KEY_PREFIX: `sts-matrix-${randomBytes(4).toString('hex')}` }),
    });
    users.admin = await createUser(t, 'admin');
    users.assigned_csr = await createUser(t, 'csr');
    users.other_csr = await createUser(t, 'csr');
    users.demoted_csr = await createUser(t, 'csr');
    users.owner = await createUser(t);
    users.other_user = await createUser(t);
    users.deactivated = await createUser(t);
    users.login = await createUser(t);
    users.target = await createUser(t);
    const admin = bearer(users.admin.accessToken);
    await request(t.url)
      .patch(`/api/v1/admin/users/${users.demoted_csr.id}`)
      .set(admin)
      .send({ role: 'user' })
      .expect(200);
    await setActive(t, users.admin, users.deactivated.id, false);
    const second = await login(t.url, users.owner.email, users.owner.password);
    await request(t.url)
      .post('/api/v1/auth/logout')
      .set(bearer(second.accessToken))
      .send({ refresh_token: second.refreshToken })
      .expect(204);

    // The forged tokens all speak for the owner, so that accepting one would open the ticket.
    const secret = t.config.jwt.secret;
    const claims = decodeClaims(users.owner.accessToken);
    const now = Math.floor(Date.now() / 1000);
    Object.assign(tokens, {
      anonymous: undefined,
      deactivated: users.deactivated.accessToken,
      logged_out: second.accessToken,
      expired: signToken({ ...claims, iat: now - 3600, exp: now - 60 }, secret),
      refresh_as_access: users.owner.refreshToken,
      alg_none: unsignedToken(claims),
      other_key: signToken(claims, 'another-secret-key-that-is-long-enough-0123456789'),
      hs512: signToken(claims, secret, 'HS512'),
      forged_admin: tamperedToken(users.owner.accessToken, { role: 'admin' }),
      nbf_future: signToken({ ...claims, nbf: now + 3600 }, secret),
    } satisfies Partial<Record<ActorName, string | undefined>>);
    for (const actor of SIGNED_IN) tokens[actor] = users[actor].accessToken;

    ticket = await freshTicket();
    messageId = (await postMessage(t, users.owner, ticket.id, 'the first message')).id;
  });

  afterEach(() => {
    while (sockets.length > 0) sockets.pop()?.close();
  });

  afterAll(async () => {
    await t.close();
  });

  async function send(row: RouteRow, actor: ActorName, cell: Cell): Promise<request.Response> {
    const path = row.path.replace(/\{(\w+)\}/g, (_, name: string) => cell.params?.[name] ?? '');
    const agent = request(t.url);
    let pending =
      row.method === 'GET'
        ? agent.get(path)
        : row.method === 'POST'
          ? agent.post(path)
          : row.method === 'PUT'
            ? agent.put(path)
            : row.method === 'DELETE'
              ? agent.delete(path)
              : agent.patch(path);
    const token = tokens[actor];
    if (token !== undefined) pending = pending.set(bearer(token));
    if (cell.query !== undefined) pending = pending.query(cell.query);
    if (cell.file !== undefined) {
      pending = pending.set('content-type', MULTIPART).send(multipartBody(cell.file));
    }
    const response = await (cell.body === undefined ? pending : pending.send(cell.body));
    const tokenRoute = /\/(auth\/(login|refresh)|widget\/session)$/.test(row.path);
    scan(`${row.method} ${row.path} as ${actor}`, response.body, tokenRoute);
    return response;
  }

  it('covers every operation of the served OpenAPI document', async () => {
    const response = await request(t.url).get('/api/v1/openapi.json').expect(200);
    const document = response.body as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(document.paths)
      .flatMap(([path, item]) =>
        Object.keys(item)
          .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
          .map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(ROUTES.map((row) => `${row.method} ${row.path}`).sort()).toEqual(served);
  });

  it('answers every cell as the matrix says, and every refusal leaves the data unchanged', async () => {
    const failures: string[] = [];
    let cells = 0;
    for (const row of ROUTES) {
      for (const actor of ACTORS) {
        const cell = await row.prepare();
        const response = await send(row, actor, cell);
        const expected = expectedStatus(row, actor);
        cells++;
        const where = `${row.method} ${row.path} as ${actor}`;
        if (response.status !== expected) {
          failures.push(`${where}: ${response.status}, expected ${expected}`);
          continue;
        }
        if (expected >= 400) {
          expect(response.headers['content-type']).toMatch(PROBLEM);
          if (expected === 401) expect(response.headers['www-authenticate']).toBe('Bearer');
        }
        await row.verify?.(actor, response, cell);
      }
    }
    console.log(
      `security matrix (HTTP): ${ROUTES.length} operations × ${ACTORS.length} actors = ${cells} cells checked`,
    );
    expect(failures).toEqual([]);
  });

  it('answers every socket cell as the matrix says', async () => {
    const failures: string[] = [];
    let cells = 0;
    for (const actor of ACTORS) {
      const token = tokens[actor];
      const outcome = async (row: SocketRow): Promise<string> => {
        if (row.name === 'handshake') return connectError(t.url, { token });
        if (row.name === 'handshake with ?ticket_id') {
          return connectError(t.url, { token, query: { ticket_id: ticket.id } });
        }
        throw new Error(row.name);
      };
      for (const row of SOCKET_ROWS.slice(0, 2)) {
        cells++;
        const seen = await outcome(row);
        const expected = expectedSocket(row, actor);
        if (seen !== (expected === CONNECTED ? 'connected' : expected)) {
          failures.push(`${row.name} as ${actor}: ${seen}, expected ${expected}`);
        }
      }
      if (!isSignedIn(actor)) continue;
      const socket = await connectChat(t.url, { token });
      sockets.push(socket);
      socket.onAny((event: string, ...args: unknown[]) =>
        scan(`socket ${event} to ${actor}`, args),
      );
      const payloads: Record<string, unknown> = {
        join: { ticket_id: ticket.id },
        leave: { ticket_id: ticket.id },
        message: { ticket_id: ticket.id, content: `socket matrix ${actor}` },
        typing: { ticket_id: ticket.id, is_typing: true },
        read: { ticket_id: ticket.id, message_id: messageId },
        note: { ticket_id: ticket.id, content: `socket matrix note ${actor}` },
      };
      for (const row of SOCKET_ROWS.slice(2)) {
        cells++;
        const answer = await ack(socket, row.name, payloads[row.name]);
        scan(`ack ${row.name} to ${actor}`, answer);
        const seen = answer.ok ? 'ok' : String(answer.error?.status);
        if (seen !== row.expect[actor]) {
          failures.push(`${row.name} as ${actor}: ${seen}, expected ${row.expect[actor]}`);
        }
      }
      const stored = await t.dataSource.query<unknown[]>(
        'SELECT 1 FROM ticket_messages WHERE content = $1',
        [`socket matrix ${actor}`],
      );
      expect(stored).toHaveLength(row('message').expect[actor] === 'ok' ? 1 : 0);
      const notes = await t.dataSource.query<unknown[]>(
        'SELECT 1 FROM ticket_notes WHERE content = $1',
        [`socket matrix note ${actor}`],
      );
      expect(notes).toHaveLength(row('note').expect[actor] === 'ok' ? 1 : 0);
    }
    console.log(
      `security matrix (socket): ${SOCKET_ROWS.length} handshakes and events × ${ACTORS.length} actors = ${cells} cells checked`,
    );
    expect(failures).toEqual([]);
  });

  it('delivers each server-initiated event only to the actors the matrix names', async () => {
    const failures: string[] = [];
    for (const row of SERVER_EVENT_ROWS) {
      const connected = await Promise.all(
        SIGNED_IN.map(async (actor) => {
          const socket = await connectChat(t.url, { token: users[actor].accessToken });
          sockets.push(socket);
          return { actor, socket, seen: collect<{ ticket_id: string }>(socket, row.name) };
        }),
      );
      const shared = await freshTicket();
      await request(t.url)
        .patch(`/api/v1/csr/tickets/${shared.id}`)
        .set(bearer(users.admin.accessToken))
        .send(row.cause)
        .expect(200);
      for (const { actor, socket, seen } of connected) {
        // The sentinel: the same event about a ticket of the actor's own comes after it.
        const own = await createTicket(t, users[actor]);
        await sentinel<{ ticket_id: string }>(
          socket,
          row.name,
          (body) => body.ticket_id === own.id,
          () =>
            request(t.url)
              .patch(`/api/v1/csr/tickets/${own.id}`)
              .set(bearer(users.admin.accessToken))
              .send(row.cause)
              .expect(200),
        );
        const got = seen.some((body) => body.ticket_id === shared.id);
        if (got !== row.receives[actor]) {
          failures.push(`${row.name} to ${actor}: ${got ? 'received' : 'not received'}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('keeps the published matrix in test/security-matrix.md in step with the test', () => {
    const file = join(__dirname, 'security-matrix.md');
    const rendered = renderMarkdown();
    if (process.env.UPDATE_SECURITY_MATRIX === '1') writeFileSync(file, rendered);
    expect(readFileSync(file, 'utf8')).toBe(rendered);
  });

  function row(name: string): SocketRow {
    const found = SOCKET_ROWS.find((candidate) => candidate.name === name);
    if (found === undefined) throw new Error(name);
    return found;
  }

  function renderMarkdown(): string {
    const header = `| Route or event | ${ACTORS.join(' | ')} |`;
    const rule = `|${' --- |'.repeat(ACTORS.length + 1)}`;
    const http = ROUTES.map(
      (route) =>
        `| \`${route.method} ${route.path}\` | ${ACTORS.map((actor) => expectedStatus(route, actor)).join(' | ')} |`,
    );
    const socket = SOCKET_ROWS.map(
      (event) =>
        `| socket \`${event.name}\` | ${ACTORS.map((actor) => expectedSocket(event, actor) ?? '—').join(' | ')} |`,
    );
    const cells = (ROUTES.length + SOCKET_ROWS.length) * ACTORS.length;
    return [
      '# Access-control matrix',
      '',
      'Generated from the tables in `test/security-matrix.cases.ts` and checked by',
      '`test/security-matrix.e2e-spec.ts` (run it with `UPDATE_SECURITY_MATRIX=1` after changing a',
      'table). Every cell is one request or one',
      `socket action; ${ROUTES.length} operations and ${SOCKET_ROWS.length} socket actions × ${ACTORS.length} actors = ${cells} cells.`,
      '',
      'HTTP cells are status codes. Socket cells are the handshake outcome (`connect` or the',
      '`connect_error` message) or the acknowledgement (`ok` or the error status); `—` means the actor',
      'never gets a connection to send it on. Every refusal is also checked to leave the data as it',
      'was (no ticket closed, reassigned or reprioritised, no message, note or user stored).',
      '',
      header,
      rule,
      ...http,
      ...socket,
      '',
      '## Actors',
      '',
      ...ACTORS.map((actor) => `- \`${actor}\`: ${ACTOR_NOTES[actor]}`),
      '',
    ].join('\n');
  }

  describe('property level', () => {
    it('lets no body field set role, owner, status, priority or assignee where the route does not allow it', async () => {
      const target = await createUser(t);
      const fixed = await freshTicket();
      const cases = forbiddenFieldCases(context, target, fixed);
      const failures: string[] = [];
      for (const testCase of cases) {
        const before = await testCase.state();
        const path = testCase.path;
        const response = await request(t.url)
          [testCase.method](path)
          .set(bearer(users[testCase.as].accessToken))
          .send(testCase.body);
        scan(testCase.name, response.body);
        if (response.status !== testCase.status) {
          failures.push(`${testCase.name}: ${response.status}, expected ${testCase.status}`);
        }
        expect(await testCase.state()).toEqual(before);
      }
      console.log(`security matrix (properties): ${cases.length} forbidden-field cases checked`);
      expect(failures).toEqual([]);
    });

    it('refuses the same fields on socket events', async () => {
      const socket = await connectChat(t.url, { token: users.owner.accessToken });
      sockets.push(socket);
      const before = await db('SELECT id FROM ticket_messages WHERE ticket_id = $1', [ticket.id]);
      for (const extra of forbiddenMessageExtras(users, messageId)) {
        const answer = await ack(socket, 'message', {
          ticket_id: ticket.id,
          content: 'with extras',
          ...extra,
        });
        expect(answer).toMatchObject({ ok: false, error: { status: 400 } });
      }
      expect(await ack(socket, 'join', { ticket_id: ticket.id, role: 'admin' })).toMatchObject({
        ok: false,
        error: { status: 400 },
      });
      expect(await db('SELECT id FROM ticket_messages WHERE ticket_id = $1', [ticket.id])).toEqual(
        before,
      );
    });
  });

  it('answers 401 on every route the document does not declare public, when called without a token', async () => {
    const response = await request(t.url).get('/api/v1/openapi.json').expect(200);
    const document = response.body as {
      paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>>;
    };
    const publicRoutes: string[] = [];
    let checked = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const security = operation.security ?? [];
        const optional = security.length === 0 || security.some((s) => Object.keys(s).length === 0);
        if (optional) {
          publicRoutes.push(`${method.toUpperCase()} ${path}`);
          continue;
        }
        const url = path.replace(/\{\w+\}/g, ticket.id);
        const pending = request(t.url)[method as 'get' | 'post' | 'patch'](url);
        const answer = await (method === 'get' ? pending : pending.send({}));
        expect([`${method} ${path}`, answer.status]).toEqual([`${method} ${path}`, 401]);
        expect(answer.headers['www-authenticate']).toBe('Bearer');
        checked++;
      }
    }
    expect(publicRoutes.sort()).toEqual([
      'GET /api/v1/widget/status',
      'GET /health/live',
      'GET /health/ready',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/logout',
      'POST /api/v1/auth/refresh',
      'POST /api/v1/auth/signup',
      'POST /api/v1/widget/session',
    ]);
    console.log(`security matrix: ${checked} protected routes refuse a missing token`);
  });

  it('honours a correctly signed token with the same claims, so the forged ones fail for what was changed', async () => {
    const claims = decodeClaims(users.owner.accessToken);
    await request(t.url)
      .get(`/api/v1/users/tickets/${ticket.id}`)
      .set(bearer(signToken(claims, t.config.jwt.secret)))
      .expect(200);
  });

  it('stops a demoted CSR at the CSR routes at once, with the token issued before', async () => {
    const csr = await createUser(t, 'csr');
    await request(t.url).get('/api/v1/csr/tickets').set(bearer(csr.accessToken)).expect(200);
    await request(t.url)
      .patch(`/api/v1/admin/users/${csr.id}`)
      .set(bearer(users.admin.accessToken))
      .send({ role: 'user' })
      .expect(200);
    await request(t.url).get('/api/v1/csr/tickets').set(bearer(csr.accessToken)).expect(403);
    expect(
      await ack(await connectChat(t.url, { token: csr.accessToken }), 'join', {
        ticket_id: ticket.id,
      }),
    ).toMatchObject({ ok: false, error: { status: 404 } });
  });

  describe('connection-state recovery', () => {
    /** A socket that reconnects by itself later, and records every event that reaches it. */
    function recoverable(user: TestUser) {
      const socket = chatClient(t.url, { token: user.accessToken });
      sockets.push(socket);
      const wire: string[] = [];
      // Packets as they arrive, before socket.io-client decides whether to deliver them.
      socket.io.on('packet', (packet: { type: number; data?: unknown }) => {
        wire.push(JSON.stringify(packet.data ?? null));
      });
      return { socket, wire };
    }

    const connectedOnce = (socket: Socket) =>
      new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });

    /** Drops the transport as a network failure would: the server keeps the session. */
    async function dropTransport(socket: Socket): Promise<void> {
      const gone = new Promise((resolve) => socket.once('disconnect', resolve));
      socket.io.engine.close();
      await gone;
      // Time for the server to see the close and keep the session (in Redis, with the adapter).
      await sleep(250);
    }

    const post = (user: TestUser, ticketId: string, content: string) =>
      postMessage(t, user, ticketId, content);

    /** Posts and waits until `socket` has it, so that the client holds an offset to recover from. */
    async function postSeenBy(socket: Socket, user: TestUser, ticketId: string, content: string) {
      const seen = nextEvent<MessageBody>(socket, 'message', (m) => m.content === content);
      await post(user, ticketId, content);
      await seen;
    }

    it('gives a participant the room and the messages it missed back (the control case)', async () => {
      const own = await freshTicket();
      const { socket, wire } = recoverable(users.owner);
      await connectedOnce(socket);
      expect((await ack(socket, 'join', { ticket_id: own.id })).ok).toBe(true);
      await postSeenBy(socket, users.assigned_csr, own.id, 'before the drop');
      await dropTransport(socket);
      await post(users.assigned_csr, own.id, 'missed while away');
      const delivered = nextEvent<{ content: string }>(socket, 'message');
      socket.connect();
      await connectedOnce(socket);
      expect(socket.recovered).toBe(true);
      await expect(delivered).resolves.toMatchObject({ content: 'missed while away' });
      expect(wire.some((packet) => packet.includes('missed while away'))).toBe(true);
      const live = new Promise((resolve) => socket.once('message', resolve));
      await post(users.assigned_csr, own.id, 'after the return');
      await expect(live).resolves.toMatchObject({ content: 'after the return' });
    });

    it('gives the owner a csat_requested missed while away (it went to their own user room)', async () => {
      const joined = await freshTicket();
      const other = await freshTicket();
      const { socket } = recoverable(users.owner);
      await connectedOnce(socket);
      expect((await ack(socket, 'join', { ticket_id: joined.id })).ok).toBe(true);
      await postSeenBy(socket, users.assigned_csr, joined.id, 'before the resolution');
      await dropTransport(socket);
      await request(t.url)
        .patch(`/api/v1/csr/tickets/${other.id}`)
        .set(bearer(users.admin.accessToken))
        .send({ status: 'resolved' })
        .expect(200);
      const delivered = nextEvent<{ ticket_id: string }>(socket, 'csat_requested');
      socket.connect();
      await connectedOnce(socket);
      expect(socket.recovered).toBe(true);
      await expect(delivered).resolves.toEqual({ ticket_id: other.id });
    });

    it('does not give a reassigned CSR the room, or what was said after the reassignment, back', async () => {
      const own = await freshTicket();
      const { socket, wire } = recoverable(users.assigned_csr);
      await connectedOnce(socket);
      expect((await ack(socket, 'join', { ticket_id: own.id })).ok).toBe(true);
      await postSeenBy(socket, users.owner, own.id, 'before the drop');
      await dropTransport(socket);
      await assignTicket(t, users.admin, own.id, users.other_csr.id);
      await post(users.owner, own.id, 'secret for the new CSR');
      socket.connect();
      await connectedOnce(socket);
      expect(socket.recovered).toBe(true);
      await post(users.owner, own.id, 'also for the new CSR');
      // The sentinel: this ack reaches the socket after anything the server sent it before.
      expect(await ack(socket, 'join', { ticket_id: own.id })).toMatchObject({
        ok: false,
        error: { status: 404 },
      });
      expect(wire.filter((packet) => packet.includes('for the new CSR'))).toEqual([]);
    });

    it('gives a staff socket the notes and mentions it missed back, and the owner none', async () => {
      const own = await freshTicket();
      const staff = recoverable(users.assigned_csr);
      const owner = recoverable(users.owner);
      const mentioned = recoverable(users.other_csr);
      for (const { socket } of [staff, owner, mentioned]) await connectedOnce(socket);
      for (const { socket } of [staff, owner]) {
        expect((await ack(socket, 'join', { ticket_id: own.id })).ok).toBe(true);
      }
      for (const { socket } of [staff, owner]) {
        await postSeenBy(socket, users.admin, own.id, `before the drop ${socket.id}`);
      }
      // The mentioned CSR needs an offset too: a first mention, seen.
      const first = nextEvent(mentioned.socket, 'mention');
      await postNote(t, users.admin, own.id, { content: 'hello', mentions: [users.other_csr.id] });
      await first;
      for (const { socket } of [staff, owner, mentioned]) await dropTransport(socket);
      await postNote(t, users.admin, own.id, {
        content: 'note missed while away',
        mentions: [users.other_csr.id],
      });
      const notes = [
        nextEvent<{ content: string }>(staff.socket, 'note'),
        nextEvent<{ note: { content: string } }>(mentioned.socket, 'mention'),
      ];
      for (const { socket } of [staff, owner, mentioned]) {
        socket.connect();
        await connectedOnce(socket);
        expect(socket.recovered).toBe(true);
      }
      await expect(notes[0]).resolves.toMatchObject({ content: 'note missed while away' });
      await expect(notes[1]).resolves.toMatchObject({
        note: { content: 'note missed while away' },
      });
      // The sentinel: this ack reaches the owner after anything the server sent it before.
      expect((await ack(owner.socket, 'join', { ticket_id: own.id })).ok).toBe(true);
      expect(owner.wire.filter((packet) => packet.includes('note missed'))).toEqual([]);
    });

    it('does not give a CSR reassigned away the notes written after the reassignment', async () => {
      const own = await freshTicket();
      const { socket, wire } = recoverable(users.assigned_csr);
      await connectedOnce(socket);
      expect((await ack(socket, 'join', { ticket_id: own.id })).ok).toBe(true);
      await postSeenBy(socket, users.owner, own.id, 'before the drop');
      await dropTransport(socket);
      await assignTicket(t, users.admin, own.id, users.other_csr.id);
      await postNote(t, users.admin, own.id, 'staff secret for the new CSR');
      socket.connect();
      await connectedOnce(socket);
      expect(socket.recovered).toBe(true);
      expect(await ack(socket, 'join', { ticket_id: own.id })).toMatchObject({
        ok: false,
        error: { status: 404 },
      });
      expect(wire.filter((packet) => packet.includes('staff secret'))).toEqual([]);
    });

    it('does not let a user deactivated while away recover the connection, or receive what was missed', async () => {
      const user = await createUser(t);
      const own = await createTicket(t, user);
      const { socket, wire } = recoverable(user);
      await connectedOnce(socket);
      expect((await ack(socket, 'join', { ticket_id: own.id })).ok).toBe(true);
      await postSeenBy(socket, users.admin, own.id, 'before the drop');
      await dropTransport(socket);
      await setActive(t, users.admin, user.id, false);
      await post(users.admin, own.id, 'secret after deactivation');
      socket.connect();
      // The refusal is the last packet for this socket: recovered packets only follow a CONNECT.
      await expect(connectedOnce(socket)).rejects.toThrow('Unauthorized');
      expect(wire.filter((packet) => packet.includes('secret after deactivation'))).toEqual([]);
    });
  });

  it('sends no key matching password, hash or refresh anywhere, except the token routes’ refresh_token', () => {
    expect(leaks).toEqual([]);
  });
});
