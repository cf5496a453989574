// The widget's backend: identified visitors from host-signed tokens, anonymous guests and their
// limit, merging a guest into its visitor, the Origin rule, and whether agents are online.
import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { uploaded } from './factories/attachments';
import { postMessage } from './factories/messages';
import { heartbeat, waitFor } from './factories/routing';
import { connectChat, waitForDisconnect } from './factories/sockets';
import { createTicket, PROBLEM, ProblemBody, TicketBody } from './factories/tickets';
import { bearer, createUser, login, uniqueEmail } from './factories/users';
import {
  clientIp,
  externalId,
  identityToken,
  WIDGET_SECRET,
  widgetSession,
  widgetUser,
} from './factories/widget';
import { startTestApp, TEST_ENV, TestApp } from './support/test-app';

interface MeBody {
  id: string;
  email: string | null;
  full_name: string;
  role: string;
  is_active: boolean;
  is_guest: boolean;
}

const SHOP = 'https://shop.example.test';

describe('Widget', () => {
  let t: TestApp;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      WIDGET_IDENTITY_SECRET: WIDGET_SECRET,
      WIDGET_ANONYMOUS: 'true',
      WIDGET_ORIGINS: SHOP,
      // The guest limit counts per client address: each test sends its own X-Forwarded-For.
      TRUST_PROXY: 'true',
    });
  });

  afterEach(() => {
    while (sockets.length > 0) sockets.pop()?.close();
  });

  afterAll(async () => {
    await t.close();
  });

  const me = async (token: string): Promise<MeBody> =>
    (await request(t.url).get('/api/v1/users/me').set(bearer(token)).expect(200)).body as MeBody;

  const usersWith = (externalIdValue: string) =>
    t.dataSource.query<{ id: string; password_hash: string | null }[]>(
      'SELECT id, password_hash FROM users WHERE external_id = $1',
      [externalIdValue],
    );

  describe('identified visitors', () => {
    it('creates the visitor on first use, then reuses it, taking name and email from each token', async () => {
      const sub = externalId();
      const first = await widgetSession(t, {
        identity_token: identityToken({ sub, email: 'Ann@Shop.test', name: ' Ann Lee ' }),
      }).expect(200);
      expect(first.body).toEqual({
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        token_type: 'bearer',
        expires_in: t.config.jwt.accessTtlSeconds,
      });
      const created = await me((first.body as { access_token: string }).access_token);
      expect(created).toMatchObject({
        email: 'ann@shop.test',
        full_name: 'Ann Lee',
        role: 'user',
        is_active: true,
        is_guest: false,
      });

      const again = await widgetUser(t, {
        identity_token: identityToken({ sub, email: 'ann.lee@shop.test', name: 'Ann Lee-Smith' }),
      });
      expect(await me(again.accessToken)).toMatchObject({
        id: created.id,
        email: 'ann.lee@shop.test',
        full_name: 'Ann Lee-Smith',
      });
      // Claims left out keep what is stored.
      const third = await widgetUser(t, { identity_token: identityToken({ sub }) });
      expect(await me(third.accessToken)).toMatchObject({
        id: created.id,
        email: 'ann.lee@shop.test',
        full_name: 'Ann Lee-Smith',
      });
      expect(await usersWith(sub)).toHaveLength(1);
    });

    it('makes one visitor of several first sessions at once', async () => {
      const sub = externalId();
      const answers = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          widgetSession(t, { identity_token: identityToken({ sub, name: `Racer ${i}` }) }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
      expect(await usersWith(sub)).toHaveLength(1);
    });

    it('gives a visitor a working token pair: refresh rotates it, tickets work', async () => {
      const visitor = await widgetUser(t, { identity_token: identityToken({ sub: externalId() }) });
      const ticket = await createTicket(t, visitor);
      expect(ticket.user_id).toBe(visitor.id);
      const refreshed = await request(t.url)
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: visitor.refreshToken })
        .expect(200);
      await me((refreshed.body as { access_token: string }).access_token);
    });

    it('names a visitor without a name "Visitor <n>" and has no password for it', async () => {
      const sub = externalId();
      const email = uniqueEmail('visitor');
      const visitor = await widgetUser(t, { identity_token: identityToken({ sub, email }) });
      expect((await me(visitor.accessToken)).full_name).toMatch(/^Visitor \d+$/);
      expect(await usersWith(sub)).toEqual([{ id: visitor.id, password_hash: null }]);
      for (const password of ['', 'correct horse battery', 'null']) {
        const refused = await request(t.url)
          .post('/api/v1/auth/login')
          .send({ email, password: password || 'x' })
          .expect(401);
        expect(refused.headers['content-type']).toMatch(PROBLEM);
      }
    });

    it('never links, takes over or blocks the sign-in account that holds the token’s email', async () => {
      const owner = await createUser(t);
      const theirs = await createTicket(t, owner);
      const visitor = await widgetUser(t, {
        identity_token: identityToken({ sub: externalId(), email: owner.email, name: 'Mallory' }),
      });
      expect(visitor.id).not.toBe(owner.id);
      // The visitor carries the address as its host said, and reaches nothing of the account's.
      expect(await me(visitor.accessToken)).toMatchObject({ email: owner.email, is_guest: false });
      await request(t.url)
        .get(`/api/v1/users/tickets/${theirs.id}`)
        .set(bearer(visitor.accessToken))
        .expect(404);
      // The account signs in as before, as itself, with its name untouched.
      const tokens = await login(t.url, owner.email, owner.password);
      expect(await me(tokens.accessToken)).toMatchObject({
        id: owner.id,
        full_name: 'Test user',
        is_guest: false,
      });
      // A visitor's email does not hold the address either: it may still sign up (here: already
      // taken by the account, so 409 for that reason only).
      const free = uniqueEmail('later');
      await widgetUser(t, { identity_token: identityToken({ sub: externalId(), email: free }) });
      await request(t.url)
        .post('/api/v1/auth/signup')
        .send({ email: free, password: 'plain sailing 77', full_name: 'Real Owner' })
        .expect(201);
      await request(t.url)
        .post('/api/v1/auth/signup')
        .send({ email: owner.email, password: 'plain sailing 77', full_name: 'Dup' })
        .expect(409);
    });

    const sub = 'refused-visitor';
    it.each([
      ['another key', identityToken({ sub }, { secret: `${WIDGET_SECRET}-other` }), 'signature'],
      [
        'the API’s own JWT key',
        identityToken({ sub }, { secret: TEST_ENV.JWT_SECRET_KEY }),
        'signature',
      ],
      ['HS512 with the right key', identityToken({ sub }, { algorithm: 'HS512' }), 'HS256'],
      ['expired', identityToken({ sub }, { issuedAgo: 400, lifetimeSeconds: 300 }), 'expired'],
      [
        'a lifetime of 11 minutes',
        identityToken({ sub }, { lifetimeSeconds: 11 * 60 }),
        '10 minutes',
      ],
      ['no iat', identityToken({ sub }, { without: 'iat' }), 'iat and exp'],
      ['no exp', identityToken({ sub }, { without: 'exp' }), 'iat and exp'],
      ['an iat in the future', identityToken({ sub }, { issuedAgo: -3600 }), 'future'],
      ['no sub', identityToken({}), 'sub'],
      ['a sub over 128 characters', identityToken({ sub: 'x'.repeat(129) }), 'sub'],
      ['alg none', unsigned({ sub }), 'HS256'],
    ])('refuses a token with %s: 401, and no visitor', async (_name, token, detail) => {
      const response = await widgetSession(t, { identity_token: token }).expect(401);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect((response.body as ProblemBody).detail).toContain(detail);
      expect(await usersWith(sub)).toEqual([]);
    });

    it('refuses an identity_token that is not a JWT, or null, with 400', async () => {
      for (const identity_token of ['not a jwt', null, 42, '']) {
        await widgetSession(t, { identity_token }).expect(400);
      }
    });

    it('lets no admin make a visitor or a guest staff (422), though they may rename them', async () => {
      const admin = await createUser(t, 'admin');
      const visitor = await widgetUser(t, { identity_token: identityToken({ sub: externalId() }) });
      const guest = await widgetUser(t, {});
      for (const { id } of [visitor, guest]) {
        for (const role of ['csr', 'admin']) {
          await request(t.url)
            .patch(`/api/v1/admin/users/${id}`)
            .set(bearer(admin.accessToken))
            .send({ role })
            .expect(422);
        }
        await request(t.url)
          .patch(`/api/v1/admin/users/${id}`)
          .set(bearer(admin.accessToken))
          .send({ full_name: 'Renamed' })
          .expect(200);
      }
      expect(await me(visitor.accessToken)).toMatchObject({ role: 'user', full_name: 'Renamed' });
    });

    it('refuses a deactivated visitor, and keeps nothing the token said', async () => {
      const sub = externalId();
      const visitor = await widgetUser(t, { identity_token: identityToken({ sub, name: 'Old' }) });
      await t.dataSource.query('UPDATE users SET is_active = false WHERE id = $1', [visitor.id]);
      await widgetSession(t, { identity_token: identityToken({ sub, name: 'New' }) }).expect(401);
      const [row] = await t.dataSource.query<{ full_name: string }[]>(
        'SELECT full_name FROM users WHERE id = $1',
        [visitor.id],
      );
      expect(row?.full_name).toBe('Old');
    });
  });

  describe('anonymous guests', () => {
    it('makes a guest "Visitor <n>" with is_guest true and no email, numbered in order', async () => {
      const first = await widgetUser(t, {});
      const second = await widgetUser(t, {});
      const [a, b] = [await me(first.accessToken), await me(second.accessToken)];
      expect(a).toMatchObject({ email: null, role: 'user', is_active: true, is_guest: true });
      expect(a.full_name).toMatch(/^Visitor \d+$/);
      expect(Number(b.full_name.split(' ')[1])).toBeGreaterThan(Number(a.full_name.split(' ')[1]));
      // A guest opens tickets like any user.
      await createTicket(t, first);
    });

    it('makes at most 10 guests a minute per client address: the 11th is 429 with Retry-After', async () => {
      const ip = clientIp();
      for (let i = 0; i < 10; i++) await widgetSession(t, {}, { ip }).expect(200);
      const refused = await widgetSession(t, {}, { ip }).expect(429);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // Counted per address, and only for guests.
      await widgetSession(t, {}, { ip: clientIp() }).expect(200);
      await widgetSession(
        t,
        { identity_token: identityToken({ sub: externalId() }) },
        { ip },
      ).expect(200);
    });

    it('merges a guest into the visitor it identifies as: tickets, messages, uploads; the guest is closed', async () => {
      const guest = await widgetUser(t, {});
      const ticket = await createTicket(t, guest);
      const message = await postMessage(t, guest, ticket.id, 'written as a guest');
      const upload = await uploaded(t, guest, ticket.id);
      const socket = await connectChat(t.url, { token: guest.accessToken });
      sockets.push(socket);
      const cut = waitForDisconnect(socket);
      const staff = await createUser(t, 'admin');

      const sub = externalId();
      const merged = await widgetSession(
        t,
        { identity_token: identityToken({ sub, name: 'Identified' }) },
        { bearer: guest.accessToken },
      ).expect(200);
      const visitor = (merged.body as { access_token: string }).access_token;
      const visitorId = (await me(visitor)).id;

      const mine = await request(t.url)
        .get('/api/v1/users/tickets')
        .set(bearer(visitor))
        .expect(200);
      expect((mine.body as { items: TicketBody[] }).items.map((item) => item.id)).toEqual([
        ticket.id,
      ]);
      const history = await request(t.url)
        .get(`/api/v1/tickets/${ticket.id}/messages`)
        .set(bearer(visitor))
        .expect(200);
      expect((history.body as { items: { id: string; sender_id: string }[] }).items).toEqual([
        expect.objectContaining({ id: message.id, sender_id: visitorId }),
      ]);
      const [stored] = await t.dataSource.query<{ uploaded_by: string }[]>(
        'SELECT uploaded_by FROM ticket_attachments WHERE id = $1',
        [upload.id],
      );
      expect(stored?.uploaded_by).toBe(visitorId);
      const events = await request(t.url)
        .get(`/api/v1/csr/tickets/${ticket.id}/events`)
        .set(bearer(staff.accessToken))
        .expect(200);
      expect(events.body as { kind: string; actor_id: string | null }[]).toContainEqual(
        expect.objectContaining({ kind: 'created', actor_id: visitorId }),
      );

      // The guest is over: its sockets are cut, its tokens refused, its account inactive.
      await expect(cut).resolves.toBeDefined();
      await request(t.url).get('/api/v1/users/me').set(bearer(guest.accessToken)).expect(401);
      await request(t.url)
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: guest.refreshToken })
        .expect(401);
      const [row] = await t.dataSource.query<{ is_active: boolean; is_guest: boolean }[]>(
        'SELECT is_active, is_guest FROM users WHERE id = $1',
        [guest.id],
      );
      expect(row).toEqual({ is_active: false, is_guest: true });
      // Its token cannot merge again (or into someone else).
      await widgetSession(
        t,
        { identity_token: identityToken({ sub: externalId() }) },
        { bearer: guest.accessToken },
      ).expect(401);
    });

    it('merges a guest once when two identities race for it: the other is 401', async () => {
      const guest = await widgetUser(t, {});
      const ticket = await createTicket(t, guest);
      const [a, b] = [externalId(), externalId()];
      const answers = await Promise.all(
        [a, b].map((sub) =>
          widgetSession(
            t,
            { identity_token: identityToken({ sub }) },
            { bearer: guest.accessToken },
          ),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
      const winner = answers[0]!.status === 200 ? a : b;
      const [owner] = await t.dataSource.query<{ external_id: string }[]>(
        'SELECT u.external_id FROM tickets t JOIN users u ON u.id = t.user_id WHERE t.id = $1',
        [ticket.id],
      );
      expect(owner?.external_id).toBe(winner);
    });

    it('moves nothing when the Bearer token is not a guest’s', async () => {
      const owner = await createUser(t);
      const ticket = await createTicket(t, owner);
      const visitor = await widgetUser(
        t,
        { identity_token: identityToken({ sub: externalId() }) },
        { bearer: owner.accessToken },
      );
      expect(visitor.id).not.toBe(owner.id);
      const [row] = await t.dataSource.query<{ user_id: string }[]>(
        'SELECT user_id FROM tickets WHERE id = $1',
        [ticket.id],
      );
      expect(row?.user_id).toBe(owner.id);
      await me(owner.accessToken);
    });

    it('refuses a bad or expired Bearer token with 401 rather than skip the merge', async () => {
      const guest = await widgetUser(t, {});
      await createTicket(t, guest);
      const body = { identity_token: identityToken({ sub: externalId() }) };
      for (const token of [`${guest.accessToken}x`, guest.refreshToken, 'garbage']) {
        const refused = await widgetSession(t, body, { bearer: token }).expect(401);
        expect(refused.headers['www-authenticate']).toBe('Bearer');
      }
      await request(t.url)
        .post('/api/v1/widget/session')
        .set('authorization', 'Basic abc')
        .send({})
        .expect(401);
      // The guest kept everything.
      expect((await me(guest.accessToken)).is_guest).toBe(true);
    });
  });

  describe('origins (WIDGET_ORIGINS set)', () => {
    const identity = () => ({ identity_token: identityToken({ sub: externalId() }) });

    it('takes a listed origin, the widget page on the API’s own origin, and servers (no Origin)', async () => {
      await widgetSession(t, identity(), { origin: SHOP }).expect(200);
      await widgetSession(t, identity(), { origin: t.url }).expect(200);
      await widgetSession(t, identity()).expect(200);
      await widgetSession(t, {}, { origin: SHOP }).expect(200);
    });

    it('refuses any other origin with 403, identities and guests alike', async () => {
      for (const origin of ['https://evil.test', 'null', 'http://shop.example.test']) {
        const refused = await widgetSession(t, identity(), { origin }).expect(403);
        expect(refused.headers['content-type']).toMatch(PROBLEM);
        await widgetSession(t, {}, { origin }).expect(403);
      }
    });
  });

  describe('GET /widget/status', () => {
    const online = async () =>
      (
        (await request(t.url).get('/api/v1/widget/status').expect(200)).body as {
          agents_online: boolean;
        }
      ).agents_online;

    it('says whether an active CSR is online, by socket or by heartbeat, from the database', async () => {
      expect(await online()).toBe(false);
      const csr = await createUser(t, 'csr');
      // Not connected yet: offline, however available.
      expect(await online()).toBe(false);
      const socket = await connectChat(t.url, { token: csr.accessToken });
      sockets.push(socket);
      await waitFor(online, (value) => value);
      socket.close();
      await waitFor(online, (value) => !value);
      await heartbeat(t, csr, 'away');
      expect(await online()).toBe(false);
      await heartbeat(t, csr, 'online');
      expect(await online()).toBe(true);
      // An admin online is not a CSR; a deactivated CSR is nobody.
      await t.dataSource.query('UPDATE users SET is_active = false WHERE id = $1', [csr.id]);
      expect(await online()).toBe(false);
      const admin = await createUser(t, 'admin');
      await heartbeat(t, admin, 'online');
      expect(await online()).toBe(false);
    });
  });
});

describe('Widget, with nothing configured', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('refuses identities without WIDGET_IDENTITY_SECRET, and guests without WIDGET_ANONYMOUS: 401', async () => {
    const identity = await widgetSession(t, {
      identity_token: identityToken({ sub: externalId() }),
    }).expect(401);
    expect((identity.body as ProblemBody).detail).toContain('not configured');
    expect(identity.headers['content-type']).toMatch(PROBLEM);
    const guest = await widgetSession(t, {}).expect(401);
    expect((guest.body as ProblemBody).detail).toContain('Anonymous widget sessions');
    const count = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM users WHERE external_id IS NOT NULL OR is_guest',
    );
    expect(count[0]?.n).toBe(0);
  });
});

describe('Widget, with WIDGET_ORIGINS empty', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ WIDGET_IDENTITY_SECRET: WIDGET_SECRET, WIDGET_ANONYMOUS: 'true' });
  });

  afterAll(async () => {
    await t.close();
  });

  const identity = () => ({ identity_token: identityToken({ sub: externalId() }) });

  it('lets any site embed an anonymous widget', async () => {
    for (const origin of ['https://anywhere.test', t.url, 'null']) {
      await widgetSession(t, {}, { origin }).expect(200);
    }
  });

  it('takes identities only from servers: any browser Origin, its own included, is 403', async () => {
    await widgetSession(t, identity()).expect(200);
    for (const origin of ['https://anywhere.test', t.url, 'null']) {
      const refused = await widgetSession(t, identity(), { origin }).expect(403);
      expect((refused.body as ProblemBody).detail).toContain('WIDGET_ORIGINS');
    }
  });
});

function unsigned(claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, iat: now, exp: now + 60 })}.`;
}
