import request from 'supertest';
import { bearer, createUser, TestUser } from './factories/users';
import {
  createTicket,
  csrPatch,
  PageBody,
  PROBLEM,
  ProblemBody,
  TicketBody,
} from './factories/tickets';
import { startTestApp, TestApp } from './support/test-app';

const SORT_KEYS = ['created_at', 'updated_at', 'priority', 'status', 'number'] as const;
const SORTS = SORT_KEYS.flatMap((key) => [key, `-${key}`]);
const PRIORITY_RANK = { low: 1, medium: 2, high: 3, urgent: 4 } as const;
const STATUS_RANK = { open: 0, in_progress: 1, resolved: 2, closed: 3 } as const;

describe('Ticket pages: sorting, offset and cursor', () => {
  let t: TestApp;
  let csr: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    csr = await createUser(t, 'csr');
  });

  afterAll(async () => {
    await t.close();
  });

  async function page(
    actor: TestUser,
    path: 'users' | 'csr',
    query: Record<string, string | number>,
  ): Promise<PageBody> {
    const response = await request(t.url)
      .get(`/api/v1/${path}/tickets`)
      .query(query)
      .set(bearer(actor.accessToken))
      .expect(200);
    return response.body as PageBody;
  }

  /** Follows next_cursor from the first page to the last, checking every page's shape. */
  async function walk(
    actor: TestUser,
    path: 'users' | 'csr',
    query: Record<string, string | number>,
    between: (pageNumber: number) => Promise<void> = () => Promise.resolve(),
  ): Promise<string[]> {
    const limit = Number(query.limit);
    const seen: string[] = [];
    let current = await page(actor, path, query);
    for (let n = 1; ; n++) {
      expect(current.items.length).toBeLessThanOrEqual(limit);
      seen.push(...current.items.map((ticket) => ticket.id));
      if (current.next_cursor === null) return seen;
      expect(current.items).toHaveLength(limit);
      // A cursor that does not advance would loop forever: fail instead.
      if (n > 100) throw new Error('next_cursor never ran out');
      await between(n);
      current = await page(actor, path, { ...query, cursor: current.next_cursor });
      expect(current).toMatchObject({ total: null, offset: null, limit });
    }
  }

  describe('every sort key, both directions', () => {
    interface Seeded {
      id: string;
      number: number;
      createdMicros: number;
      updatedMicros: number;
      priority: keyof typeof PRIORITY_RANK | null;
      status: keyof typeof STATUS_RANK;
    }
    let owner: TestUser;
    const seeded: Seeded[] = [];

    // Microsecond offsets with exact ties (tie-break by id) and neighbours a millisecond apart
    // would not tell apart (a cursor must keep microseconds).
    const CREATED = [0, 0, 0, 1, 2, 3, 1000, 1000, 5_000_000, 5_000_001, 7, 7, 9];
    const UPDATED = [5, 4, 3, 3, 3, 2, 2, 1, 0, 0, 8, 9, 9];
    const PRIORITIES = [
      null,
      'low',
      'urgent',
      null,
      'medium',
      'high',
      'low',
      'urgent',
      null,
      'high',
      'medium',
      'low',
      null,
    ] as const;
    const STATUSES = [
      'open',
      'closed',
      'resolved',
      'in_progress',
      'open',
      'open',
      'closed',
      'resolved',
      'in_progress',
      'open',
      'resolved',
      'in_progress',
      'closed',
    ] as const;

    beforeAll(async () => {
      owner = await createUser(t);
      for (let i = 0; i < CREATED.length; i++) {
        const ticket = await createTicket(t, owner, { category: 'sorting' });
        seeded.push({
          id: ticket.id,
          number: ticket.number,
          createdMicros: CREATED[i]!,
          updatedMicros: UPDATED[i]!,
          priority: PRIORITIES[i]!,
          status: STATUSES[i]!,
        });
      }
      for (const row of seeded) {
        await t.dataSource.query(
          `UPDATE tickets
              SET created_at = '2031-05-05T10:00:00Z'::timestamptz + ($2 || ' microseconds')::interval,
                  updated_at = '2031-06-06T10:00:00Z'::timestamptz + ($3 || ' microseconds')::interval,
                  priority = $4, status = $5
            WHERE id = $1`,
          [row.id, row.createdMicros, row.updatedMicros, row.priority, row.status],
        );
      }
    });

    const rank: Record<(typeof SORT_KEYS)[number], (row: Seeded) => number> = {
      created_at: (row) => row.createdMicros,
      updated_at: (row) => row.updatedMicros,
      priority: (row) => (row.priority === null ? 0 : PRIORITY_RANK[row.priority]),
      status: (row) => STATUS_RANK[row.status],
      number: (row) => row.number,
    };

    function expected(sort: string): string[] {
      const key = sort.replace('-', '') as (typeof SORT_KEYS)[number];
      const ascending = [...seeded]
        .sort((a, b) => rank[key](a) - rank[key](b) || (a.id < b.id ? -1 : 1))
        .map((row) => row.id);
      return sort.startsWith('-') ? ascending.reverse() : ascending;
    }

    it.each(SORTS)('orders by %s with ties broken by id (offset mode)', async (sort) => {
      const full = await page(owner, 'users', { sort, limit: 100 });
      expect(full.total).toBe(seeded.length);
      expect(full.items.map((ticket) => ticket.id)).toEqual(expected(sort));
    });

    it.each(SORTS)('walks %s with a cursor, 4 and 1 per page, like the full list', async (sort) => {
      expect(await walk(owner, 'users', { sort, limit: 4 })).toEqual(expected(sort));
      expect(await walk(owner, 'users', { sort, limit: 1 })).toEqual(expected(sort));
    });

    it('walks the CSR queue with filters by cursor too', async () => {
      const query = { sort: '-priority', limit: 2, category: 'sorting', status: 'open,closed' };
      const ids = await walk(csr, 'csr', query);
      const full = await page(csr, 'csr', { ...query, limit: 100 });
      expect(ids).toEqual(full.items.map((ticket) => ticket.id));
      expect(ids).toHaveLength(STATUSES.filter((s) => s === 'open' || s === 'closed').length);
    });

    it('gives next_cursor in offset mode too, continuing right after the page', async () => {
      const first = await page(owner, 'users', { sort: 'priority', limit: 5, offset: 3 });
      expect(first.next_cursor).not.toBeNull();
      const next = await page(owner, 'users', {
        sort: 'priority',
        limit: 5,
        cursor: first.next_cursor!,
      });
      expect(next.items.map((ticket) => ticket.id)).toEqual(expected('priority').slice(8, 13));
      expect(next.next_cursor).toBeNull();
    });
  });

  describe('while tickets are being created', () => {
    it('neither repeats nor skips a ticket when rows arrive between pages (newest first)', async () => {
      const owner = await createUser(t);
      const before: TicketBody[] = [];
      for (let i = 0; i < 12; i++) before.push(await createTicket(t, owner));
      const added: string[] = [];
      const ids = await walk(owner, 'users', { limit: 5 }, async () => {
        for (let i = 0; i < 3; i++) added.push((await createTicket(t, owner)).id);
      });
      expect(added).toHaveLength(6);
      // The new ones are newer than the first page: they sort before it and are not revisited.
      expect(ids).toEqual(before.map((ticket) => ticket.id).reverse());
    });

    it('picks up rows created after the cursor, once each (oldest first)', async () => {
      const owner = await createUser(t);
      const before: TicketBody[] = [];
      for (let i = 0; i < 7; i++) before.push(await createTicket(t, owner));
      const added: string[] = [];
      const ids = await walk(owner, 'users', { sort: 'created_at', limit: 3 }, async (n) => {
        if (n <= 2) added.push((await createTicket(t, owner)).id);
      });
      expect(ids).toEqual([...before.map((ticket) => ticket.id), ...added]);
    });

    it('keeps its place when rows land in the middle of the order (priority)', async () => {
      const owner = await createUser(t);
      const before: TicketBody[] = [];
      for (const priority of ['low', 'low', 'medium', 'high', 'high', 'urgent', 'urgent']) {
        const ticket = await createTicket(t, owner);
        before.push((await csrPatch(t, csr, ticket.id, { priority })).body as TicketBody);
      }
      const added: string[] = [];
      const ids = await walk(owner, 'users', { sort: 'priority', limit: 2 }, async () => {
        const ticket = await createTicket(t, owner);
        await csrPatch(t, csr, ticket.id, { priority: 'medium' });
        added.push(ticket.id);
      });
      expect(new Set(ids).size).toBe(ids.length);
      for (const ticket of before) expect(ids.filter((id) => id === ticket.id)).toHaveLength(1);
      // Rows that landed behind the cursor are not revisited; those ahead of it are shown once.
      expect(ids.filter((id) => !added.includes(id))).toEqual(
        [...before]
          .sort(
            (a, b) =>
              PRIORITY_RANK[a.priority!] - PRIORITY_RANK[b.priority!] || (a.id < b.id ? -1 : 1),
          )
          .map((ticket) => ticket.id),
      );
    });

    it('stays exact while tickets are created concurrently with the walk', async () => {
      const owner = await createUser(t);
      const before: string[] = [];
      for (let i = 0; i < 10; i++) before.push((await createTicket(t, owner)).id);
      const writer = Promise.all(Array.from({ length: 10 }, () => createTicket(t, owner)));
      const ids = await walk(owner, 'users', { limit: 3 });
      await writer;
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => before.includes(id))).toEqual([...before].reverse());
    });
  });

  describe('cursor and page parameters', () => {
    let owner: TestUser;
    let cursor: string;

    beforeAll(async () => {
      owner = await createUser(t);
      for (let i = 0; i < 3; i++) await createTicket(t, owner);
      cursor = (await page(owner, 'users', { limit: 1 })).next_cursor!;
      expect(typeof cursor).toBe('string');
    });

    const bad = async (query: Record<string, string | number>, field: string) => {
      const response = await request(t.url)
        .get('/api/v1/users/tickets')
        .query(query)
        .set(bearer(owner.accessToken))
        .expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(((response.body as ProblemBody).errors ?? []).map((e) => e.field)).toContain(field);
    };

    it('answers 400 naming cursor for garbage and for tampered values', async () => {
      await bad({ cursor: 'not a cursor' }, 'cursor');
      await bad({ cursor: Buffer.from('{"s":"-created_at"').toString('base64url') }, 'cursor');
      const tampered = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Record<
        string,
        unknown
      >;
      for (const v of ["2020-01-01' OR 1=1 --", 42, null]) {
        const forged = Buffer.from(JSON.stringify({ ...tampered, v })).toString('base64url');
        await bad({ cursor: forged }, 'cursor');
      }
    });

    it('answers 400 for a cursor issued under another sort, or with offset', async () => {
      await bad({ cursor, sort: 'created_at' }, 'cursor');
      await bad({ cursor, offset: 0 }, 'cursor');
    });

    it('accepts limits 1 and 100 and refuses 0 and 101', async () => {
      expect((await page(owner, 'users', { limit: 1 })).items).toHaveLength(1);
      expect((await page(owner, 'users', { limit: 100 })).items).toHaveLength(3);
      await bad({ limit: 0 }, 'limit');
      await bad({ limit: 101 }, 'limit');
    });

    it('answers a cursor page with total and offset null', async () => {
      const next = await page(owner, 'users', { limit: 1, cursor });
      expect(next).toMatchObject({ total: null, offset: null, limit: 1 });
      expect(next.items).toHaveLength(1);
    });
  });
});
