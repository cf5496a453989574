import request from 'supertest';
import { Client } from 'pg';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { bearer, createUser, setActive, TestUser } from './factories/users';
import {
  createCsrs,
  createTicket,
  csrPatch,
  PageBody,
  PROBLEM,
  ProblemBody,
  TicketBody,
  timeline,
} from './factories/tickets';
import { startTestApp, TestApp } from './support/test-app';
import { AutoCloseJob } from '@/tickets/auto-close.job';
import { TICKET_UPDATED, TicketUpdatedEvent } from '@/tickets/ticket.events';

const ON_POSTGRES = Boolean(process.env.TEST_DATABASE_URL);
const MISSING = '0b6c3f4e-8d0a-4c55-9e0e-1f2a3b4c5d6e';

describe('CSR queue (/api/v1/csr/tickets)', () => {
  let t: TestApp;
  let admin: TestUser;
  let csrA: TestUser;
  let csrB: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ AUTO_CLOSE_AFTER_HOURS: '96' });
    admin = await createUser(t, 'admin');
    [csrA, csrB] = (await createCsrs(t, 2)) as [TestUser, TestUser];
  });

  afterAll(async () => {
    await t.close();
  });

  const get = (actor: TestUser, path: string, query: Record<string, string | number> = {}) =>
    request(t.url).get(`/api/v1/csr/tickets${path}`).query(query).set(bearer(actor.accessToken));

  const assign = (actor: TestUser, id: string, body: Record<string, unknown>) =>
    request(t.url)
      .post(`/api/v1/csr/tickets/${id}/assign`)
      .set(bearer(actor.accessToken))
      .send(body);

  /** Records what ticket.updated carries while `run` runs. */
  async function updatesDuring(run: () => Promise<unknown>): Promise<TicketUpdatedEvent[]> {
    const emitter = t.app.get(EventEmitter2);
    const seen: TicketUpdatedEvent[] = [];
    const listener = (payload: TicketUpdatedEvent) => seen.push(payload);
    emitter.on(TICKET_UPDATED, listener);
    try {
      await run();
    } finally {
      emitter.off(TICKET_UPDATED, listener);
    }
    return seen;
  }

  describe('access', () => {
    it('answers 401 without a token and 403 to a user on every route', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      await get(user, '').expect(403);
      await request(t.url).get('/api/v1/csr/tickets').expect(401);
      const attempts = [
        get(user, ''),
        get(user, `/${ticket.id}`),
        get(user, `/${ticket.id}/events`),
        assign(user, ticket.id, { assignee_id: csrA.id }),
        request(t.url)
          .patch(`/api/v1/csr/tickets/${ticket.id}`)
          .set(bearer(user.accessToken))
          .send({ status: 'resolved' }),
      ];
      for (const attempt of attempts) {
        const response = await attempt.expect(403);
        expect(response.headers['content-type']).toMatch(PROBLEM);
      }
      // Refused before anything changed.
      expect((await get(admin, `/${ticket.id}`).expect(200)).body).toMatchObject({
        status: 'open',
        assigned_to_id: ticket.assigned_to_id,
      });
    });

    it('lets any CSR and any admin read and work any ticket', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      const other = ticket.assigned_to_id === csrA.id ? csrB : csrA;
      await get(other, `/${ticket.id}`).expect(200);
      await get(admin, `/${ticket.id}/events`).expect(200);
      await csrPatch(t, other, ticket.id, { priority: 'high' });
      await csrPatch(t, admin, ticket.id, { status: 'in_progress' });
    });
  });

  describe('GET /{id} and /{id}/events', () => {
    it('returns the ticket; 404 for none; 400 naming id for a malformed one', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      expect((await get(csrA, `/${ticket.id}`).expect(200)).body).toEqual(ticket);
      const missing = await get(csrA, `/${MISSING}`).expect(404);
      expect(missing.headers['content-type']).toMatch(PROBLEM);
      await get(csrA, `/${MISSING}/events`).expect(404);
      const malformed = await get(csrA, '/1234').expect(400);
      expect((malformed.body as ProblemBody).errors).toEqual([
        { field: 'id', message: expect.any(String) },
      ]);
    });

    it('lists the timeline oldest first, in the order each transaction wrote it', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      const target = ticket.assigned_to_id === csrA.id ? csrB : csrA;
      await csrPatch(t, csrA, ticket.id, { status: 'in_progress', priority: 'medium' });
      await assign(csrA, ticket.id, { assignee_id: target.id, priority: 'urgent' }).expect(200);
      const events = await timeline(t, csrA, ticket.id);
      expect(events.map((event) => [event.kind, event.data])).toEqual([
        ['created', {}],
        [
          'assigned',
          { from: null, to: ticket.assigned_to_id, strategy: 'round_robin', reason: 'created' },
        ],
        ['status_changed', { from: 'open', to: 'in_progress' }],
        ['priority_changed', { from: null, to: 'medium' }],
        [
          'assigned',
          { from: ticket.assigned_to_id, to: target.id, strategy: 'manual', reason: 'manual' },
        ],
        ['priority_changed', { from: 'medium', to: 'urgent' }],
      ]);
      const ids = events.map((event) => event.id);
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      // Events of one transaction share created_at: only the id keeps their order.
      expect(events[0]!.created_at).toBe(events[1]!.created_at);
      expect(events[2]!.created_at).toBe(events[3]!.created_at);
      expect(events.map((event) => event.actor_id)).toEqual([
        user.id,
        null,
        csrA.id,
        csrA.id,
        csrA.id,
        csrA.id,
      ]);
      expect(events.every((event) => event.ticket_id === ticket.id)).toBe(true);
    });
  });

  describe('GET (list)', () => {
    let owner: TestUser;
    let other: TestUser;
    let tickets: TicketBody[];
    let unassigned: TicketBody;

    beforeAll(async () => {
      owner = await createUser(t);
      other = await createUser(t);
      tickets = [
        await createTicket(t, owner, { category: 'queue-a', type: 'incident', title: 'Alpha' }),
        await createTicket(t, owner, { category: 'queue-a', type: 'request', title: 'Beta' }),
        await createTicket(t, other, {
          category: 'queue-b',
          type: 'incident',
          description: 'gamma ray',
        }),
      ];
      await assign(csrA, tickets[0]!.id, { assignee_id: csrA.id, priority: 'high' }).expect(200);
      await assign(csrA, tickets[1]!.id, { assignee_id: csrB.id }).expect(200);
      await assign(csrA, tickets[2]!.id, { assignee_id: csrB.id }).expect(200);
      await csrPatch(t, csrB, tickets[2]!.id, { status: 'resolved', priority: 'low' });
      // No active CSR for a moment: this one stays unassigned.
      await t.dataSource.query(`UPDATE users SET is_active = false WHERE role = 'csr'`);
      unassigned = await createTicket(t, other, { category: 'queue-b', type: 'request' });
      await t.dataSource.query(`UPDATE users SET is_active = true WHERE id = ANY($1)`, [
        [csrA.id, csrB.id],
      ]);
      expect(unassigned.assigned_to_id).toBeNull();
    });

    const ids = async (actor: TestUser, query: Record<string, string | number>) => {
      const response = await get(actor, '', { sort: 'created_at', limit: 100, ...query }).expect(
        200,
      );
      return (response.body as PageBody).items.map((ticket) => ticket.id);
    };
    const ours = () => [...tickets, unassigned].map((ticket) => ticket.id);
    const only = (found: string[]) => found.filter((id) => ours().includes(id));

    it('lists tickets of every user', async () => {
      expect(only(await ids(csrA, {}))).toEqual(ours());
      const page = (await get(admin, '').expect(200)).body as PageBody;
      expect(page).toMatchObject({ limit: 20, offset: 0, total: expect.any(Number) });
      expect(page.total).toBeGreaterThanOrEqual(4);
    });

    it('filters unassigned=true and unassigned=false', async () => {
      const unassignedIds = await ids(csrA, { unassigned: 'true' });
      expect(unassignedIds).toContain(unassigned.id);
      expect(only(unassignedIds)).toEqual([unassigned.id]);
      expect(only(await ids(csrA, { unassigned: 'false' }))).toEqual(
        tickets.map((ticket) => ticket.id),
      );
    });

    it('filters assignee_id by id and by me', async () => {
      expect(only(await ids(csrA, { assignee_id: 'me' }))).toEqual([tickets[0]!.id]);
      expect(only(await ids(csrB, { assignee_id: 'me' }))).toEqual([
        tickets[1]!.id,
        tickets[2]!.id,
      ]);
      expect(only(await ids(csrA, { assignee_id: csrB.id }))).toEqual([
        tickets[1]!.id,
        tickets[2]!.id,
      ]);
      expect(only(await ids(csrA, { assignee_id: csrB.id.toUpperCase() }))).toHaveLength(2);
    });

    it('filters by status list, priority, category, type, user_id and q', async () => {
      expect(only(await ids(csrA, { status: 'resolved' }))).toEqual([tickets[2]!.id]);
      expect(only(await ids(csrA, { status: 'open,resolved' }))).toEqual(ours());
      expect(only(await ids(csrA, { priority: 'high' }))).toEqual([tickets[0]!.id]);
      expect(only(await ids(csrA, { priority: 'low,high' }))).toEqual([
        tickets[0]!.id,
        tickets[2]!.id,
      ]);
      expect(await ids(csrA, { category: 'Queue-A' })).toEqual([tickets[0]!.id, tickets[1]!.id]);
      expect(await ids(csrA, { category: 'queue-b', type: 'incident' })).toEqual([tickets[2]!.id]);
      expect(await ids(csrA, { user_id: owner.id })).toEqual([tickets[0]!.id, tickets[1]!.id]);
      expect(await ids(csrA, { user_id: other.id, q: 'GAMMA' })).toEqual([tickets[2]!.id]);
      expect(
        await ids(csrA, {
          user_id: owner.id,
          assignee_id: csrB.id,
          status: 'open',
          type: 'request',
        }),
      ).toEqual([tickets[1]!.id]);
    });

    it.each([
      [{ unassigned: 'maybe' }, 'unassigned'],
      [{ assignee_id: 'bob' }, 'assignee_id'],
      [{ user_id: 'me' }, 'user_id'],
      [{ status: 'open,bogus' }, 'status'],
      [{ priority: 'none' }, 'priority'],
      [{ sort: 'assigned_to_id' }, 'sort'],
      [{ limit: 1000 }, 'limit'],
      [{ type: 'x'.repeat(51) }, 'type'],
      [{ colour: 'red' }, 'colour'],
    ])('answers 400 naming the parameter for %j', async (query, field) => {
      const response = await get(csrA, '', query).expect(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(((response.body as ProblemBody).errors ?? []).map((e) => e.field)).toContain(field);
    });
  });

  describe('POST /{id}/assign', () => {
    it('reassigns to an active CSR, records who did it, and publishes the previous assignee', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      const target = ticket.assigned_to_id === csrA.id ? csrB : csrA;
      let body: TicketBody | undefined;
      const updates = await updatesDuring(async () => {
        body = (await assign(admin, ticket.id, { assignee_id: target.id }).expect(200))
          .body as TicketBody;
      });
      expect(body).toMatchObject({ id: ticket.id, assigned_to_id: target.id, priority: null });
      expect(updates).toEqual([
        { ticket: body, previousAssigneeId: ticket.assigned_to_id, assignmentReason: 'manual' },
      ]);
      expect((await timeline(t, admin, ticket.id)).at(-1)).toMatchObject({
        kind: 'assigned',
        actor_id: admin.id,
        data: { from: ticket.assigned_to_id, to: target.id, strategy: 'manual', reason: 'manual' },
      });
    });

    it('sets the priority in the same step', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      const response = await assign(csrA, ticket.id, {
        assignee_id: csrA.id,
        priority: 'urgent',
      }).expect(200);
      expect(response.body).toMatchObject({ assigned_to_id: csrA.id, priority: 'urgent' });
    });

    it('is a no-op for the current assignee with no priority: no event, nothing published', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      const updates = await updatesDuring(async () => {
        // In any letter case: a UUID is the same id however it is written.
        const response = await assign(csrA, ticket.id, {
          assignee_id: ticket.assigned_to_id!.toUpperCase(),
        }).expect(200);
        expect(response.body).toEqual(ticket);
      });
      expect(updates).toEqual([]);
      expect(await timeline(t, csrA, ticket.id)).toHaveLength(2);
    });

    it('answers 422 unless the assignee is an active CSR', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      const retired = await createUser(t, 'csr');
      await setActive(t, admin, retired.id, false);
      for (const assignee of [user.id, admin.id, retired.id, MISSING]) {
        const response = await assign(csrA, ticket.id, { assignee_id: assignee }).expect(422);
        expect(response.headers['content-type']).toMatch(PROBLEM);
        expect((response.body as ProblemBody).detail).toBe('Assignee must be an active CSR');
      }
      expect((await get(csrA, `/${ticket.id}`).expect(200)).body).toEqual(ticket);
    });

    it('answers 404 for an unknown ticket, 400 for a malformed body', async () => {
      await assign(csrA, MISSING, { assignee_id: csrA.id }).expect(404);
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      for (const [body, field] of [
        [{}, 'assignee_id'],
        [{ assignee_id: 'me' }, 'assignee_id'],
        [{ assignee_id: csrA.id, priority: 'critical' }, 'priority'],
        [{ assignee_id: csrA.id, priority: null }, 'priority'],
        [{ assignee_id: csrA.id, status: 'closed' }, 'status'],
      ] as const) {
        const response = await assign(csrA, ticket.id, body).expect(400);
        expect(((response.body as ProblemBody).errors ?? []).map((e) => e.field)).toContain(field);
      }
    });

    it('answers 409 Ticket is closed for a closed ticket', async () => {
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      await csrPatch(t, csrA, ticket.id, { status: 'closed' });
      const target = ticket.assigned_to_id === csrA.id ? csrB : csrA;
      const response = await assign(csrA, ticket.id, { assignee_id: target.id }).expect(409);
      expect((response.body as ProblemBody).detail).toBe('Ticket is closed');
    });
  });

  describe('PATCH /{id}', () => {
    /** A fresh ticket brought to `status` by staff. */
    async function ticketIn(status: TicketBody['status']): Promise<TicketBody> {
      const ticket = await createTicket(t, await createUser(t));
      if (status === 'open') return ticket;
      return (await csrPatch(t, csrA, ticket.id, { status })).body as TicketBody;
    }

    it.each([
      ['open', 'in_progress'],
      ['open', 'resolved'],
      ['open', 'closed'],
      ['in_progress', 'open'],
      ['in_progress', 'resolved'],
      ['in_progress', 'closed'],
      ['resolved', 'open'],
      ['resolved', 'in_progress'],
      ['resolved', 'closed'],
    ] as const)('moves %s -> %s with an event and the right timestamps', async (from, to) => {
      const ticket = await ticketIn(from);
      const response = await csrPatch(t, csrB, ticket.id, { status: to });
      const changed = response.body as TicketBody;
      expect(changed.status).toBe(to);
      expect(changed.resolved_at === null).toBe(to !== 'resolved');
      expect(changed.closed_at === null).toBe(to !== 'closed');
      expect(changed.updated_at > ticket.updated_at).toBe(true);
      expect((await timeline(t, csrB, ticket.id)).at(-1)).toMatchObject({
        kind: 'status_changed',
        actor_id: csrB.id,
        data: { from, to },
      });
    });

    it('keeps resolved_at while the ticket stays resolved', async () => {
      const ticket = await ticketIn('resolved');
      const response = await csrPatch(t, csrA, ticket.id, { priority: 'high' });
      expect(response.body).toMatchObject({ status: 'resolved', resolved_at: ticket.resolved_at });
    });

    it.each(['open', 'in_progress', 'resolved'] as const)(
      'answers 409 Ticket is closed for closed -> %s',
      async (to) => {
        const ticket = await ticketIn('closed');
        const response = await csrPatch(t, csrA, ticket.id, { status: to }, 409);
        expect(response.headers['content-type']).toMatch(PROBLEM);
        expect((response.body as ProblemBody).detail).toBe('Ticket is closed');
      },
    );

    it('answers 409 for a priority change on a closed ticket', async () => {
      const ticket = await ticketIn('closed');
      const response = await csrPatch(t, csrA, ticket.id, { priority: 'urgent' }, 409);
      expect((response.body as ProblemBody).detail).toBe('Ticket is closed');
      const after = (await get(csrA, `/${ticket.id}`).expect(200)).body as TicketBody;
      expect(after).toEqual(ticket);
    });

    it.each(['open', 'in_progress', 'resolved', 'closed'] as const)(
      'treats %s -> the same status as a 200 no-op with no event',
      async (status) => {
        const ticket = await ticketIn(status);
        const before = await timeline(t, csrA, ticket.id);
        const updates = await updatesDuring(async () => {
          const response = await csrPatch(t, csrA, ticket.id, { status });
          expect(response.body).toEqual(ticket);
        });
        expect(updates).toEqual([]);
        expect(await timeline(t, csrA, ticket.id)).toEqual(before);
      },
    );

    it('changes status and priority together: two events, one publication', async () => {
      const ticket = await ticketIn('open');
      let changed: TicketBody | undefined;
      const updates = await updatesDuring(async () => {
        changed = (await csrPatch(t, csrA, ticket.id, { status: 'in_progress', priority: 'low' }))
          .body as TicketBody;
      });
      expect(changed).toMatchObject({ status: 'in_progress', priority: 'low' });
      expect(updates).toEqual([{ ticket: changed, previousStatus: 'open' }]);
      const kinds = (await timeline(t, csrA, ticket.id)).map((event) => event.kind);
      expect(kinds.slice(-2)).toEqual(['status_changed', 'priority_changed']);
    });

    it('answers 404 for an unknown ticket', async () => {
      await csrPatch(t, csrA, MISSING, { status: 'resolved' }, 404);
    });

    it.each([
      [{}, 'status'],
      [{ status: 'bogus' }, 'status'],
      [{ status: null }, 'status'],
      [{ priority: 'critical' }, 'priority'],
      [{ priority: null }, 'priority'],
      [{ status: 'open', assigned_to_id: MISSING }, 'assigned_to_id'],
    ])('answers 400 for %j', async (body, field) => {
      const ticket = await ticketIn('open');
      const response = await csrPatch(t, csrA, ticket.id, body, 400);
      expect(((response.body as ProblemBody).errors ?? []).map((e) => e.field)).toContain(field);
    });
  });

  describe('auto-close job', () => {
    /** A resolved ticket whose resolved_at lies `hours` in the past. */
    async function resolvedAgo(hours: number): Promise<TicketBody> {
      const ticket = await createTicket(t, await createUser(t));
      await csrPatch(t, csrA, ticket.id, { status: 'resolved' });
      await t.dataSource.query(
        `UPDATE tickets SET resolved_at = now() - make_interval(hours => $2) WHERE id = $1`,
        [ticket.id, hours],
      );
      return ticket;
    }

    const status = async (id: string) =>
      ((await get(csrA, `/${id}`).expect(200)).body as TicketBody).status;

    it('closes tickets resolved for longer than AUTO_CLOSE_AFTER_HOURS with a system event', async () => {
      const stale = await resolvedAgo(97);
      const fresh = await resolvedAgo(95);
      const open = await createTicket(t, await createUser(t));
      await t.dataSource.query(
        `UPDATE tickets SET updated_at = now() - interval '200 hours' WHERE id = $1`,
        [open.id],
      );
      const job = t.app.get(AutoCloseJob);
      let closed = 0;
      const updates = await updatesDuring(async () => {
        closed = await job.closeStale();
      });
      expect(closed).toBeGreaterThanOrEqual(1);
      expect(await status(stale.id)).toBe('closed');
      expect(await status(fresh.id)).toBe('resolved');
      expect(await status(open.id)).toBe('open');
      const after = (await get(csrA, `/${stale.id}`).expect(200)).body as TicketBody;
      expect(after.closed_at).not.toBeNull();
      expect(after.resolved_at).toBeNull();
      expect(updates.map((update) => update.ticket.id)).toContain(stale.id);
      expect((await timeline(t, csrA, stale.id)).at(-1)).toMatchObject({
        kind: 'status_changed',
        actor_id: null,
        data: { from: 'resolved', to: 'closed', reason: 'auto_close' },
      });
      // Nothing is left to close: a second pass closes nothing and writes nothing.
      expect(await job.closeStale()).toBe(0);
      expect(
        (await timeline(t, csrA, stale.id)).filter((event) => event.kind === 'status_changed'),
      ).toHaveLength(2);
    });

    it('closes each ticket once when passes run at the same time', async () => {
      const stale = await Promise.all([resolvedAgo(100), resolvedAgo(120), resolvedAgo(150)]);
      const job = t.app.get(AutoCloseJob);
      const counts = await Promise.all([job.closeStale(), job.closeStale(), job.closeStale()]);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
      for (const ticket of stale) {
        const closes = (await timeline(t, csrA, ticket.id)).filter(
          (event) => event.data.reason === 'auto_close',
        );
        expect(closes).toHaveLength(1);
      }
    });

    (ON_POSTGRES ? it : it.skip)(
      'skips rows another transaction holds (FOR UPDATE SKIP LOCKED) [real PostgreSQL only: PGlite serves one session]',
      async () => {
        const held = await resolvedAgo(200);
        const free = await resolvedAgo(200);
        const other = new Client({ connectionString: t.config.databaseUrl });
        await other.connect();
        try {
          await other.query('BEGIN');
          await other.query('SELECT 1 FROM tickets WHERE id = $1 FOR UPDATE', [held.id]);
          // A plain FOR UPDATE would wait here for the other transaction; SKIP LOCKED moves on.
          const closed = await Promise.race([
            t.app.get(AutoCloseJob).closeStale(),
            new Promise<never>((_, reject) =>
              setTimeout(() => reject(new Error('closeStale waited for a locked row')), 5000),
            ),
          ]);
          expect(closed).toBe(1);
          expect(await status(free.id)).toBe('closed');
          expect(await status(held.id)).toBe('resolved');
        } finally {
          await other.query('ROLLBACK');
          await other.end();
        }
        expect(await t.app.get(AutoCloseJob).closeStale()).toBe(1);
        expect(await status(held.id)).toBe('closed');
      },
    );
  });

  describe('deactivated CSR', () => {
    it('keeps their tickets until someone reassigns them', async () => {
      const csr = await createUser(t, 'csr');
      const user = await createUser(t);
      const ticket = await createTicket(t, user);
      await assign(admin, ticket.id, { assignee_id: csr.id }).expect(200);
      await setActive(t, admin, csr.id, false);
      expect((await get(admin, `/${ticket.id}`).expect(200)).body).toMatchObject({
        assigned_to_id: csr.id,
      });
      const response = await assign(csrA, ticket.id, { assignee_id: csrA.id }).expect(200);
      expect(response.body).toMatchObject({ assigned_to_id: csrA.id });
    });
  });
});
