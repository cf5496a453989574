import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

const PROBLEM = /application\/problem\+json/;

describe('Platform: health, errors, request ids', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('serves /health/live and /health/ready outside /api/v1', async () => {
    await request(t.url).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(t.url).get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok', database: 'ok', migrations: 'applied' });
    await request(t.url).get('/api/v1/health/live').expect(404);
  });

  it('serves the contract and its documentation pages from installed packages', async () => {
    const openapi = await request(t.url).get('/api/v1/openapi.json').expect(200);
    expect(openapi.body).toMatchObject({ openapi: '3.1.0', info: { title: expect.any(String) } });
    const yaml = await request(t.url).get('/api/v1/openapi.yaml').expect(200);
    expect(yaml.text).toContain('openapi: 3.1.0');
    const asyncapi = await request(t.url).get('/api/v1/asyncapi.json').expect(200);
    expect(asyncapi.body).toMatchObject({
      asyncapi: '3.0.0',
      channels: { chat: { address: '/chat' } },
    });
    const docs = await request(t.url).get('/docs').redirects(1).expect(200);
    expect(docs.text).toContain('swagger-ui');
    const redoc = await request(t.url).get('/redoc').expect(200);
    expect(redoc.text).toContain('/redoc/redoc.standalone.js');
    await request(t.url)
      .get('/redoc/redoc.standalone.js')
      .expect(200)
      .expect('content-type', /javascript/);
  });

  it('answers an unknown route with a 404 problem document', async () => {
    const response = await request(t.url).get('/api/v1/no-such-route').expect(404);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: expect.any(String),
      instance: '/api/v1/no-such-route',
    });
  });

  it('answers malformed JSON with 400, an oversized body with 413, text/plain with 415', async () => {
    const malformed = await request(t.url)
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(malformed.headers['content-type']).toMatch(PROBLEM);

    const huge = JSON.stringify({ email: 'a@b.io', password: 'x'.repeat(200 * 1024) });
    const tooLarge = await request(t.url)
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send(huge)
      .expect(413);
    expect(tooLarge.headers['content-type']).toMatch(PROBLEM);

    const plain = await request(t.url)
      .post('/api/v1/auth/login')
      .set('content-type', 'text/plain')
      .send('email=a@b.io')
      .expect(415);
    expect(plain.headers['content-type']).toMatch(PROBLEM);
  });

  it('answers a JSON array or scalar body with 400, never 500', async () => {
    for (const body of ['[]', '"text"', '42', 'null']) {
      const response = await request(t.url)
        .post('/api/v1/auth/signup')
        .set('content-type', 'application/json')
        .send(body);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
    }
  });

  it('echoes a well-formed X-Request-Id and makes one up otherwise', async () => {
    const given = await request(t.url)
      .get('/health/live')
      .set('x-request-id', 'abc-123')
      .expect(200);
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await request(t.url)
      .get('/health/live')
      .set('x-request-id', 'bad id with spaces')
      .expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never sends a stack trace or SQL in an error', async () => {
    const response = await request(t.url)
      .patch('/api/v1/admin/users/not-a-uuid')
      .send({})
      .expect(401);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:|SELECT|INSERT/);
  });
});

describe('Platform: readiness', () => {
  it('reports 503 while migrations are pending', async () => {
    const t = await startTestApp({ MIGRATIONS_RUN: 'false' });
    try {
      const response = await request(t.url).get('/health/ready').expect(503);
      expect(response.body).toMatchObject({ status: 'unavailable', migrations: 'pending' });
    } finally {
      await t.close();
    }
  });
});
