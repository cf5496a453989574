import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { connectChat, connectError } from './factories/sockets';
import { createUser, uniqueEmail } from './factories/users';
import { startTestApp, TestApp } from './support/test-app';

const PROBLEM = /application\/problem\+json/;

describe('Limits that protect the service', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      RATE_LIMIT_PER_MINUTE: '30',
      TRUST_PROXY: 'true',
      MAX_SOCKETS_PER_USER: '3',
      LOGIN_MAX_FAILURES_PER_IP: '15',
    });
  });

  afterAll(async () => {
    await t.close();
  });

  it('sends security headers', async () => {
    const response = await request(t.url).get('/health/live').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBeDefined();
    expect(response.headers['strict-transport-security']).toBeDefined();
  });

  it('limits requests per client address with 429 and Retry-After, but not health checks', async () => {
    const address = '203.0.113.7';
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const response = await request(t.url).get('/api/v1/users/me').set('x-forwarded-for', address);
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
        expect(response.headers['content-type']).toMatch(PROBLEM);
      }
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    // Another address is not affected, nor are health checks from the limited one.
    await request(t.url).get('/api/v1/users/me').set('x-forwarded-for', '203.0.113.8').expect(401);
    await request(t.url).get('/health/live').set('x-forwarded-for', address).expect(200);
  });

  it('counts failed logins per account, so rotating X-Forwarded-For does not reset them', async () => {
    const user = await createUser(t);
    for (let i = 0; i < 10; i++) {
      await request(t.url)
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', `198.51.100.${i + 1}`)
        .send({ email: user.email, password: 'wrong password here' })
        .expect(401);
    }
    const locked = await request(t.url)
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '198.51.100.200')
      .send({ email: user.email, password: user.password })
      .expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts failed logins per address across accounts', async () => {
    const address = '192.0.2.44';
    for (let i = 0; i < 15; i++) {
      await request(t.url)
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', address)
        .send({ email: uniqueEmail(), password: 'whatever it is' })
        .expect(401);
    }
    await request(t.url)
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', address)
      .send({ email: uniqueEmail(), password: 'whatever it is' })
      .expect(429);
  });

  it('unlocks an account by itself once the window has passed', async () => {
    const user = await createUser(t);
    for (let i = 0; i < 10; i++) {
      await request(t.url)
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', '198.18.0.1')
        .send({ email: user.email, password: 'wrong password here' })
        .expect(401);
    }
    await request(t.url)
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '198.18.0.2')
      .send({ email: user.email, password: user.password })
      .expect(429);
    // Age the window instead of waiting 15 minutes.
    await t.dataSource.query(
      `UPDATE login_throttles SET window_started_at = now() - interval '16 minutes' WHERE key = $1`,
      [`account:${user.email}`],
    );
    await request(t.url)
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', '198.18.0.3')
      .send({ email: user.email, password: user.password })
      .expect(200);
  });

  it('caps sockets per user', async () => {
    const user = await createUser(t);
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 3; i++)
        sockets.push(await connectChat(t.url, { token: user.accessToken }));
      expect(await connectError(t.url, { token: user.accessToken })).toBe('Too many connections');
      sockets.pop()?.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      sockets.push(await connectChat(t.url, { token: user.accessToken }));
    } finally {
      for (const socket of sockets) socket.close();
    }
  });
});

describe('Login timing', () => {
  it('answers an unknown and an existing email alike, in about the same time', async () => {
    const t = await startTestApp({ LOGIN_MAX_FAILURES: '1000', LOGIN_MAX_FAILURES_PER_IP: '1000' });
    try {
      const user = await createUser(t);
      const time = async (email: string) => {
        const started = process.hrtime.bigint();
        const response = await request(t.url)
          .post('/api/v1/auth/login')
          .send({ email, password: 'not the password' });
        return { ms: Number(process.hrtime.bigint() - started) / 1e6, response };
      };
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 50; i++) {
        const a = await time(user.email);
        const b = await time(uniqueEmail());
        expect(a.response.status).toBe(401);
        expect(b.response.status).toBe(401);
        expect(b.response.body).toEqual({
          ...(a.response.body as object),
          instance: '/api/v1/auth/login',
        });
        known.push(a.ms);
        unknown.push(b.ms);
      }
      const median = (values: number[]) =>
        [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
      const ratio = median(unknown) / median(known);
      console.log(
        `login timing: median existing ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms`,
      );
      expect(ratio).toBeGreaterThan(0.7);
      expect(ratio).toBeLessThan(1.3);
    } finally {
      await t.close();
    }
  });
});
