import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { bearer, createUser, TestUser } from './factories/users';
import { ack, collect, connectChat, nextEvent, sentinel } from './factories/sockets';
import {
  assignTicket,
  createTicket,
  csrPatch,
  PROBLEM,
  ProblemBody,
  TicketBody,
  timeline,
} from './factories/tickets';
import { startTestApp, TestApp } from './support/test-app';
import { AutoCloseJob } from '@/tickets/auto-close.job';

interface RatingBody {
  ticket_id: string;
  rating: number;
  comment: string | null;
  assignee_id: string | null;
  rated_at: string;
}
interface ReportBody {
  count: number;
  average: number | null;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

describe('Satisfaction (CSAT)', () => {
  let t: TestApp;
  let csr: TestUser;
  let owner: TestUser;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({ CSAT_WINDOW_DAYS: '7' });
    csr = await createUser(t, 'csr');
    owner = await createUser(t);
  });

  afterEach(() => {
    while (sockets.length > 0) sockets.pop()?.close();
  });

  afterAll(async () => {
    await t.close();
  });

  const rate = (id: string, body: Record<string, unknown>, status = 201, user = owner) =>
    request(t.url)
      .post(`/api/v1/users/tickets/${id}/satisfaction`)
      .set(bearer(user.accessToken))
      .send(body)
      .expect(status);

  const resolved = async (user = owner, staff = csr): Promise<TicketBody> => {
    const ticket = await createTicket(t, user);
    await assignTicket(t, staff, ticket.id, staff.id);
    return (await csrPatch(t, staff, ticket.id, { status: 'resolved' })).body as TicketBody;
  };

  /** Moves the ticket's resolutions `days` into the past. */
  const resolvedDaysAgo = (id: string, days: number) =>
    t.dataSource.query(
      `UPDATE ticket_events SET created_at = now() - make_interval(secs => $2)
        WHERE ticket_id = $1 AND kind = 'status_changed' AND data->>'to' = 'resolved'`,
      [id, days * 24 * 3600],
    );

  const getTicket = async (id: string, user = owner) =>
    (
      await request(t.url)
        .get(`/api/v1/users/tickets/${id}`)
        .set(bearer(user.accessToken))
        .expect(200)
    ).body as TicketBody;

  describe('POST /users/tickets/{id}/satisfaction', () => {
    it('rates a resolved ticket: 201 with the assignee at the time; the ticket JSON carries it', async () => {
      const ticket = await resolved();
      const response = await rate(ticket.id, { rating: 4, comment: '  Quick, thanks!  ' });
      const rating = response.body as RatingBody;
      expect(rating).toEqual({
        ticket_id: ticket.id,
        rating: 4,
        comment: 'Quick, thanks!',
        assignee_id: csr.id,
        rated_at: expect.any(String),
      });
      expect((await getTicket(ticket.id)).satisfaction).toEqual(rating);
      const events = (await timeline(t, csr, ticket.id)).filter(
        (event) => event.kind === 'satisfaction_submitted',
      );
      expect(events.map((event) => [event.actor_id, event.data])).toEqual([
        [owner.id, { rating: 4 }],
      ]);
      // Handing the ticket on later does not rewrite whom the rating was about.
      const other = await createUser(t, 'csr');
      await assignTicket(t, csr, ticket.id, other.id);
      expect((await getTicket(ticket.id)).satisfaction?.assignee_id).toBe(csr.id);
    });

    it('takes no comment, or an empty one, as null', async () => {
      const first = await resolved();
      expect((await rate(first.id, { rating: 5 })).body).toMatchObject({ comment: null });
      const second = await resolved();
      expect((await rate(second.id, { rating: 1, comment: '   ' })).body).toMatchObject({
        comment: null,
      });
    });

    it('refuses a second rating of the same resolution with 409', async () => {
      const ticket = await resolved();
      await rate(ticket.id, { rating: 3 });
      const response = await rate(ticket.id, { rating: 5 }, 409);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect((await getTicket(ticket.id)).satisfaction?.rating).toBe(3);
    });

    it('gives one of two concurrent ratings 201 and the other 409', async () => {
      const ticket = await resolved();
      const attempt = (rating: number) =>
        request(t.url)
          .post(`/api/v1/users/tickets/${ticket.id}/satisfaction`)
          .set(bearer(owner.accessToken))
          .send({ rating })
          .then((response) => response.status);
      expect((await Promise.all([attempt(2), attempt(5)])).sort()).toEqual([201, 409]);
      const rows = await t.dataSource.query('SELECT 1 FROM ticket_ratings WHERE ticket_id = $1', [
        ticket.id,
      ]);
      expect(rows).toHaveLength(1);
    });

    it('rates a reopened and again resolved ticket again; satisfaction is the latest', async () => {
      const ticket = await resolved();
      await rate(ticket.id, { rating: 2 });
      await request(t.url)
        .patch(`/api/v1/users/tickets/${ticket.id}`)
        .set(bearer(owner.accessToken))
        .send({ status: 'open' })
        .expect(200);
      // Reopened: not resolved now.
      await rate(ticket.id, { rating: 4 }, 409);
      await csrPatch(t, csr, ticket.id, { status: 'resolved' });
      const second = (await rate(ticket.id, { rating: 5, comment: 'Fixed now' }))
        .body as RatingBody;
      expect((await getTicket(ticket.id)).satisfaction).toEqual(second);
      await rate(ticket.id, { rating: 1 }, 409);
    });

    it('refuses a ticket that is open, in progress, or closed without being resolved (409)', async () => {
      const open = await createTicket(t, owner);
      await rate(open.id, { rating: 5 }, 409);
      await csrPatch(t, csr, open.id, { status: 'in_progress' });
      await rate(open.id, { rating: 5 }, 409);
      await csrPatch(t, csr, open.id, { status: 'closed' });
      await rate(open.id, { rating: 5 }, 409);
      // Resolved, reopened, then closed: the close did not end a resolution.
      const undone = await resolved();
      await csrPatch(t, csr, undone.id, { status: 'in_progress' });
      await csrPatch(t, csr, undone.id, { status: 'closed' });
      await rate(undone.id, { rating: 5 }, 409);
    });

    it('rates a ticket closed from resolved within CSAT_WINDOW_DAYS, not after (409)', async () => {
      const byOwner = await resolved();
      await request(t.url)
        .patch(`/api/v1/users/tickets/${byOwner.id}`)
        .set(bearer(owner.accessToken))
        .send({ status: 'closed' })
        .expect(200);
      await resolvedDaysAgo(byOwner.id, 6.9);
      await rate(byOwner.id, { rating: 4 });

      const late = await resolved();
      await csrPatch(t, csr, late.id, { status: 'closed' });
      await resolvedDaysAgo(late.id, 7.01);
      const response = await rate(late.id, { rating: 4 }, 409);
      expect((response.body as ProblemBody).detail).toMatch(/passed/);
    });

    it('rates a ticket the auto-close job closed, within the window', async () => {
      const ticket = await resolved();
      await t.dataSource.query(
        `UPDATE tickets SET resolved_at = now() - interval '200 hours' WHERE id = $1`,
        [ticket.id],
      );
      await t.app.get(AutoCloseJob).closeStale();
      expect((await getTicket(ticket.id)).status).toBe('closed');
      await rate(ticket.id, { rating: 5 });
    });

    it('allows a resolved ticket however long ago it was resolved', async () => {
      const ticket = await resolved();
      await resolvedDaysAgo(ticket.id, 30);
      await rate(ticket.id, { rating: 3 });
    });

    it('is for the ticket’s owner: anyone else gets 404, and nothing is stored', async () => {
      const ticket = await resolved();
      const admin = await createUser(t, 'admin');
      for (const user of [await createUser(t), csr, admin]) {
        await rate(ticket.id, { rating: 5 }, 404, user);
      }
      await rate('00000000-0000-4000-8000-000000000000', { rating: 5 }, 404);
      expect((await getTicket(ticket.id)).satisfaction).toBeNull();
      await request(t.url)
        .post(`/api/v1/users/tickets/${ticket.id}/satisfaction`)
        .send({ rating: 5 })
        .expect(401);
    });

    it.each([
      ['rating 0', { rating: 0 }],
      ['rating 6', { rating: 6 }],
      ['a fractional rating', { rating: 4.5 }],
      ['a rating as text', { rating: '5' }],
      ['no rating', { comment: 'x' }],
      ['a comment over 1,000 characters', { rating: 5, comment: 'x'.repeat(1001) }],
      ['a null comment', { rating: 5, comment: null }],
      ['an unknown field', { rating: 5, assignee_id: '00000000-0000-4000-8000-000000000000' }],
    ])('refuses %s with 400', async (_name, body) => {
      const ticket = await resolved();
      await rate(ticket.id, body, 400);
      expect((await getTicket(ticket.id)).satisfaction).toBeNull();
    });

    it('takes a comment of exactly 1,000 characters', async () => {
      const ticket = await resolved();
      const comment = 'é'.repeat(1000);
      expect((await rate(ticket.id, { rating: 5, comment })).body).toMatchObject({ comment });
    });

    it('broadcasts ticket_updated with the new satisfaction', async () => {
      const ticket = await resolved();
      const socket = await connectChat(t.url, { token: csr.accessToken });
      sockets.push(socket);
      expect((await ack(socket, 'join', { ticket_id: ticket.id })).ok).toBe(true);
      const updated = nextEvent<TicketBody>(
        socket,
        'ticket_updated',
        (body) => body.id === ticket.id && body.satisfaction !== null,
      );
      await rate(ticket.id, { rating: 5 });
      expect((await updated).satisfaction).toMatchObject({ rating: 5, ticket_id: ticket.id });
    });
  });

  describe('csat_requested', () => {
    it('reaches every socket of the owner when the ticket enters resolved, and only then', async () => {
      const ticket = await createTicket(t, owner);
      const [first, second, staff] = await Promise.all([
        connectChat(t.url, { token: owner.accessToken }),
        connectChat(t.url, { token: owner.accessToken }),
        connectChat(t.url, { token: csr.accessToken }),
      ]);
      sockets.push(first, second, staff);
      const staffSeen = collect(staff, 'csat_requested');
      const asked = Promise.all(
        [first, second].map((socket) => nextEvent<{ ticket_id: string }>(socket, 'csat_requested')),
      );
      await csrPatch(t, csr, ticket.id, { status: 'resolved' });
      expect(await asked).toEqual([{ ticket_id: ticket.id }, { ticket_id: ticket.id }]);

      // Other changes of a resolved ticket, and closing it, ask nothing more.
      const seen = collect<{ ticket_id: string }>(first, 'csat_requested');
      await csrPatch(t, csr, ticket.id, { priority: 'low' });
      await csrPatch(t, csr, ticket.id, { status: 'closed' });
      const other = await createTicket(t, owner);
      await sentinel(
        first,
        'csat_requested',
        (body: { ticket_id: string }) => body.ticket_id === other.id,
        () => csrPatch(t, csr, other.id, { status: 'resolved' }),
      );
      expect(seen.map((body) => body.ticket_id)).toEqual([other.id]);
      expect(staffSeen).toEqual([]);
    });

    it('asks again when a reopened ticket is resolved again', async () => {
      const ticket = await resolved();
      const socket = await connectChat(t.url, { token: owner.accessToken });
      sockets.push(socket);
      await csrPatch(t, csr, ticket.id, { status: 'in_progress' });
      const asked = nextEvent<{ ticket_id: string }>(socket, 'csat_requested');
      await csrPatch(t, csr, ticket.id, { status: 'resolved' });
      expect(await asked).toEqual({ ticket_id: ticket.id });
    });
  });

  describe('GET /csr/satisfaction', () => {
    let agent: TestUser;
    let from: string;

    beforeAll(async () => {
      agent = await createUser(t, 'csr');
      from = new Date(Date.now() - 1000).toISOString();
      for (const rating of [5, 4, 4, 1]) {
        const ticket = await resolved(owner, agent);
        await rate(ticket.id, { rating });
      }
    });

    const report = async (query: Record<string, string>, user = csr, status = 200) =>
      (
        await request(t.url)
          .get('/api/v1/csr/satisfaction')
          .query(query)
          .set(bearer(user.accessToken))
          .expect(status)
      ).body as ReportBody;

    it('counts, averages and distributes an assignee’s ratings, every key present', async () => {
      expect(await report({ assignee_id: agent.id })).toEqual({
        count: 4,
        average: 3.5,
        distribution: { '1': 1, '2': 0, '3': 0, '4': 2, '5': 1 },
      });
    });

    it('answers count 0 and average null when nothing matches', async () => {
      const nobody = await createUser(t, 'csr');
      expect(await report({ assignee_id: nobody.id })).toEqual({
        count: 0,
        average: null,
        distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
      });
    });

    it('limits by rated_at: from inclusive, to exclusive', async () => {
      const now = new Date(Date.now() + 60_000).toISOString();
      expect((await report({ assignee_id: agent.id, from, to: now })).count).toBe(4);
      expect((await report({ assignee_id: agent.id, to: from })).count).toBe(0);
      expect((await report({ assignee_id: agent.id, from: now })).count).toBe(0);
      const all = await report({});
      expect(all.count).toBeGreaterThanOrEqual(4);
    });

    it.each([
      [{ from: 'yesterday' }],
      [{ from: '2026-11-01' }],
      [{ to: '2026-13-01T00:00:00Z' }],
      [{ from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' }],
      [{ assignee_id: 'me' }],
    ])('refuses %p with 400', async (query) => {
      await report(query, csr, 400);
    });

    it('is for staff only', async () => {
      await report({}, owner, 403);
      const admin = await createUser(t, 'admin');
      await report({}, admin, 200);
    });
  });
});
