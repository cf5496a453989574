import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { bearer, createUser, TestUser } from './factories/users';
import { createTicket, PROBLEM, ProblemBody } from './factories/tickets';
import { startTestApp, TestApp } from './support/test-app';

interface CannedBody {
  id: string;
  short_code: string;
  title: string;
  content: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
interface CannedPage {
  items: CannedBody[];
  next_cursor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const code = (prefix = 'c') => `${prefix}_${randomBytes(4).toString('hex')}`;

describe('Canned responses (/api/v1/csr/canned-responses)', () => {
  let t: TestApp;
  let csr: TestUser;
  let admin: TestUser;
  let user: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    csr = await createUser(t, 'csr', { fullName: 'Grace Hopper' });
    admin = await createUser(t, 'admin');
    user = await createUser(t, 'user', { fullName: 'Ada Lovelace' });
  });

  afterAll(async () => {
    await t.close();
  });

  const create = (staff: TestUser, body: Record<string, unknown>, status = 201) =>
    request(t.url)
      .post('/api/v1/csr/canned-responses')
      .set(bearer(staff.accessToken))
      .send(body)
      .expect(status);

  const make = async (overrides: Record<string, unknown> = {}) =>
    (
      await create(csr, {
        short_code: code(),
        title: 'Greeting',
        content: 'Hello',
        ...overrides,
      })
    ).body as CannedBody;

  const list = async (query: Record<string, string | number> = {}) =>
    (
      await request(t.url)
        .get('/api/v1/csr/canned-responses')
        .query(query)
        .set(bearer(csr.accessToken))
        .expect(200)
    ).body as CannedPage;

  const render = (ticketId: string, shortCode: string, staff = csr, status = 200) =>
    request(t.url)
      .get(`/api/v1/csr/tickets/${ticketId}/canned-responses/${shortCode}`)
      .set(bearer(staff.accessToken))
      .expect(status);

  describe('CRUD', () => {
    it('creates one with the contract fields, short_code kept as written', async () => {
      const shortCode = code('Refund');
      const response = await create(csr, {
        short_code: shortCode,
        title: '  Refund policy ',
        content: 'Refunds take 5 days.',
      });
      expect(response.body).toEqual({
        id: expect.stringMatching(UUID),
        short_code: shortCode,
        title: 'Refund policy',
        content: 'Refunds take 5 days.',
        created_by: csr.id,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const got = await request(t.url)
        .get(`/api/v1/csr/canned-responses/${(response.body as CannedBody).id}`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(got.body).toEqual(response.body);
    });

    it('refuses a short code taken in any letter case with 409', async () => {
      const taken = await make({ short_code: code('Dup') });
      const response = await create(
        admin,
        {
          short_code: taken.short_code.toUpperCase(),
          title: 't',
          content: 'c',
        },
        409,
      );
      expect(response.headers['content-type']).toMatch(PROBLEM);
      const other = await make();
      await request(t.url)
        .patch(`/api/v1/csr/canned-responses/${other.id}`)
        .set(bearer(csr.accessToken))
        .send({ short_code: taken.short_code.toLowerCase() })
        .expect(409);
    });

    it('gives one of two concurrent creations of a short code 201 and the other 409', async () => {
      const shortCode = code();
      const body = { short_code: shortCode, title: 't', content: 'c' };
      const attempt = (staff: TestUser) =>
        request(t.url)
          .post('/api/v1/csr/canned-responses')
          .set(bearer(staff.accessToken))
          .send(body)
          .then((response) => response.status);
      const statuses = (await Promise.all([attempt(csr), attempt(admin)])).sort();
      expect(statuses).toEqual([201, 409]);
    });

    it.each([
      ['too long', 'x'.repeat(33)],
      ['a space', 'a b'],
      ['a dot', 'a.b'],
      ['empty', ''],
      ['not a string', 42],
      ['non-ASCII', 'café'],
    ])('refuses a short code that is %s with 400', async (_name, shortCode) => {
      const response = await create(csr, { short_code: shortCode, title: 't', content: 'c' }, 400);
      expect((response.body as ProblemBody).errors?.[0]?.field).toBe('short_code');
    });

    it('accepts a 32-character short code of every allowed character', async () => {
      await make({ short_code: `A-z_09${randomBytes(13).toString('hex')}` });
    });

    it('patches some fields, keeps the rest, and refuses an empty patch or a null', async () => {
      const item = await make({ title: 'Old', content: 'Old content' });
      const patched = await request(t.url)
        .patch(`/api/v1/csr/canned-responses/${item.id}`)
        .set(bearer(admin.accessToken))
        .send({ title: 'New' })
        .expect(200);
      expect(patched.body).toMatchObject({
        id: item.id,
        short_code: item.short_code,
        title: 'New',
        content: 'Old content',
        created_by: csr.id,
      });
      for (const body of [{}, { title: null }, { content: null }, { short_code: null }]) {
        await request(t.url)
          .patch(`/api/v1/csr/canned-responses/${item.id}`)
          .set(bearer(csr.accessToken))
          .send(body)
          .expect(400);
      }
    });

    it('deletes one (204), after which it is 404 everywhere', async () => {
      const item = await make();
      const del = () =>
        request(t.url)
          .delete(`/api/v1/csr/canned-responses/${item.id}`)
          .set(bearer(csr.accessToken));
      await del().expect(204);
      await del().expect(404);
      await request(t.url)
        .get(`/api/v1/csr/canned-responses/${item.id}`)
        .set(bearer(csr.accessToken))
        .expect(404);
      await request(t.url)
        .patch(`/api/v1/csr/canned-responses/${item.id}`)
        .set(bearer(csr.accessToken))
        .send({ title: 'x' })
        .expect(404);
    });

    it('keeps a canned response when its author is deleted (created_by becomes null)', async () => {
      const author = await createUser(t, 'csr');
      const item = (await create(author, { short_code: code(), title: 't', content: 'c' }))
        .body as CannedBody;
      await t.dataSource.query('DELETE FROM users WHERE id = $1', [author.id]);
      const got = await request(t.url)
        .get(`/api/v1/csr/canned-responses/${item.id}`)
        .set(bearer(csr.accessToken))
        .expect(200);
      expect((got.body as CannedBody).created_by).toBeNull();
    });

    it('is for staff only', async () => {
      await request(t.url)
        .get('/api/v1/csr/canned-responses')
        .set(bearer(user.accessToken))
        .expect(403);
      await create(user, { short_code: code(), title: 't', content: 'c' }, 403);
      await request(t.url).get('/api/v1/csr/canned-responses').expect(401);
    });
  });

  describe('list', () => {
    const prefix = `lst${randomBytes(3).toString('hex')}`;
    let made: CannedBody[];

    beforeAll(async () => {
      made = [];
      for (const [suffix, title] of [
        ['_b', 'Shipping delay'],
        ['_A', 'Password reset'],
        ['_c', 'Refund 100% guaranteed'],
      ] as const) {
        made.push(await make({ short_code: `${prefix}${suffix}`, title }));
      }
      await make({ short_code: code('zz'), title: `About ${prefix}` });
    });

    it('pages in short-code order (any letter case) with next_cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: CannedPage = await list({ q: prefix, limit: 1, ...(cursor ? { cursor } : {}) });
        expect(page.items.length).toBeLessThanOrEqual(1);
        seen.push(...page.items.map((item) => item.short_code));
        cursor = page.next_cursor;
      } while (cursor !== null);
      expect(seen.slice(0, 3)).toEqual([`${prefix}_A`, `${prefix}_b`, `${prefix}_c`]);
      expect(seen).toHaveLength(4);
    });

    it('matches a short-code prefix in any letter case, or a part of the title', async () => {
      expect((await list({ q: `${prefix.toUpperCase()}_a` })).items.map((i) => i.id)).toEqual([
        made[1]!.id,
      ]);
      expect((await list({ q: 'shipping DEL' })).items.map((i) => i.id)).toContain(made[0]!.id);
      // Only a prefix of the short code: the middle does not match.
      expect((await list({ q: prefix.slice(2) })).items.map((i) => i.id)).not.toContain(
        made[0]!.id,
      );
    });

    it('takes LIKE wildcards literally', async () => {
      const ids = (await list({ q: '100%' })).items.map((i) => i.id);
      expect(ids).toContain(made[2]!.id);
      expect((await list({ q: `${prefix}%` })).items).toEqual([]);
      expect(
        (await list({ q: '_' })).items.every(
          (i) => i.short_code.startsWith('_') || i.title.includes('_'),
        ),
      ).toBe(true);
    });

    it('refuses a forged cursor and a limit out of range with 400', async () => {
      for (const query of [
        { cursor: 'not a cursor!' },
        { cursor: Buffer.from('A B').toString('base64url') },
        { limit: 0 },
        { limit: 101 },
      ]) {
        await request(t.url)
          .get('/api/v1/csr/canned-responses')
          .query(query)
          .set(bearer(csr.accessToken))
          .expect(400);
      }
    });
  });

  describe('render (GET /csr/tickets/{id}/canned-responses/{short_code})', () => {
    it('fills the four placeholders from the ticket, its owner and the calling agent', async () => {
      const ticket = await createTicket(t, user, { title: 'Printer on fire' });
      const item = await make({
        content:
          'Hi {{user.full_name}}, about #{{ticket.number}} "{{ ticket.title }}": on it. — {{agent.full_name}} {{ticket.status}}',
      });
      const response = await render(ticket.id, item.short_code.toUpperCase());
      expect(response.body).toEqual({
        content: `Hi Ada Lovelace, about #${ticket.number} "Printer on fire": on it. — Grace Hopper {{ticket.status}}`,
      });
      const asAdmin = await render(ticket.id, item.short_code, admin);
      expect((asAdmin.body as { content: string }).content).toContain('— Test admin');
    });

    it('keeps markup in values as text and does not expand placeholders inside them', async () => {
      const ticket = await createTicket(t, user, {
        title: '<script>alert(1)</script> & {{agent.full_name}}',
      });
      const item = await make({ content: '<p>{{ticket.title}}</p>' });
      const response = await render(ticket.id, item.short_code);
      expect(response.body).toEqual({
        content: '<p><script>alert(1)</script> & {{agent.full_name}}</p>',
      });
    });

    it('answers 404 for an unknown short code or ticket, 400 for a malformed one', async () => {
      const ticket = await createTicket(t, user);
      await render(ticket.id, code('none'), csr, 404);
      const item = await make();
      await render('00000000-0000-4000-8000-000000000000', item.short_code, csr, 404);
      await render(ticket.id, 'a.b', csr, 400);
      await render(ticket.id, 'x'.repeat(33), csr, 400);
    });

    it('is for staff only', async () => {
      const ticket = await createTicket(t, user);
      const item = await make();
      await render(ticket.id, item.short_code, user, 403);
    });
  });
});
