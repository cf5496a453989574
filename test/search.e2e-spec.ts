// Full-text search (GET /api/v1/csr/search, GET /api/v1/users/search): ranking, highlights as
// plain text, the web-search syntax with a prefix on the last word, the queue's filters, keyset
// paging, who finds what (never another user's ticket, never a note through the user door),
// refusals, and the rebuild when SEARCH_LANGUAGE changes.
import { randomInt } from 'node:crypto';
import request from 'supertest';
import { postMessage } from './factories/messages';
import { postNote } from './factories/notes';
import { assignTicket, createTicket, csrPatch, PROBLEM, ProblemBody } from './factories/tickets';
import { bearer, createUser, TestUser } from './factories/users';
import {
  createTestDatabase,
  startAppOn,
  startTestApp,
  TestApp,
  TEST_ENV,
  TestDatabase,
} from './support/test-app';
import { createApp } from '@/app.factory';
import { parseConfig } from '@/config/config';
import type { SearchPageResponse } from '@/search/search.response';
import { SearchLanguageService } from '@/search/search-language.service';

type Page = SearchPageResponse;

/**
 * A word no other test uses: letters only, so every configuration keeps it one lexeme. It starts
 * with `x`, so no query-syntax test's word (`or` is a prefix query too) can match it by chance.
 */
const word = () =>
  `x${Array.from({ length: 9 }, () => String.fromCharCode(97 + randomInt(26))).join('')}`;

const ids = (page: Page) => page.items.map((item) => item.ticket.id);

describe('Search', () => {
  let t: TestApp;
  let admin: TestUser;
  let csr: TestUser;
  let other: TestUser;
  let owner: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'admin');
    csr = await createUser(t, 'csr');
    other = await createUser(t, 'csr');
    owner = await createUser(t);
    stranger = await createUser(t);
  });

  afterAll(async () => {
    await t.close();
  });

  async function search(
    user: TestUser,
    query: Record<string, string | number>,
    path = user.role === 'user' ? 'users' : 'csr',
  ): Promise<Page> {
    const response = await request(t.url)
      .get(`/api/v1/${path}/search`)
      .query(query)
      .set(bearer(user.accessToken))
      .expect(200);
    return response.body as Page;
  }

  const refused = async (user: TestUser, query: Record<string, string | number>, status = 400) => {
    const response = await request(t.url)
      .get(`/api/v1/${user.role === 'user' ? 'users' : 'csr'}/search`)
      .query(query)
      .set(bearer(user.accessToken))
      .expect(status)
      .expect('content-type', PROBLEM);
    return response.body as ProblemBody;
  };

  /** A ticket of `owner` (or `who`) with this text; its messages are written by its owner. */
  async function ticketWith(
    text: { title?: string; description?: string; messages?: string[] } = {},
    who: TestUser = owner,
  ) {
    const ticket = await createTicket(t, who, {
      ...(text.title === undefined ? {} : { title: text.title }),
      ...(text.description === undefined ? {} : { description: text.description }),
    });
    for (const content of text.messages ?? []) await postMessage(t, who, ticket.id, content);
    return ticket;
  }

  describe('ranking and highlights', () => {
    it('ranks a title match above a message-only match and says where each matched', async () => {
      const w = word();
      const inMessage = await ticketWith({
        messages: ['nothing here', `my ${w} arrived broken`],
      });
      const inTitle = await ticketWith({ title: `Broken ${w}` });
      const page = await search(csr, { q: w });
      expect(ids(page)).toEqual([inTitle.id, inMessage.id]);
      const [first, second] = page.items;
      expect(first!.rank).toBeGreaterThan(second!.rank);
      expect(first!.ticket).toEqual(
        (
          await request(t.url)
            .get(`/api/v1/csr/tickets/${inTitle.id}`)
            .set(bearer(csr.accessToken))
            .expect(200)
        ).body,
      );
      expect(first!.highlights).toEqual([{ field: 'title', text: `Broken «${w}»` }]);
      expect(second!.highlights).toEqual([
        { field: 'message', seq: 2, text: `my «${w}» arrived broken` },
      ]);
      expect(page.next_cursor).toBeNull();
    });

    it('highlights the description, and at most three messages, best first', async () => {
      const w = word();
      const ticket = await ticketWith({
        description: `The ${w} stopped working.`,
        messages: [`${w} once`, 'unrelated', `${w} ${w} twice`, `${w} again`, `and ${w}`],
      });
      const [item] = (await search(csr, { q: w })).items;
      expect(item!.ticket.id).toBe(ticket.id);
      expect(item!.highlights[0]).toEqual({
        field: 'description',
        text: `The «${w}» stopped working.`,
      });
      const bodies = item!.highlights.slice(1);
      expect(bodies).toHaveLength(3);
      expect(bodies.every((h) => h.field === 'message')).toBe(true);
      // The message with the word twice ranks best; ties by seq.
      expect(bodies.map((h) => h.seq)).toEqual([3, 1, 4]);
    });

    it('returns the stored characters: markup and entities are neither stripped nor escaped', async () => {
      const w = word();
      const content = `see <b>${w}</b> & &amp; <script>alert(1)</script> <!-- c --> \uE000 end`;
      await ticketWith({ messages: [content] });
      const [item] = (await search(csr, { q: w })).items;
      expect(item!.highlights).toEqual([
        {
          field: 'message',
          seq: 1,
          text: `see <b>«${w}»</b> & &amp; <script>alert(1)</script> <!-- c --> \uE000 end`,
        },
      ]);
    });

    it('finds a word said a year ago', async () => {
      const w = word();
      const ticket = await ticketWith({ messages: [`old ${w}`] });
      await t.dataSource.query(
        `UPDATE ticket_messages SET created_at = now() - interval '400 days' WHERE ticket_id = $1`,
        [ticket.id],
      );
      await t.dataSource.query(
        `UPDATE tickets SET created_at = now() - interval '400 days' WHERE id = $1`,
        [ticket.id],
      );
      expect(ids(await search(csr, { q: w }))).toEqual([ticket.id]);
    });

    it('follows an edited title (the trigger rebuilds the vector)', async () => {
      const [w1, w2] = [word(), word()];
      const ticket = await ticketWith({ title: `About ${w1}` });
      await t.dataSource.query(`UPDATE tickets SET title = $2 WHERE id = $1`, [
        ticket.id,
        `About ${w2}`,
      ]);
      expect(ids(await search(csr, { q: w1 }))).toEqual([]);
      expect(ids(await search(csr, { q: w2 }))).toEqual([ticket.id]);
    });
  });

  describe('query syntax', () => {
    it('matches a quoted phrase in order only', async () => {
      const [a, b] = [word(), word()];
      const inOrder = await ticketWith({ messages: [`${a} ${b}`] });
      const reversed = await ticketWith({ messages: [`${b} ${a}`] });
      expect(ids(await search(csr, { q: `"${a} ${b}"` }))).toEqual([inOrder.id]);
      expect(new Set(ids(await search(csr, { q: `${a} ${b}` })))).toEqual(
        new Set([inOrder.id, reversed.id]),
      );
    });

    it('excludes -words, exactly (an exclusion is never a prefix)', async () => {
      const [a, b] = [word(), word()];
      const withB = await ticketWith({ messages: [`${a} ${b}`] });
      const withoutB = await ticketWith({ messages: [`${a} only`] });
      const withLongerB = await ticketWith({ messages: [`${a} ${b}xyz`] });
      expect(new Set(ids(await search(csr, { q: `${a} -${b}` })))).toEqual(
        new Set([withoutB.id, withLongerB.id]),
      );
      expect(ids(await search(csr, { q: `${a} -${b}` }))).not.toContain(withB.id);
    });

    it('matches either side of or', async () => {
      const [a, b] = [word(), word()];
      const one = await ticketWith({ messages: [`${a}`] });
      const two = await ticketWith({ title: `${b}` });
      expect(new Set(ids(await search(csr, { q: `${a} or ${b}` })))).toEqual(
        new Set([one.id, two.id]),
      );
    });

    it('matches the last word as a prefix, and only the last', async () => {
      const [a, b] = [word(), word()];
      const ticket = await ticketWith({ messages: [`a ${a} for ${b}`] });
      expect(ids(await search(csr, { q: a.slice(0, 5) }))).toEqual([ticket.id]);
      expect(ids(await search(csr, { q: `${a} ${b.slice(0, 4)}` }))).toEqual([ticket.id]);
      expect(ids(await search(csr, { q: `${a.slice(0, 5)} ${b}` }))).toEqual([]);
      const [item] = (await search(csr, { q: a.slice(0, 5) })).items;
      expect(item!.highlights).toEqual([{ field: 'message', seq: 1, text: `a «${a}» for ${b}` }]);
    });

    it('answers 200 with nothing for a query without words', async () => {
      for (const q of ['-', '!!!', '""', '&|!():*', 'or']) {
        expect(await search(csr, { q })).toEqual({ items: [], next_cursor: null });
        expect(await search(owner, { q })).toEqual({ items: [], next_cursor: null });
      }
    });

    it('takes characters the tsquery syntax reserves as plain text', async () => {
      const w = word();
      const ticket = await ticketWith({ messages: [`it's ${w}'s fault`] });
      for (const q of [`${w}'s`, `'${w}`, `${w}:*`, `(${w}`, `\\${w}`, `${w} <->`]) {
        expect(ids(await search(csr, { q }))).toEqual([ticket.id]);
      }
    });
  });

  describe('filters', () => {
    it('applies status, priority, assignee_id (me too) and tag as GET /csr/tickets does', async () => {
      const w = word();
      const plain = await ticketWith({ title: `${w} plain` });
      const working = await ticketWith({ title: `${w} working` });
      await csrPatch(t, admin, working.id, { status: 'in_progress', priority: 'high' });
      const urgent = await ticketWith({ title: `${w} urgent` });
      await csrPatch(t, admin, urgent.id, { priority: 'urgent' });
      const tagged = await ticketWith({ messages: [`${w} tagged`] });
      await request(t.url)
        .put(`/api/v1/csr/tickets/${tagged.id}/tags`)
        .set(bearer(csr.accessToken))
        .send({ tags: ['billing', 'vip'] })
        .expect(200);
      for (const ticket of [plain, working, urgent, tagged]) {
        await assignTicket(t, admin, ticket.id, ticket === working ? other.id : csr.id);
      }
      const found = async (query: Record<string, string>, user = csr) =>
        new Set(ids(await search(user, { q: w, ...query })));

      expect(await found({})).toEqual(new Set([plain.id, working.id, urgent.id, tagged.id]));
      expect(await found({ status: 'in_progress' })).toEqual(new Set([working.id]));
      expect(await found({ status: 'open,in_progress' })).toEqual(
        new Set([plain.id, working.id, urgent.id, tagged.id]),
      );
      expect(await found({ priority: 'high,urgent' })).toEqual(new Set([working.id, urgent.id]));
      expect(await found({ assignee_id: other.id })).toEqual(new Set([working.id]));
      expect(await found({ assignee_id: 'me' }, other)).toEqual(new Set([working.id]));
      expect(await found({ assignee_id: 'ME' })).toEqual(new Set([plain.id, urgent.id, tagged.id]));
      expect(await found({ tag: 'VIP' })).toEqual(new Set([tagged.id]));
      expect(await found({ tag: 'vip,billing' })).toEqual(new Set([tagged.id]));
      expect(await found({ tag: 'vip,other' })).toEqual(new Set());
      expect(await found({ status: 'open', priority: 'urgent' })).toEqual(new Set([urgent.id]));
    });

    it('refuses filter values GET /csr/tickets refuses', async () => {
      const queries: Record<string, string>[] = [
        { status: 'nope' },
        { priority: 'extreme' },
        { assignee_id: 'someone' },
        { tag: 'no spaces' },
        { sort: 'created_at' },
      ];
      for (const query of queries) {
        const problem = await refused(csr, { q: 'x', ...query });
        expect(problem.status).toBe(400);
      }
    });
  });

  describe('paging', () => {
    it('walks every match once, best first, with next_cursor', async () => {
      const w = word();
      const made: string[] = [];
      // Equal ranks (several identical messages) and distinct ones (title, description).
      for (let i = 0; i < 4; i++) made.push((await ticketWith({ messages: [`${w}`] })).id);
      made.push((await ticketWith({ title: `${w}` })).id);
      made.push((await ticketWith({ description: `${w} ${w}` })).id);
      for (let i = 0; i < 3; i++) made.push((await ticketWith({ messages: [`x ${w} y`] })).id);
      const all = await search(csr, { q: w, limit: 100 });
      expect(new Set(ids(all))).toEqual(new Set(made));
      const ranks = all.items.map((item) => item.rank);
      expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);

      for (const limit of [1, 2, 4]) {
        const walked: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: Page = await search(csr, {
            q: w,
            limit,
            ...(cursor === null ? {} : { cursor }),
          });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          walked.push(...ids(page));
          cursor = page.next_cursor;
          pages += 1;
        } while (cursor !== null);
        expect(walked).toEqual(ids(all));
        expect(pages).toBe(Math.ceil(made.length / limit));
      }
    });

    it('pages the user route the same way', async () => {
      const w = word();
      for (let i = 0; i < 3; i++) await ticketWith({ messages: [`${w}`] }, stranger);
      const first = await search(stranger, { q: w, limit: 2 });
      expect(first.items).toHaveLength(2);
      const second = await search(stranger, { q: w, limit: 2, cursor: first.next_cursor! });
      expect(second.items).toHaveLength(1);
      expect(second.next_cursor).toBeNull();
      expect(new Set([...ids(first), ...ids(second)]).size).toBe(3);
    });

    it('defaults limit to 20 and refuses 0 and 101', async () => {
      const w = word();
      for (let i = 0; i < 21; i++) await ticketWith({ title: `${w} ${i}` });
      const page = await search(csr, { q: w });
      expect(page.items).toHaveLength(20);
      expect(page.next_cursor).not.toBeNull();
      await refused(csr, { q: w, limit: 0 });
      await refused(csr, { q: w, limit: 101 });
      expect((await search(csr, { q: w, limit: 100 })).items).toHaveLength(21);
    });

    it('refuses a cursor it did not issue, as the ticket lists do', async () => {
      const encode = (value: unknown) =>
        Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
      for (const cursor of [
        'garbage!',
        encode({ rank: 'x', id: owner.id }),
        encode({ rank: '0.5', id: 'nope' }),
        encode([1, 2]),
        'x'.repeat(201),
      ]) {
        const problem = await refused(csr, { q: 'anything', cursor });
        expect(problem.errors?.map((error) => error.field)).toEqual(['cursor']);
      }
      await refused(owner, { q: 'anything', cursor: 'garbage!' });
    });
  });

  describe('access', () => {
    it('a user finds only their own tickets and never a note; staff find notes marked note', async () => {
      const [w, secret] = [word(), word()];
      const mine = await ticketWith({ messages: [`my ${w}`] });
      const theirs = await ticketWith({ messages: [`their ${w}`] }, stranger);
      await postNote(t, csr, mine.id, `internal ${w} and ${secret}`);

      expect(ids(await search(owner, { q: w }))).toEqual([mine.id]);
      expect(ids(await search(stranger, { q: w }))).toEqual([theirs.id]);
      const [mineForOwner] = (await search(owner, { q: w })).items;
      expect(mineForOwner!.highlights).toEqual([{ field: 'message', seq: 1, text: `my «${w}»` }]);
      // A word only a note on the owner's own ticket holds: nothing.
      expect(await search(owner, { q: secret })).toEqual({ items: [], next_cursor: null });
      expect(await search(owner, { q: secret.slice(0, 6) })).toEqual({
        items: [],
        next_cursor: null,
      });

      const staff = await search(csr, { q: w });
      expect(new Set(ids(staff))).toEqual(new Set([mine.id, theirs.id]));
      const mineForStaff = staff.items.find((item) => item.ticket.id === mine.id)!;
      expect(mineForStaff.highlights).toContainEqual({
        field: 'note',
        seq: 1,
        text: `internal «${w}» and ${secret}`,
      });
      expect(mineForStaff.highlights).toContainEqual({
        field: 'message',
        seq: 1,
        text: `my «${w}»`,
      });
      const [byNote] = (await search(admin, { q: secret })).items;
      expect(byNote!.ticket.id).toBe(mine.id);
      expect(byNote!.highlights).toEqual([
        { field: 'note', seq: 1, text: `internal ${w} and «${secret}»` },
      ]);
    });

    it('keeps users off the staff route and staff filters off the user route', async () => {
      await request(t.url)
        .get('/api/v1/csr/search')
        .query({ q: 'x' })
        .set(bearer(owner.accessToken))
        .expect(403)
        .expect('content-type', PROBLEM);
      const staffOnly: Record<string, string>[] = [
        { status: 'open' },
        { assignee_id: 'me' },
        { tag: 'vip' },
      ];
      for (const query of staffOnly) {
        await refused(owner, { q: 'x', ...query });
      }
      await request(t.url).get('/api/v1/users/search').query({ q: 'x' }).expect(401);
    });

    it('lets staff search their own door too, scoped to the tickets they own', async () => {
      const w = word();
      await ticketWith({ messages: [`${w}`] });
      expect(await search(csr, { q: w }, 'users')).toEqual({ items: [], next_cursor: null });
    });
  });

  describe('q', () => {
    it('is required, at least one character after trimming and at most 200', async () => {
      const queries: Record<string, string>[] = [
        {},
        { q: '' },
        { q: '   ' },
        { q: 'x'.repeat(201) },
      ];
      for (const query of queries) {
        const problem = await refused(csr, query);
        expect(new Set(problem.errors?.map((error) => error.field))).toEqual(new Set(['q']));
        await refused(owner, query);
      }
      await search(csr, { q: 'x'.repeat(200) });
      await search(owner, { q: ` ${'x'.repeat(200)} ` });
    });
  });
});

describe('Search language (SEARCH_LANGUAGE)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  it('rebuilds the vectors with a new configuration at startup and then queries with it', async () => {
    const first = await startAppOn(database);
    const owner = await createUser(first, 'user');
    const ticket = await createTicket(first, owner, { title: 'Refunded orders' });
    await postMessage(first, owner, ticket.id, 'The parcels were delivered');
    const find = async (app: { url: string }, q: string) =>
      (
        (
          await request(app.url)
            .get('/api/v1/users/search')
            .query({ q })
            .set(bearer(owner.accessToken))
            .expect(200)
        ).body as Page
      ).items.map((item) => item.ticket.id);
    // simple: no stemming.
    expect(await find(first, 'refunds')).toEqual([]);
    await first.stop();

    const second = await startAppOn(database, { SEARCH_LANGUAGE: 'english' });
    try {
      await second.app.get(SearchLanguageService).whenRebuilt();
      expect(await second.dataSource.query('SELECT config, building FROM search_settings')).toEqual(
        [{ config: 'english', building: null }],
      );
      expect(await find(second, 'refunds')).toEqual([ticket.id]);
      expect(await find(second, 'deliver')).toEqual([ticket.id]);
      // New rows are built with it too.
      await postMessage(second, owner, ticket.id, 'Several boxes');
      expect(await find(second, '"several box"')).toEqual([ticket.id]);
    } finally {
      await second.stop();
    }
  });

  it('refuses to start with a configuration the database does not have', async () => {
    const app = await createApp(
      parseConfig({ ...TEST_ENV, ...database.env, SEARCH_LANGUAGE: 'klingon' }),
    );
    try {
      await expect(app.init()).rejects.toThrow(
        'Invalid configuration: SEARCH_LANGUAGE: the database has no text search configuration "klingon" (see pg_ts_config)',
      );
    } finally {
      await app.close();
    }
  });
});
