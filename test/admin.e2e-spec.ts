import request from 'supertest';
import { bearer, createUser, login, TestUser, uniqueEmail } from './factories/users';
import { startTestApp, TestApp } from './support/test-app';

describe('Admin users', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'admin');
  });

  afterAll(async () => {
    await t.close();
  });

  it('creates a CSR that can then log in with its role', async () => {
    const email = uniqueEmail('csr');
    const response = await request(t.url)
      .post('/api/v1/admin/users')
      .set(bearer(admin.accessToken))
      .send({ email, password: 'plain sailing 77', full_name: 'Cara', role: 'csr' })
      .expect(201);
    expect(response.body).toMatchObject({ email, role: 'csr', is_active: true, full_name: 'Cara' });
    expect(JSON.stringify(response.body)).not.toMatch(/password|hash/i);
    const tokens = await login(t.url, email, 'plain sailing 77');
    const me = await request(t.url)
      .get('/api/v1/users/me')
      .set(bearer(tokens.accessToken))
      .expect(200);
    expect(me.body).toMatchObject({ role: 'csr' });
  });

  it('answers 409 for an existing email and 400 for an unknown role', async () => {
    await request(t.url)
      .post('/api/v1/admin/users')
      .set(bearer(admin.accessToken))
      .send({
        email: admin.email.toUpperCase(),
        password: 'plain sailing 77',
        full_name: 'X',
        role: 'csr',
      })
      .expect(409);
    await request(t.url)
      .post('/api/v1/admin/users')
      .set(bearer(admin.accessToken))
      .send({ email: uniqueEmail(), password: 'plain sailing 77', full_name: 'X', role: 'root' })
      .expect(400);
  });

  it('is admin-only: 401 anonymous, 403 for users and CSRs', async () => {
    const user = await createUser(t);
    const csr = await createUser(t, 'csr');
    await request(t.url).get('/api/v1/admin/users').expect(401);
    for (const actor of [user, csr]) {
      const response = await request(t.url)
        .get('/api/v1/admin/users')
        .set(bearer(actor.accessToken))
        .expect(403);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      await request(t.url)
        .post('/api/v1/admin/users')
        .set(bearer(actor.accessToken))
        .send({ email: uniqueEmail(), password: 'plain sailing 77', full_name: 'X', role: 'admin' })
        .expect(403);
    }
  });

  it('lists users with role and is_active filters and pages', async () => {
    const csrs = [await createUser(t, 'csr'), await createUser(t, 'csr')];
    const all = await request(t.url)
      .get('/api/v1/admin/users?role=csr&limit=100')
      .set(bearer(admin.accessToken))
      .expect(200);
    const body = all.body as {
      items: { id: string; role: string }[];
      total: number;
      limit: number;
      offset: number;
    };
    expect(body.limit).toBe(100);
    expect(body.offset).toBe(0);
    expect(body.items.every((u) => u.role === 'csr')).toBe(true);
    expect(body.items.map((u) => u.id)).toEqual(expect.arrayContaining(csrs.map((c) => c.id)));
    expect(body.total).toBe(body.items.length);

    const page = await request(t.url)
      .get('/api/v1/admin/users?role=csr&limit=1&offset=1')
      .set(bearer(admin.accessToken))
      .expect(200);
    const second = page.body as { items: { id: string }[]; total: number };
    expect(second.items).toHaveLength(1);
    expect(second.items[0]?.id).toBe(body.items[1]?.id);
    expect(second.total).toBe(body.total);

    for (const bad of [
      'role=root',
      'is_active=maybe',
      'limit=0',
      'limit=101',
      'offset=-1',
      'limit=abc',
    ]) {
      await request(t.url)
        .get(`/api/v1/admin/users?${bad}`)
        .set(bearer(admin.accessToken))
        .expect(400);
    }
  });

  it('still counts the filtered set on a page past its end', async () => {
    await createUser(t, 'csr');
    const response = await request(t.url)
      .get('/api/v1/admin/users?role=csr&is_active=true&limit=5&offset=100000')
      .set(bearer(admin.accessToken))
      .expect(200);
    const body = response.body as { items: unknown[]; total: number };
    expect(body.items).toEqual([]);
    expect(body.total).toBeGreaterThan(0);
  });

  it('a patch that changes nothing leaves updated_at; a change moves it', async () => {
    const user = await createUser(t, 'user', { fullName: 'Same Name' });
    const patch = (body: object) =>
      request(t.url)
        .patch(`/api/v1/admin/users/${user.id}`)
        .set(bearer(admin.accessToken))
        .send(body)
        .expect(200)
        .then((r) => r.body as { updated_at: string; created_at: string; full_name: string });
    const unchanged = await patch({ full_name: ' Same Name ', role: 'user', is_active: true });
    expect(unchanged.updated_at).toBe(unchanged.created_at);
    const renamed = await patch({ full_name: 'Other Name' });
    expect(renamed.full_name).toBe('Other Name');
    expect(Date.parse(renamed.updated_at)).toBeGreaterThan(Date.parse(unchanged.updated_at));
  });

  it('deactivating a user revokes all their sessions at once', async () => {
    const user = await createUser(t);
    const second = await login(t.url, user.email, user.password);
    const response = await request(t.url)
      .patch(`/api/v1/admin/users/${user.id}`)
      .set(bearer(admin.accessToken))
      .send({ is_active: false })
      .expect(200);
    expect(response.body).toMatchObject({ id: user.id, is_active: false });
    for (const token of [user.accessToken, second.accessToken]) {
      await request(t.url).get('/api/v1/users/me').set(bearer(token)).expect(401);
    }
    await request(t.url)
      .post('/api/v1/auth/refresh')
      .send({ refresh_token: second.refreshToken })
      .expect(401);

    const filtered = await request(t.url)
      .get('/api/v1/admin/users?is_active=false')
      .set(bearer(admin.accessToken))
      .expect(200);
    const ids = (filtered.body as { items: { id: string }[] }).items.map((u) => u.id);
    expect(ids).toContain(user.id);
  });

  it('a demoted CSR loses CSR powers on the next request with the same token', async () => {
    const csr = await createUser(t, 'csr');
    await request(t.url)
      .patch(`/api/v1/admin/users/${csr.id}`)
      .set(bearer(admin.accessToken))
      .send({ role: 'user', full_name: '  Demoted  ' })
      .expect(200)
      .expect((r) => expect(r.body).toMatchObject({ role: 'user', full_name: 'Demoted' }));
    const me = await request(t.url)
      .get('/api/v1/users/me')
      .set(bearer(csr.accessToken))
      .expect(200);
    expect(me.body).toMatchObject({ role: 'user' });
  });

  it('answers 404 for an unknown user, 400 for a malformed id or an unknown field', async () => {
    await request(t.url)
      .patch('/api/v1/admin/users/00000000-0000-4000-8000-000000000000')
      .set(bearer(admin.accessToken))
      .send({ is_active: false })
      .expect(404);
    await request(t.url)
      .patch('/api/v1/admin/users/not-a-uuid')
      .set(bearer(admin.accessToken))
      .send({ is_active: false })
      .expect(400);
    await request(t.url)
      .patch(`/api/v1/admin/users/${admin.id}`)
      .set(bearer(admin.accessToken))
      .send({ email: 'x@y.io' })
      .expect(400);
  });
});

describe('Admin bootstrap', () => {
  it('creates the configured admin at start, idempotently across restarts', async () => {
    const env = { ADMIN_EMAIL: 'Root@Example.test', ADMIN_PASSWORD: 'admin-password-1' };
    const t = await startTestApp(env);
    try {
      const tokens = await login(t.url, 'root@example.test', 'admin-password-1');
      const me = await request(t.url)
        .get('/api/v1/users/me')
        .set(bearer(tokens.accessToken))
        .expect(200);
      expect(me.body).toMatchObject({ role: 'admin', email: 'root@example.test' });
      // A second boot on the same database must not fail or duplicate.
      const { AdminBootstrap } = await import('@/admin/admin-bootstrap.service');
      await t.app.get(AdminBootstrap).onApplicationBootstrap();
      const rows = await t.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM users WHERE email = 'root@example.test'`,
      );
      expect(rows[0]?.n).toBe('1');
    } finally {
      await t.close();
    }
  });
});
