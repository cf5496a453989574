// Routing through the real app: presence by socket and heartbeat, capacity and skills, the
// queue's order and drain, requeue, and who receives the routing events.
import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { createTicket, csrPatch, TicketBody, timeline } from './factories/tickets';
import { agentOf, heartbeat, setRouting, waitFor } from './factories/routing';
import { chatClient, collect, connectChat, nextEvent } from './factories/sockets';
import { bearer, createUser, TestUser } from './factories/users';
import { startTestApp, TestApp } from './support/test-app';

// No sweep during the main suite: every drain it sees comes from its trigger.
const ROUTING_ENV = {
  ROUTING_REQUIRE_PRESENCE: 'true',
  PRESENCE_TIMEOUT_SECONDS: '1.5',
  ROUTING_SWEEP_SECONDS: '3600',
  ROUTING_REQUEUE_AFTER_SECONDS: '0',
};

interface AssignedBody {
  ticket: TicketBody;
  reason: string;
}

describe('Routing', () => {
  let t: TestApp;
  let admin: TestUser;
  let user: TestUser;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp(ROUTING_ENV);
    admin = await createUser(t, 'admin');
    user = await createUser(t);
  });

  afterAll(async () => {
    await t.close();
  });

  // Each test starts with no CSR and an empty queue.
  beforeEach(async () => {
    await t.dataSource.query(`UPDATE users SET is_active = false WHERE role = 'csr'`);
    await t.dataSource.query(`UPDATE tickets SET status = 'closed' WHERE status <> 'closed'`);
  });

  afterEach(() => {
    while (sockets.length > 0) sockets.pop()?.close();
  });

  async function online(staff: TestUser): Promise<Socket> {
    const socket = await connectChat(t.url, { token: staff.accessToken });
    sockets.push(socket);
    await waitFor(
      () => agentOf(t, admin, staff.id),
      (agent) => agent.presence === 'online',
    );
    return socket;
  }

  const ticketOf = async (id: string) =>
    (
      await request(t.url)
        .get(`/api/v1/csr/tickets/${id}`)
        .set(bearer(admin.accessToken))
        .expect(200)
    ).body as TicketBody;

  describe('presence', () => {
    it('is online while a socket is open and offline once it closes, announced to staff', async () => {
      const csr = await createUser(t, 'csr');
      const watcher = await connectChat(t.url, { token: admin.accessToken });
      sockets.push(watcher);
      expect(await agentOf(t, admin, csr.id)).toMatchObject({
        presence: 'offline',
        connected: false,
        availability: 'online',
        load: 0,
        capacity: null,
        categories: [],
        role: 'csr',
      });
      const cameOnline = nextEvent<{ user_id: string; presence: string }>(
        watcher,
        'presence',
        (event) => event.user_id === csr.id && event.presence === 'online',
      );
      const socket = await connectChat(t.url, { token: csr.accessToken });
      expect(await cameOnline).toEqual({
        user_id: csr.id,
        presence: 'online',
        load: 0,
        capacity: null,
      });
      const agent = await agentOf(t, admin, csr.id);
      expect(agent).toMatchObject({ presence: 'online', connected: true });
      expect(agent.last_seen_at).not.toBeNull();
      const wentOffline = nextEvent(
        watcher,
        'presence',
        (event: { user_id: string; presence: string }) =>
          event.user_id === csr.id && event.presence === 'offline',
      );
      socket.close();
      await wentOffline;
      expect(await agentOf(t, admin, csr.id)).toMatchObject({
        presence: 'offline',
        connected: false,
      });
    });

    it('keeps a REST-only agent connected for the timeout after a heartbeat, then expires', async () => {
      const csr = await createUser(t, 'csr');
      const response = await heartbeat(t, csr, 'away');
      expect(response.body).toMatchObject({
        id: csr.id,
        availability: 'away',
        presence: 'away',
        connected: true,
      });
      const expired = await waitFor(
        () => agentOf(t, admin, csr.id),
        (agent) => !agent.connected,
      );
      expect(expired).toMatchObject({ presence: 'offline', availability: 'away' });
    });

    it('refuses a bad availability (400) and a user (403)', async () => {
      const csr = await createUser(t, 'csr');
      await heartbeat(t, csr, 'busy', 400);
      await request(t.url)
        .put('/api/v1/csr/me/presence')
        .set(bearer(csr.accessToken))
        .send({})
        .expect(400);
      await heartbeat(t, user, 'online', 403);
      await request(t.url).get('/api/v1/csr/agents').set(bearer(user.accessToken)).expect(403);
    });
  });

  describe('assignment and the queue', () => {
    it('queues a ticket when nobody is online and drains it when a CSR connects', async () => {
      const csr = await createUser(t, 'csr');
      const watcher = await connectChat(t.url, { token: admin.accessToken });
      sockets.push(watcher);
      const queuedEvent = nextEvent<{ ticket: TicketBody }>(watcher, 'ticket_queued');
      const ticket = await createTicket(t, user);
      expect(ticket.assigned_to_id).toBeNull();
      expect((await queuedEvent).ticket.id).toBe(ticket.id);

      const socket = chatSocket(csr);
      const assigned = nextEvent<AssignedBody>(socket, 'ticket_assigned');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      const event = await assigned;
      expect(event.reason).toBe('queue');
      expect(event.ticket).toMatchObject({ id: ticket.id, assigned_to_id: csr.id });
      expect((await timeline(t, admin, ticket.id)).at(-1)).toMatchObject({
        kind: 'assigned',
        data: { from: null, to: csr.id, strategy: 'round_robin', reason: 'queue' },
      });
    });

    it('assigns a new ticket to an online CSR at once, never to an away one', async () => {
      const [away, on] = [await createUser(t, 'csr'), await createUser(t, 'csr')];
      await heartbeat(t, away, 'away');
      const socket = await online(on);
      const assigned = nextEvent<AssignedBody>(socket, 'ticket_assigned');
      const tickets = [await createTicket(t, user), await createTicket(t, user)];
      expect(tickets.map((ticket) => ticket.assigned_to_id)).toEqual([on.id, on.id]);
      expect((await assigned).reason).toBe('created');
      expect((await timeline(t, admin, tickets[0]!.id))[1]).toMatchObject({
        data: { to: on.id, reason: 'created' },
      });
    });

    it('drains to an agent who switches from away to online', async () => {
      const csr = await createUser(t, 'csr');
      await heartbeat(t, csr, 'away');
      const ticket = await createTicket(t, user);
      expect(ticket.assigned_to_id).toBeNull();
      await heartbeat(t, csr, 'online');
      await waitFor(
        () => ticketOf(ticket.id),
        (current) => current.assigned_to_id === csr.id,
      );
    });

    it('lists the queue in queue order with sort=queue, and refuses -queue', async () => {
      const made: TicketBody[] = [];
      for (let i = 0; i < 5; i++) made.push(await createTicket(t, user));
      const priorities = ['low', null, 'urgent', 'medium', 'urgent'] as const;
      for (const [i, priority] of priorities.entries()) {
        if (priority !== null) await csrPatch(t, admin, made[i]!.id, { priority });
      }
      const expected = [made[2], made[4], made[3], made[0], made[1]].map((ticket) => ticket!.id);
      const page = await request(t.url)
        .get('/api/v1/csr/tickets?unassigned=true&sort=queue&limit=100')
        .set(bearer(admin.accessToken))
        .expect(200);
      const queued = (page.body as { items: TicketBody[] }).items
        .filter((ticket) => ticket.status !== 'closed')
        .map((ticket) => ticket.id);
      expect(queued).toEqual(expected);
      // Keyset paging walks the same order.
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const next: request.Response = await request(t.url)
          .get('/api/v1/csr/tickets')
          .query({
            unassigned: true,
            sort: 'queue',
            status: 'open',
            limit: 2,
            ...(cursor ? { cursor } : {}),
          })
          .set(bearer(admin.accessToken))
          .expect(200);
        const body = next.body as { items: TicketBody[]; next_cursor: string | null };
        walked.push(...body.items.map((ticket) => ticket.id));
        cursor = body.next_cursor;
      } while (cursor !== null);
      expect(walked).toEqual(expected);
      await request(t.url)
        .get('/api/v1/csr/tickets?sort=-queue')
        .set(bearer(admin.accessToken))
        .expect(400);

      // A CSR of capacity 2 takes the two first of the queue.
      const csr = await createUser(t, 'csr');
      await setRouting(t, admin, csr.id, { max_open_tickets: 2 });
      await online(csr);
      await waitFor(
        () => agentOf(t, admin, csr.id),
        (agent) => agent.load === 2,
      );
      const held = await Promise.all(made.map((ticket) => ticketOf(ticket.id)));
      expect(
        held.filter((ticket) => ticket.assigned_to_id === csr.id).map((ticket) => ticket.id),
      ).toEqual(expect.arrayContaining(expected.slice(0, 2)));
    });
  });

  describe('capacity and skills', () => {
    it('stops at capacity and drains when a ticket of theirs is resolved or capacity rises', async () => {
      const csr = await createUser(t, 'csr');
      const patched = await setRouting(t, admin, csr.id, {
        max_open_tickets: 2,
        categories: [' Hardware '],
      });
      expect(patched.body).toMatchObject({ max_open_tickets: 2, categories: ['hardware'] });
      const me = await request(t.url).get('/api/v1/users/me').set(bearer(csr.accessToken));
      expect(me.body).toMatchObject({ max_open_tickets: 2, categories: ['hardware'] });
      const plain = await request(t.url).get('/api/v1/users/me').set(bearer(user.accessToken));
      expect(plain.body).not.toHaveProperty('max_open_tickets');
      await online(csr);
      const tickets: TicketBody[] = [];
      for (let i = 0; i < 4; i++) tickets.push(await createTicket(t, user));
      expect(tickets.map((ticket) => ticket.assigned_to_id)).toEqual([csr.id, csr.id, null, null]);
      expect(await agentOf(t, admin, csr.id)).toMatchObject({ load: 2, capacity: 2 });

      await csrPatch(t, csr, tickets[0]!.id, { status: 'resolved' });
      await waitFor(
        () => ticketOf(tickets[2]!.id),
        (ticket) => ticket.assigned_to_id === csr.id,
      );
      expect((await ticketOf(tickets[3]!.id)).assigned_to_id).toBeNull();

      await setRouting(t, admin, csr.id, { max_open_tickets: 3 });
      await waitFor(
        () => ticketOf(tickets[3]!.id),
        (ticket) => ticket.assigned_to_id === csr.id,
      );
      expect(await agentOf(t, admin, csr.id)).toMatchObject({ load: 3, capacity: 3 });
    });

    it('routes by category and drains when the categories change', async () => {
      const csr = await createUser(t, 'csr');
      await setRouting(t, admin, csr.id, { categories: ['billing'] });
      await online(csr);
      const hardware = await createTicket(t, user, { category: 'hardware' });
      const billing = await createTicket(t, user, { category: 'Billing' });
      expect(hardware.assigned_to_id).toBeNull();
      expect(billing.assigned_to_id).toBe(csr.id);
      await setRouting(t, admin, csr.id, { categories: [] });
      await waitFor(
        () => ticketOf(hardware.id),
        (ticket) => ticket.assigned_to_id === csr.id,
      );
    });

    it('lets a manual assignment exceed capacity and rings the assignee', async () => {
      const csr = await createUser(t, 'csr');
      await setRouting(t, admin, csr.id, { max_open_tickets: 1 });
      const socket = await online(csr);
      const first = await createTicket(t, user);
      const second = await createTicket(t, user);
      expect([first.assigned_to_id, second.assigned_to_id]).toEqual([csr.id, null]);
      const rang = nextEvent<AssignedBody>(
        socket,
        'ticket_assigned',
        (event) => event.ticket.id === second.id,
      );
      await request(t.url)
        .post(`/api/v1/csr/tickets/${second.id}/assign`)
        .set(bearer(admin.accessToken))
        .send({ assignee_id: csr.id })
        .expect(200);
      expect((await rang).reason).toBe('manual');
      expect(await agentOf(t, admin, csr.id)).toMatchObject({ load: 2, capacity: 1 });
    });

    it('validates capacity and categories, and refuses them for a user (422)', async () => {
      const csr = await createUser(t, 'csr');
      for (const body of [
        { max_open_tickets: 0 },
        { max_open_tickets: 1001 },
        { max_open_tickets: 2.5 },
        { max_open_tickets: '3' },
        { categories: 'billing' },
        { categories: [''] },
        { categories: [3] },
        { categories: Array.from({ length: 51 }, (_, i) => `c${i}`) },
      ]) {
        await setRouting(t, admin, csr.id, body as never, 400);
      }
      await setRouting(t, admin, user.id, { max_open_tickets: 3 }, 422);
      await setRouting(t, admin, user.id, { categories: [] }, 422);
      const cleared = await setRouting(t, admin, csr.id, { max_open_tickets: null });
      expect(cleared.body).toMatchObject({ max_open_tickets: null, categories: [] });
      const listed = await request(t.url)
        .get('/api/v1/admin/users?role=csr&limit=100')
        .set(bearer(admin.accessToken))
        .expect(200);
      const item = (listed.body as { items: { id: string }[] }).items.find((u) => u.id === csr.id);
      expect(item).toMatchObject({ max_open_tickets: null, categories: [] });
    });
  });

  describe('requeue', () => {
    it('requeues open and in-progress tickets of a deactivated CSR at once', async () => {
      const [leaving, staying] = [await createUser(t, 'csr'), await createUser(t, 'csr')];
      await setRouting(t, admin, staying.id, { categories: ['nothing-yet'] });
      await online(leaving);
      const open = await createTicket(t, user);
      const working = await createTicket(t, user);
      expect([open.assigned_to_id, working.assigned_to_id]).toEqual([leaving.id, leaving.id]);
      await csrPatch(t, leaving, working.id, { status: 'in_progress' });
      const stayingSocket = await online(staying);
      const rung = collect<AssignedBody>(stayingSocket, 'ticket_assigned');
      await setRouting(t, admin, staying.id, { categories: [] });
      await request(t.url)
        .patch(`/api/v1/admin/users/${leaving.id}`)
        .set(bearer(admin.accessToken))
        .send({ is_active: false })
        .expect(200);
      for (const ticket of [open, working]) {
        await waitFor(
          () => ticketOf(ticket.id),
          (current) => current.assigned_to_id === staying.id,
        );
        const events = await timeline(t, admin, ticket.id);
        expect(events.slice(-2)).toMatchObject([
          {
            kind: 'unassigned',
            actor_id: null,
            data: { from: leaving.id, reason: 'agent_deactivated' },
          },
          { kind: 'assigned', data: { from: null, to: staying.id, reason: 'requeued' } },
        ]);
      }
      expect(rung.map((event) => event.reason)).toEqual(['requeued', 'requeued']);
    });
  });

  describe('events', () => {
    it('sends routing events to staff and the assignee only', async () => {
      const [a, b] = [await createUser(t, 'csr'), await createUser(t, 'csr')];
      await setRouting(t, admin, a.id, { max_open_tickets: 1 });
      await setRouting(t, admin, b.id, { max_open_tickets: 1 });
      const onA = await online(a);
      const ticket = await createTicket(t, user);
      expect(ticket.assigned_to_id).toBe(a.id);
      const owner = await connectChat(t.url, {
        token: user.accessToken,
        query: { ticket_id: ticket.id },
      });
      sockets.push(owner);
      const ownerSaw = [...['presence', 'ticket_queued', 'ticket_assigned']].map((name) =>
        collect(owner, name),
      );
      const onB = await online(b);
      const bSaw = collect<AssignedBody>(onB, 'ticket_assigned');
      const aSaw = collect<AssignedBody>(onA, 'ticket_assigned');
      const queued = nextEvent<{ ticket: TicketBody }>(onA, 'ticket_queued');
      const second = await createTicket(t, user);
      expect(second.assigned_to_id).toBe(b.id);
      const third = await createTicket(t, user);
      expect(third.assigned_to_id).toBeNull();
      expect((await queued).ticket.id).toBe(third.id);
      // Sentinel: a ticket_updated reaches the owner after everything above was sent.
      const sentinel = nextEvent(owner, 'ticket_updated');
      await csrPatch(t, admin, ticket.id, { priority: 'high' });
      await sentinel;
      expect(ownerSaw.map((seen) => seen.length)).toEqual([0, 0, 0]);
      expect(bSaw.map((event) => event.ticket.id)).toEqual([second.id]);
      expect(aSaw).toEqual([]);
    });
  });

  function chatSocket(staff: TestUser): Socket {
    // Listeners attach before the connection completes, so nothing sent on connect is missed.
    const socket = chatClient(t.url, { token: staff.accessToken });
    sockets.push(socket);
    return socket;
  }
});

describe('Routing: requeue after the agent has been offline', () => {
  let t: TestApp;
  let admin: TestUser;
  let user: TestUser;

  beforeAll(async () => {
    t = await startTestApp({
      ...ROUTING_ENV,
      PRESENCE_TIMEOUT_SECONDS: '1',
      ROUTING_SWEEP_SECONDS: '0.3',
      ROUTING_REQUEUE_AFTER_SECONDS: '1',
    });
    admin = await createUser(t, 'admin');
    user = await createUser(t);
  });

  afterAll(async () => {
    await t.close();
  });

  it('announces to staff when a heartbeat expires (the sweep notices)', async () => {
    const csr = await createUser(t, 'csr');
    const watcher = await connectChat(t.url, { token: admin.accessToken });
    try {
      const expired = nextEvent<{ user_id: string; presence: string }>(
        watcher,
        'presence',
        (event) => event.user_id === csr.id && event.presence === 'offline',
      );
      await heartbeat(t, csr, 'online');
      await expired;
      expect(await agentOf(t, admin, csr.id)).toMatchObject({ connected: false });
    } finally {
      watcher.close();
    }
  });

  it('moves open tickets of an agent offline for the delay to an online agent; in progress stay', async () => {
    const [gone, here] = [await createUser(t, 'csr'), await createUser(t, 'csr')];
    const socket = await connectChat(t.url, { token: gone.accessToken });
    await waitFor(
      () => agentOf(t, admin, gone.id),
      (agent) => agent.presence === 'online',
    );
    const open = await createTicket(t, user);
    const working = await createTicket(t, user);
    expect([open.assigned_to_id, working.assigned_to_id]).toEqual([gone.id, gone.id]);
    await csrPatch(t, gone, working.id, { status: 'in_progress' });
    socket.close();
    const hereSocket = await connectChat(t.url, { token: here.accessToken });
    try {
      const moved = await nextEvent<AssignedBody>(
        hereSocket,
        'ticket_assigned',
        () => true,
        15_000,
      );
      expect(moved).toMatchObject({
        reason: 'requeued',
        ticket: { id: open.id, assigned_to_id: here.id },
      });
      const events = await timeline(t, admin, open.id);
      expect(events.slice(-2)).toMatchObject([
        { kind: 'unassigned', data: { from: gone.id, reason: 'agent_offline' } },
        { kind: 'assigned', data: { to: here.id, reason: 'requeued' } },
      ]);
      const stayed = await request(t.url)
        .get(`/api/v1/csr/tickets/${working.id}`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect((stayed.body as TicketBody).assigned_to_id).toBe(gone.id);
    } finally {
      hereSocket.close();
    }
  });
});
