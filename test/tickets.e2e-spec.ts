import request from 'supertest';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { bearer, createUser, TestUser } from './factories/users';
import {
  createTicket,
  csrPatch,
  PageBody,
  PROBLEM,
  ProblemBody,
  TicketBody,
  ticketInput,
  timeline,
} from './factories/tickets';
import { startTestApp, TestApp } from './support/test-app';
import { TICKET_CREATED, TICKET_UPDATED, TicketUpdatedEvent } from '@/tickets/ticket.events';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('User tickets (/api/v1/users/tickets)', () => {
  let t: TestApp;
  let csr: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    csr = await createUser(t, 'csr');
  });

  afterAll(async () => {
    await t.close();
  });

  const list = async (user: TestUser, query: Record<string, string | number> = {}) => {
    const response = await request(t.url)
      .get('/api/v1/users/tickets')
      .query(query)
      .set(bearer(user.accessToken))
      .expect(200);
    return response.body as PageBody;
  };

  describe('POST', () => {
    it('creates an open, auto-assigned ticket with the contract fields', async () => {
      const user = await createUser(t);
      const response = await request(t.url)
        .post('/api/v1/users/tickets')
        .set(bearer(user.accessToken))
        .send({
          title: '  Cannot log in  ',
          description: 'Since this morning.',
          category: '  Account ',
          type: 'QUESTION',
        })
        .expect(201);
      const ticket = response.body as TicketBody;
      expect(ticket).toEqual({
        id: expect.stringMatching(UUID),
        number: expect.any(Number),
        title: 'Cannot log in',
        description: 'Since this morning.',
        category: 'account',
        type: 'question',
        status: 'open',
        priority: null,
        user_id: user.id,
        assigned_to_id: csr.id,
        created_at: expect.any(String),
        updated_at: ticket.created_at,
        first_response_at: null,
        resolved_at: null,
        closed_at: null,
        tags: [],
        watcher_ids: [],
        satisfaction: null,
        sla: null,
      });
      expect(Number.isInteger(ticket.number) && ticket.number > 0).toBe(true);
      expect(new Date(ticket.created_at).toISOString()).toBe(ticket.created_at);
    });

    it('numbers tickets in increasing order for humans', async () => {
      const user = await createUser(t);
      const first = await createTicket(t, user);
      const second = await createTicket(t, user);
      expect(second.number).toBeGreaterThan(first.number);
    });

    it.each([
      [{ priority: 'high' }, 'priority'],
      [{ status: 'closed' }, 'status'],
      [{ assigned_to_id: '0b6c3f4e-8d0a-4c55-9e0e-1f2a3b4c5d6e' }, 'assigned_to_id'],
      [{ user_id: '0b6c3f4e-8d0a-4c55-9e0e-1f2a3b4c5d6e' }, 'user_id'],
      [{ title: '' }, 'title'],
      [{ title: '   ' }, 'title'],
      [{ title: 'x'.repeat(201) }, 'title'],
      [{ title: 42 }, 'title'],
      [{ description: '' }, 'description'],
      [{ description: 'x'.repeat(10_001) }, 'description'],
      [{ category: '' }, 'category'],
      [{ category: 'x'.repeat(51) }, 'category'],
      [{ type: 'x'.repeat(51) }, 'type'],
      [{ type: undefined }, 'type'],
    ])('answers 400 naming the field for %j', async (overrides, field) => {
      const user = await createUser(t);
      const response = await request(t.url)
        .post('/api/v1/users/tickets')
        .set(bearer(user.accessToken))
        .send(ticketInput(overrides))
        .expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      const errors = (response.body as ProblemBody).errors ?? [];
      expect(errors.map((error) => error.field)).toContain(field);
    });

    it('accepts the longest title and description', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user, {
        title: 't'.repeat(200),
        description: 'd'.repeat(10_000),
        category: 'c'.repeat(50),
        type: 'y'.repeat(50),
      });
      expect(ticket.title).toHaveLength(200);
      expect(ticket.description).toHaveLength(10_000);
    });

    it('requires a signed-in user', async () => {
      const response = await request(t.url)
        .post('/api/v1/users/tickets')
        .send(ticketInput())
        .expect(401);
      expect(response.headers['content-type']).toMatch(PROBLEM);
    });

    it('writes created then assigned on the timeline, in that order', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      const events = await timeline(t, csr, ticket.id);
      expect(events.map((event) => event.kind)).toEqual(['created', 'assigned']);
      expect(events[0]).toMatchObject({ ticket_id: ticket.id, actor_id: user.id });
      expect(events[1]).toMatchObject({
        actor_id: null,
        data: { from: null, to: csr.id, strategy: 'round_robin', reason: 'created' },
      });
    });

    it('publishes ticket.created after the ticket is stored', async () => {
      const user = await createUser(t);
      const emitter = t.app.get(EventEmitter2);
      const seen: unknown[] = [];
      const listener = (payload: unknown) => seen.push(payload);
      emitter.on(TICKET_CREATED, listener);
      try {
        const ticket = await createTicket(t, user);
        expect(seen).toEqual([{ ticket }]);
      } finally {
        emitter.off(TICKET_CREATED, listener);
      }
    });
  });

  describe('GET /{id}', () => {
    it('returns the caller’s own ticket', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      const response = await request(t.url)
        .get(`/api/v1/users/tickets/${ticket.id}`)
        .set(bearer(user.accessToken))
        .expect(200);
      expect(response.body).toEqual(ticket);
    });

    it('answers 404, never 403, for another user’s ticket and for none at all', async () => {
      const owner = await createUser(t);
      const other = await createUser(t);
      const ticket = await createTicket(t, owner);
      const foreign = await request(t.url)
        .get(`/api/v1/users/tickets/${ticket.id}`)
        .set(bearer(other.accessToken))
        .expect(404);
      const missing = await request(t.url)
        .get('/api/v1/users/tickets/0b6c3f4e-8d0a-4c55-9e0e-1f2a3b4c5d6e')
        .set(bearer(other.accessToken))
        .expect(404);
      expect(foreign.headers['content-type']).toMatch(PROBLEM);
      // Indistinguishable: the answer does not reveal that the first ticket exists.
      expect({ ...foreign.body, instance: '' }).toEqual({ ...missing.body, instance: '' });
    });

    it('answers 404 to the assigned CSR on the user route too: it speaks for owners only', async () => {
      const owner = await createUser(t);
      const ticket = await createTicket(t, owner);
      expect(ticket.assigned_to_id).toBe(csr.id);
      await request(t.url)
        .get(`/api/v1/users/tickets/${ticket.id}`)
        .set(bearer(csr.accessToken))
        .expect(404);
    });

    it('answers 400 naming id for a malformed id', async () => {
      const user = await createUser(t);
      const response = await request(t.url)
        .get('/api/v1/users/tickets/not-a-uuid')
        .set(bearer(user.accessToken))
        .expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect((response.body as ProblemBody).errors).toEqual([
        { field: 'id', message: expect.any(String) },
      ]);
    });
  });

  describe('GET (list)', () => {
    let owner: TestUser;
    let mine: TicketBody[];

    beforeAll(async () => {
      owner = await createUser(t);
      const other = await createUser(t);
      await createTicket(t, other, {
        title: 'Someone else’s billing problem',
        category: 'billing',
      });
      mine = [
        await createTicket(t, owner, {
          title: 'Refund please',
          category: 'Billing',
          type: 'request',
        }),
        await createTicket(t, owner, { title: 'VPN drops', category: 'network', type: 'incident' }),
        await createTicket(t, owner, {
          title: 'Slow laptop',
          description: 'The VPN client eats 100% CPU',
          category: 'hardware',
          type: 'incident',
        }),
        await createTicket(t, owner, {
          title: 'New monitor',
          category: 'hardware',
          type: 'request',
        }),
      ];
      await csrPatch(t, csr, mine[1]!.id, { status: 'in_progress', priority: 'urgent' });
      await csrPatch(t, csr, mine[2]!.id, { status: 'resolved', priority: 'low' });
      await csrPatch(t, csr, mine[3]!.id, { status: 'closed' });
    });

    const ids = (page: PageBody) => page.items.map((ticket) => ticket.id);

    it('pages the caller’s tickets only, newest first, with a total', async () => {
      const page = await list(owner);
      expect(page).toEqual({
        items: expect.any(Array),
        total: 4,
        limit: 20,
        offset: 0,
        next_cursor: null,
      });
      expect(ids(page)).toEqual(mine.map((ticket) => ticket.id).reverse());
      expect(page.items.every((ticket) => ticket.user_id === owner.id)).toBe(true);
    });

    it('filters by one status or a comma list', async () => {
      expect(ids(await list(owner, { status: 'open' }))).toEqual([mine[0]!.id]);
      expect(
        ids(await list(owner, { status: 'in_progress,resolved', sort: 'created_at' })),
      ).toEqual([mine[1]!.id, mine[2]!.id]);
      expect((await list(owner, { status: 'closed' })).total).toBe(1);
    });

    it('filters by category and type, matching in any letter case', async () => {
      expect(ids(await list(owner, { category: 'BILLING' }))).toEqual([mine[0]!.id]);
      expect(ids(await list(owner, { category: 'hardware', type: 'incident' }))).toEqual([
        mine[2]!.id,
      ]);
      expect((await list(owner, { type: 'request' })).total).toBe(2);
    });

    it('filters by priority', async () => {
      expect(ids(await list(owner, { priority: 'urgent' }))).toEqual([mine[1]!.id]);
      expect((await list(owner, { priority: 'medium' })).total).toBe(0);
    });

    it('searches title and description case-insensitively with q, wildcards taken literally', async () => {
      expect(ids(await list(owner, { q: 'vpn', sort: 'created_at' }))).toEqual([
        mine[1]!.id,
        mine[2]!.id,
      ]);
      expect(ids(await list(owner, { q: 'REFUND' }))).toEqual([mine[0]!.id]);
      expect((await list(owner, { q: '100%' })).total).toBe(1);
      expect((await list(owner, { q: '%' })).total).toBe(1);
      expect((await list(owner, { q: '_' })).total).toBe(0);
    });

    it('pages with offset and limit and keeps the total', async () => {
      const page = await list(owner, { limit: 3, offset: 2 });
      expect(page.total).toBe(4);
      expect(page.offset).toBe(2);
      expect(page.limit).toBe(3);
      expect(ids(page)).toEqual([mine[1]!.id, mine[0]!.id]);
      expect(page.next_cursor).toBeNull();
      const past = await list(owner, { offset: 10 });
      expect(past).toMatchObject({ items: [], total: 4, offset: 10, next_cursor: null });
    });

    it('ignores other users’ tickets in every filter', async () => {
      expect((await list(owner, { category: 'billing', q: 'someone' })).total).toBe(0);
    });

    it.each([
      [{ status: 'bogus' }, 'status'],
      [{ status: 'open,bogus' }, 'status'],
      [{ status: '' }, 'status'],
      [{ priority: 'critical' }, 'priority'],
      [{ sort: 'title' }, 'sort'],
      [{ sort: '-bogus' }, 'sort'],
      [{ sort: 'created_at;drop table tickets' }, 'sort'],
      [{ limit: 0 }, 'limit'],
      [{ limit: 101 }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ offset: -1 }, 'offset'],
      [{ category: '' }, 'category'],
      [{ q: 'x'.repeat(201) }, 'q'],
      [{ cursor: 'garbage!' }, 'cursor'],
      [{ unassigned: 'true' }, 'unassigned'],
      [{ user_id: '0b6c3f4e-8d0a-4c55-9e0e-1f2a3b4c5d6e' }, 'user_id'],
    ])('answers 400 naming the parameter for %j', async (query, field) => {
      const response = await request(t.url)
        .get('/api/v1/users/tickets')
        .query(query)
        .set(bearer(owner.accessToken))
        .expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      const errors = (response.body as ProblemBody).errors ?? [];
      expect(errors.map((error) => error.field)).toContain(field);
    });
  });

  describe('PATCH /{id}', () => {
    const patch = (user: TestUser, id: string, body: Record<string, unknown>) =>
      request(t.url).patch(`/api/v1/users/tickets/${id}`).set(bearer(user.accessToken)).send(body);

    it('lets the owner close an open ticket, stamping closed_at', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      const response = await patch(user, ticket.id, { status: 'closed' }).expect(200);
      const closed = response.body as TicketBody;
      expect(closed).toMatchObject({ id: ticket.id, status: 'closed', resolved_at: null });
      expect(closed.closed_at).not.toBeNull();
      expect(closed.updated_at >= ticket.updated_at).toBe(true);
      const events = await timeline(t, csr, ticket.id);
      expect(events.at(-1)).toMatchObject({
        kind: 'status_changed',
        actor_id: user.id,
        data: { from: 'open', to: 'closed' },
      });
    });

    it.each(['in_progress', 'resolved'] as const)(
      'lets the owner close a ticket that is %s',
      async (state) => {
        const user = await createUser(t);
        const ticket = await createTicket(t, user);
        await csrPatch(t, csr, ticket.id, { status: state });
        const response = await patch(user, ticket.id, { status: 'closed' }).expect(200);
        expect(response.body).toMatchObject({ status: 'closed', resolved_at: null });
      },
    );

    it('lets the owner reopen a resolved ticket, clearing resolved_at', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      const resolved = (await csrPatch(t, csr, ticket.id, { status: 'resolved' }))
        .body as TicketBody;
      expect(resolved.resolved_at).not.toBeNull();
      const response = await patch(user, ticket.id, { status: 'open' }).expect(200);
      expect(response.body).toMatchObject({ status: 'open', resolved_at: null, closed_at: null });
    });

    it.each([
      ['open', 'in_progress'],
      ['open', 'resolved'],
      ['in_progress', 'open'],
      ['in_progress', 'resolved'],
      ['resolved', 'in_progress'],
    ] as const)('answers 409 when the owner moves %s -> %s', async (from, to) => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      if (from !== 'open') await csrPatch(t, csr, ticket.id, { status: from });
      const response = await patch(user, ticket.id, { status: to }).expect(409);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect((response.body as ProblemBody).detail).toBe(
        `Cannot change status from ${from} to ${to}`,
      );
    });

    it('answers 409 Ticket is closed when the owner reopens a closed ticket', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      await patch(user, ticket.id, { status: 'closed' }).expect(200);
      for (const status of ['open', 'in_progress', 'resolved']) {
        const response = await patch(user, ticket.id, { status }).expect(409);
        expect((response.body as ProblemBody).detail).toBe('Ticket is closed');
      }
    });

    it('treats the current status as a no-op with no event', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      const response = await patch(user, ticket.id, { status: 'open' }).expect(200);
      expect(response.body).toEqual(ticket);
      expect((await timeline(t, csr, ticket.id)).map((event) => event.kind)).toEqual([
        'created',
        'assigned',
      ]);
    });

    it('answers 404 for someone else’s ticket, even for an allowed move', async () => {
      const owner = await createUser(t);
      const other = await createUser(t);
      const ticket = await createTicket(t, owner);
      await patch(other, ticket.id, { status: 'closed' }).expect(404);
      const unchanged = await request(t.url)
        .get(`/api/v1/users/tickets/${ticket.id}`)
        .set(bearer(owner.accessToken))
        .expect(200);
      expect(unchanged.body).toMatchObject({ status: 'open' });
    });

    it.each([
      [{}, 'status'],
      [{ status: 'bogus' }, 'status'],
      [{ status: 'closed', priority: 'high' }, 'priority'],
    ])('answers 400 for %j', async (body, field) => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      const response = await patch(user, ticket.id, body).expect(400);
      const errors = (response.body as ProblemBody).errors ?? [];
      expect(errors.map((error) => error.field)).toContain(field);
    });

    it('publishes ticket.updated with the new ticket after a change, nothing for a no-op', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      const emitter = t.app.get(EventEmitter2);
      const seen: TicketUpdatedEvent[] = [];
      const listener = (payload: TicketUpdatedEvent) => seen.push(payload);
      emitter.on(TICKET_UPDATED, listener);
      try {
        await patch(user, ticket.id, { status: 'open' }).expect(200);
        expect(seen).toEqual([]);
        const closed = (await patch(user, ticket.id, { status: 'closed' }).expect(200))
          .body as TicketBody;
        expect(seen).toEqual([{ ticket: closed, previousStatus: 'open' }]);
      } finally {
        emitter.off(TICKET_UPDATED, listener);
      }
    });
  });
});
