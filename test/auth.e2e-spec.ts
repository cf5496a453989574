import request from 'supertest';
import { createHmac } from 'node:crypto';
import { bearer, createUser, login, setActive, uniqueEmail } from './factories/users';
import { startTestApp, TestApp } from './support/test-app';

const PROBLEM = /application\/problem\+json/;

function decode(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function sign(payload: Record<string, unknown>, secret: string, alg = 'HS256'): string {
  const header = Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const algorithm = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha256';
  const signature = createHmac(algorithm, secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}

describe('Auth', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '10' });
  });

  afterAll(async () => {
    await t.close();
  });

  describe('POST /api/v1/auth/signup', () => {
    it('creates a user with role user and never returns a password hash', async () => {
      const email = uniqueEmail();
      const response = await request(t.url)
        .post('/api/v1/auth/signup')
        .send({
          email: `  ${email.toUpperCase()} `,
          password: 'plain sailing 77',
          full_name: 'Ann Lee',
        })
        .expect(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        email,
        full_name: 'Ann Lee',
        role: 'user',
        is_active: true,
        is_guest: false,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      expect(JSON.stringify(response.body)).not.toMatch(/password|hash/i);
    });

    it('answers 409 for an email already registered in another letter case', async () => {
      const email = uniqueEmail();
      await request(t.url)
        .post('/api/v1/auth/signup')
        .send({ email, password: 'plain sailing 77', full_name: 'A' })
        .expect(201);
      const response = await request(t.url)
        .post('/api/v1/auth/signup')
        .send({ email: email.toUpperCase(), password: 'plain sailing 77', full_name: 'B' })
        .expect(409);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ status: 409, detail: 'User already registered' });
    });

    it('gives exactly one 201 when the same email signs up concurrently', async () => {
      const email = uniqueEmail();
      const statuses = await Promise.all(
        Array.from({ length: 5 }, () =>
          request(t.url)
            .post('/api/v1/auth/signup')
            .send({ email, password: 'plain sailing 77', full_name: 'Racer' })
            .then((r) => r.status),
        ),
      );
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(4);
    });

    it.each([
      [{ email: 'not-an-email', password: 'plain sailing 77', full_name: 'A' }, 'email'],
      [{ email: 'a@b.io', password: 'short', full_name: 'A' }, 'password'],
      [{ email: 'a@b.io', password: 'Password123', full_name: 'A' }, 'password'],
      [{ email: 'a@b.io', password: 'qwertyuiop', full_name: 'A' }, 'password'],
      [{ email: 'a@b.io', password: 'é'.repeat(37), full_name: 'A' }, 'password'],
      [{ email: 'a@b.io', password: 'plain sailing 77', full_name: '' }, 'full_name'],
      [{ email: 'a@b.io', password: 'plain sailing 77', full_name: 'x'.repeat(201) }, 'full_name'],
      [{ email: 'a@b.io', password: 'plain sailing 77', full_name: 'A', role: 'admin' }, 'role'],
      [{ email: 'a@b.io', password: 'plain sailing 77' }, 'full_name'],
    ])('rejects %j with 400 naming %s', async (body, field) => {
      const response = await request(t.url).post('/api/v1/auth/signup').send(body).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      const errors = (response.body as { errors: { field: string }[] }).errors;
      expect(errors.map((e) => e.field)).toContain(field);
    });
  });

  describe('POST /api/v1/auth/login', () => {
    it('returns a bearer pair whose claims follow the contract', async () => {
      const user = await createUser(t);
      const response = await request(t.url)
        .post('/api/v1/auth/login')
        .send({ email: user.email.toUpperCase(), password: user.password })
        .expect(200);
      expect(response.body).toEqual({
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        token_type: 'bearer',
        expires_in: 900,
      });
      const body = response.body as { access_token: string; refresh_token: string };
      const access = decode(body.access_token);
      expect(access).toMatchObject({ sub: user.id, role: 'user', type: 'access' });
      expect(access).toEqual(
        expect.objectContaining({
          sid: expect.any(String),
          jti: expect.any(String),
          iat: expect.any(Number),
          exp: expect.any(Number),
        }),
      );
      expect(decode(body.refresh_token)).toMatchObject({
        sub: user.id,
        type: 'refresh',
        sid: access.sid,
      });
    });

    it('answers an unknown email, a wrong password and a deactivated user alike', async () => {
      const user = await createUser(t);
      const inactive = await createUser(t);
      const admin = await createUser(t, 'admin');
      await setActive(t, admin, inactive.id, false);
      const attempts = [
        { email: uniqueEmail(), password: 'whatever123' },
        { email: user.email, password: 'wrong-password' },
        { email: inactive.email, password: inactive.password },
      ];
      for (const body of attempts) {
        const response = await request(t.url).post('/api/v1/auth/login').send(body).expect(401);
        expect(response.body).toMatchObject({ status: 401, detail: 'Invalid credentials' });
        expect(response.headers['content-type']).toMatch(PROBLEM);
      }
    });

    it('locks an email for one client after 10 failures with 429 and Retry-After', async () => {
      const user = await createUser(t);
      for (let i = 0; i < 10; i++) {
        await request(t.url)
          .post('/api/v1/auth/login')
          .send({ email: user.email, password: 'wrong-password' })
          .expect(401);
      }
      const locked = await request(t.url)
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password })
        .expect(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      expect(locked.headers['content-type']).toMatch(PROBLEM);
      // Another account from the same client is unaffected.
      const other = await createUser(t);
      await login(t.url, other.email, other.password);
    });
  });

  describe('access tokens', () => {
    it('lets a valid token read /users/me', async () => {
      const user = await createUser(t);
      const response = await request(t.url)
        .get('/api/v1/users/me')
        .set(bearer(user.accessToken))
        .expect(200);
      expect(response.body).toMatchObject({ id: user.id, email: user.email, role: 'user' });
      expect(JSON.stringify(response.body)).not.toMatch(/password|hash/i);
    });

    it('answers 401 with WWW-Authenticate: Bearer without a token', async () => {
      const response = await request(t.url).get('/api/v1/users/me').expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.headers['content-type']).toMatch(PROBLEM);
    });

    it('rejects a refresh token, alg none, a bad signature, another algorithm and an expired token', async () => {
      const user = await createUser(t);
      const claims = decode(user.accessToken);
      const secret = t.config.jwt.secret;
      const now = Math.floor(Date.now() / 1000);
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
      const forged = [
        user.refreshToken,
        none,
        sign({ ...claims, role: 'admin' }, 'another-secret-key-another-secret-key'),
        sign(claims, secret, 'HS512'),
        sign({ ...claims, iat: now - 3600, exp: now - 60 }, secret),
        sign({ ...claims, type: 'refresh' }, secret),
      ];
      for (const token of forged) {
        const response = await request(t.url)
          .get('/api/v1/users/me')
          .set(bearer(token))
          .expect(401);
        expect(response.headers['www-authenticate']).toBe('Bearer');
      }
      // The same claims signed properly do pass, so the rejections above are about the token.
      await request(t.url)
        .get('/api/v1/users/me')
        .set(bearer(sign(claims, secret)))
        .expect(200);
    });
  });

  describe('POST /api/v1/auth/refresh', () => {
    it('rotates: the new pair works and the presented token is revoked at once', async () => {
      const user = await createUser(t);
      const first = await request(t.url)
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: user.refreshToken })
        .expect(200);
      const pair = first.body as { access_token: string; refresh_token: string };
      expect(pair.refresh_token).not.toBe(user.refreshToken);
      await request(t.url).get('/api/v1/users/me').set(bearer(pair.access_token)).expect(200);

      const reuse = await request(t.url)
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: user.refreshToken })
        .expect(401);
      expect(reuse.body).toMatchObject({ detail: 'Refresh token has been revoked' });
    });

    it('revokes the whole session when a rotated token is presented again', async () => {
      const user = await createUser(t);
      const rotated = await request(t.url)
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: user.refreshToken })
        .expect(200);
      const newest = rotated.body as { access_token: string; refresh_token: string };
      await request(t.url)
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: user.refreshToken })
        .expect(401);
      const after = await request(t.url)
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: newest.refresh_token })
        .expect(401);
      expect(after.body).toMatchObject({ detail: 'Refresh token has been revoked' });
      await request(t.url).get('/api/v1/users/me').set(bearer(newest.access_token)).expect(401);
    });

    it('lets exactly one of two concurrent refreshes with one token succeed', async () => {
      const user = await createUser(t);
      const statuses = await Promise.all(
        [0, 1].map(() =>
          request(t.url)
            .post('/api/v1/auth/refresh')
            .send({ refresh_token: user.refreshToken })
            .then((r) => r.status),
        ),
      );
      expect(statuses.sort()).toEqual([200, 401]);
    });

    it('rejects an access token or garbage as a refresh token', async () => {
      const user = await createUser(t);
      await request(t.url)
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: user.accessToken })
        .expect(401);
      await request(t.url).post('/api/v1/auth/refresh').send({ refresh_token: 'nope' }).expect(400);
      await request(t.url).post('/api/v1/auth/refresh').send({}).expect(400);
    });
  });

  describe('POST /api/v1/auth/logout', () => {
    it('revokes the session and blacklists the access token; a second logout is fine', async () => {
      const user = await createUser(t);
      await request(t.url)
        .post('/api/v1/auth/logout')
        .set(bearer(user.accessToken))
        .send({ refresh_token: user.refreshToken })
        .expect(204);
      await request(t.url).get('/api/v1/users/me').set(bearer(user.accessToken)).expect(401);
      await request(t.url)
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: user.refreshToken })
        .expect(401);
      await request(t.url)
        .post('/api/v1/auth/logout')
        .set(bearer(user.accessToken))
        .send({ refresh_token: user.refreshToken })
        .expect(204);
      // Other sessions of the same user are untouched.
      const again = await login(t.url, user.email, user.password);
      await request(t.url).get('/api/v1/users/me').set(bearer(again.accessToken)).expect(200);
    });

    it('blacklists the access token itself, not only its session', async () => {
      const user = await createUser(t);
      await request(t.url)
        .post('/api/v1/auth/logout')
        .set(bearer(user.accessToken))
        .send({ refresh_token: user.refreshToken })
        .expect(204);
      const rows = await t.dataSource.query<unknown[]>(
        'SELECT jti FROM revoked_tokens WHERE jti = $1',
        [decode(user.accessToken).jti],
      );
      expect(rows).toHaveLength(1);
    });
  });
});
