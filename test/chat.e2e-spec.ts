import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { assignTicket, createTicket, csrPatch, TicketBody, timeline } from './factories/tickets';
import {
  ack,
  collect,
  connectChat,
  connectError,
  nextEvent,
  sentinel,
  sleep,
  waitForDisconnect,
} from './factories/sockets';
import { MessageBody, postMessage } from './factories/messages';
import { bearer, createUser, login, setActive, TestUser } from './factories/users';
import { startTestApp, TestApp } from './support/test-app';

describe('Chat over Socket.IO', () => {
  let t: TestApp;
  let admin: TestUser;
  let csr: TestUser;
  let otherCsr: TestUser;
  let owner: TestUser;
  let stranger: TestUser;
  const sockets: Socket[] = [];

  async function connect(user: TestUser, query: Record<string, string> = {}): Promise<Socket> {
    const socket = await connectChat(t.url, { token: user.accessToken, query });
    sockets.push(socket);
    return socket;
  }

  /** A ticket of `owner` assigned to `csr` (the only CSR that takes tickets). */
  async function newTicket(): Promise<TicketBody> {
    const ticket = await createTicket(t, owner);
    if (ticket.assigned_to_id !== csr.id) {
      await assignTicket(t, admin, ticket.id, csr.id);
    }
    return { ...ticket, assigned_to_id: csr.id };
  }

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'admin');
    csr = await createUser(t, 'csr');
    otherCsr = await createUser(t, 'csr');
    // Only `csr` takes new tickets, so every ticket below starts assigned to them.
    await setActive(t, admin, otherCsr.id, false);
    owner = await createUser(t);
    stranger = await createUser(t);
  });

  afterEach(() => {
    while (sockets.length > 0) sockets.pop()?.close();
  });

  afterAll(async () => {
    await t.close();
  });

  describe('connecting', () => {
    it('accepts the token from auth.token, the Authorization header and the query', async () => {
      for (const via of ['auth', 'header', 'query'] as const) {
        const socket = await connectChat(t.url, { token: owner.accessToken, via });
        sockets.push(socket);
        expect(socket.connected).toBe(true);
      }
      const polling = await connectChat(t.url, {
        token: owner.accessToken,
        transports: ['polling'],
      });
      sockets.push(polling);
      expect(polling.connected).toBe(true);
    });

    it('refuses a missing, invalid, refresh-type or logged-out token with Unauthorized', async () => {
      expect(await connectError(t.url)).toBe('Unauthorized');
      expect(await connectError(t.url, { token: 'not-a-token' })).toBe('Unauthorized');
      expect(await connectError(t.url, { token: owner.refreshToken })).toBe('Unauthorized');
      const user = await createUser(t);
      await request(t.url)
        .post('/api/v1/auth/logout')
        .set(bearer(user.accessToken))
        .send({ refresh_token: user.refreshToken })
        .expect(204);
      expect(await connectError(t.url, { token: user.accessToken })).toBe('Unauthorized');
    });

    it('joins the ticket_id room at once for a participant and refuses anyone else alike', async () => {
      const ticket = await newTicket();
      const socket = await connect(owner, { ticket_id: ticket.id });
      const received = nextEvent<MessageBody>(socket, 'message');
      await postMessage(t, csr, ticket.id, 'hello from http');
      expect((await received).content).toBe('hello from http');

      const refused = await connectError(t.url, {
        token: stranger.accessToken,
        query: { ticket_id: ticket.id },
      });
      const missing = await connectError(t.url, {
        token: stranger.accessToken,
        query: { ticket_id: '00000000-0000-4000-8000-000000000000' },
      });
      expect(refused).toBe('Not found');
      expect(missing).toBe(refused);
      expect(
        await connectError(t.url, { token: otherCsr.accessToken, query: { ticket_id: ticket.id } }),
      ).toBe('Unauthorized');
    });
  });

  describe('rooms', () => {
    it('lets the owner, the assigned CSR and an admin join; not another user or CSR', async () => {
      const ticket = await newTicket();
      const activeCsr = await createUser(t, 'csr');
      for (const user of [owner, csr, admin]) {
        const socket = await connect(user);
        const joined = await ack(socket, 'join', { ticket_id: ticket.id });
        expect(joined).toMatchObject({ ok: true, ticket: { id: ticket.id }, messages: [] });
      }
      for (const user of [stranger, activeCsr]) {
        const socket = await connect(user);
        const refused = await ack(socket, 'join', { ticket_id: ticket.id });
        expect(refused).toEqual({ ok: false, error: { status: 404, detail: 'Ticket not found' } });
        const send = await ack(socket, 'message', { ticket_id: ticket.id, content: 'let me in' });
        expect(send).toMatchObject({ ok: false, error: { status: 404 } });
      }
    });

    it('acks leave and stops delivering the room to that socket', async () => {
      const [ticket, stillJoined] = [await newTicket(), await newTicket()];
      const socket = await connect(owner);
      await ack(socket, 'join', { ticket_id: ticket.id });
      await ack(socket, 'join', { ticket_id: stillJoined.id });
      expect(await ack(socket, 'leave', { ticket_id: ticket.id })).toEqual({ ok: true });
      const seen = collect<MessageBody>(socket, 'message');
      await postMessage(t, csr, ticket.id, 'nobody home');
      await sentinel<MessageBody>(
        socket,
        'message',
        (m) => m.ticket_id === stillJoined.id,
        () => postMessage(t, csr, stillJoined.id, 'sentinel'),
      );
      expect(seen.map((m) => m.content)).toEqual(['sentinel']);
    });

    it('removes the previous CSR from the room when the ticket is reassigned', async () => {
      const [ticket, kept] = [await newTicket(), await newTicket()];
      const nextCsr = await createUser(t, 'csr');
      const old = await connect(csr);
      await ack(old, 'join', { ticket_id: ticket.id });
      await ack(old, 'join', { ticket_id: kept.id });
      const update = nextEvent<TicketBody>(old, 'ticket_updated');
      await assignTicket(t, admin, ticket.id, nextCsr.id);
      // The server takes the socket out of the room as it sends this update.
      expect((await update).assigned_to_id).toBe(nextCsr.id);
      const seen = collect<MessageBody>(old, 'message');
      await postMessage(t, owner, ticket.id, 'for the new CSR only');
      await sentinel<MessageBody>(
        old,
        'message',
        (m) => m.ticket_id === kept.id,
        () => postMessage(t, owner, kept.id, 'sentinel'),
      );
      expect(seen.map((m) => m.content)).toEqual(['sentinel']);
      expect(await ack(old, 'join', { ticket_id: ticket.id })).toMatchObject({
        ok: false,
        error: { status: 404 },
      });
    });
  });

  describe('messages', () => {
    it('stores, acks and broadcasts to every socket in the room, and HTTP reads it back', async () => {
      const ticket = await newTicket();
      const ownerTab1 = await connect(owner);
      const ownerTab2 = await connect(owner);
      const agent = await connect(csr);
      for (const socket of [ownerTab1, ownerTab2, agent])
        await ack(socket, 'join', { ticket_id: ticket.id });
      const deliveries = [ownerTab2, agent, ownerTab1].map((socket) =>
        nextEvent<MessageBody>(socket, 'message'),
      );
      const sent = await ack(ownerTab1, 'message', {
        ticket_id: ticket.id,
        content: '  <b>Hi</b> there  ',
      });
      expect(sent.ok).toBe(true);
      const message = sent.message as MessageBody;
      expect(message).toEqual({
        id: expect.any(String),
        ticket_id: ticket.id,
        seq: 1,
        sender_id: owner.id,
        sender_role: 'user',
        content: '<b>Hi</b> there',
        client_id: null,
        attachments: [],
        created_at: expect.any(String),
      });
      for (const delivered of await Promise.all(deliveries)) expect(delivered).toEqual(message);

      const history = await request(t.url)
        .get(`/api/v1/tickets/${ticket.id}/messages`)
        .set(bearer(csr.accessToken))
        .expect(200);
      expect(history.body).toEqual({ items: [message], next_cursor: null });
    });

    it('treats a resend with the same client_id as the same message, over sockets and HTTP', async () => {
      const ticket = await newTicket();
      const socket = await connect(owner);
      const agent = await connect(csr);
      await ack(agent, 'join', { ticket_id: ticket.id });
      const seen = collect<MessageBody>(agent, 'message');
      const payload = { ticket_id: ticket.id, content: 'only once', client_id: 'widget-42' };
      const [first, second] = await Promise.all([
        ack(socket, 'message', payload),
        ack(socket, 'message', payload),
      ]);
      expect(first.ok && second.ok).toBe(true);
      expect((second.message as MessageBody).id).toBe((first.message as MessageBody).id);
      const viaHttp = await postMessage(t, owner, ticket.id, {
        content: 'only once',
        client_id: 'widget-42',
      });
      expect(viaHttp.id).toBe((first.message as MessageBody).id);
      await sentinel<MessageBody>(
        agent,
        'message',
        (m) => m.content === 'sentinel',
        () => ack(socket, 'message', { ticket_id: ticket.id, content: 'sentinel' }),
      );
      expect(seen.map((m) => m.content)).toEqual(['only once', 'sentinel']);
      const stored = await t.dataSource.query<{ n: string }[]>(
        'SELECT count(*) AS n FROM ticket_messages WHERE ticket_id = $1 AND client_id IS NOT NULL',
        [ticket.id],
      );
      expect(stored[0]?.n).toBe('1');
    });

    it('numbers 200 rapid messages 1..200 in the order they were sent, without gaps', async () => {
      const ticket = await newTicket();
      const sender = await connect(csr);
      const watcher = await connect(owner);
      await ack(watcher, 'join', { ticket_id: ticket.id });
      const seen = collect<MessageBody>(watcher, 'message');
      // The per-socket rate limit is 20 per 10 s: spread the 200 over 10 sockets of the same CSR.
      const senders = [
        sender,
        ...(await Promise.all(Array.from({ length: 9 }, () => connect(csr)))),
      ];
      const acks = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          ack(senders[i % 10]!, 'message', { ticket_id: ticket.id, content: `m${i}` }),
        ),
      );
      expect(acks.every((a) => a.ok)).toBe(true);
      const seqs = acks.map((a) => (a.message as MessageBody).seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      // Within one socket, later sends get later seqs.
      for (let s = 0; s < 10; s++) {
        const own = acks.filter((_, i) => i % 10 === s).map((a) => (a.message as MessageBody).seq);
        expect(own).toEqual([...own].sort((a, b) => a - b));
      }
      for (let i = 0; i < 100 && seen.length < 200; i++) await sleep(50);
      expect(seen.map((m) => m.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));

      const page = await request(t.url)
        .get(`/api/v1/tickets/${ticket.id}/messages?after_seq=150&limit=30`)
        .set(bearer(owner.accessToken))
        .expect(200);
      const body = page.body as { items: MessageBody[]; next_cursor: string | null };
      expect(body.items.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, i) => 151 + i));
      expect(body.next_cursor).not.toBeNull();
      const rest = await request(t.url)
        .get(`/api/v1/tickets/${ticket.id}/messages?cursor=${body.next_cursor}&limit=100`)
        .set(bearer(owner.accessToken))
        .expect(200);
      const tail = rest.body as { items: MessageBody[]; next_cursor: string | null };
      expect(tail.items.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 181 + i));
      expect(tail.next_cursor).toBeNull();

      const joined = await ack(watcher, 'join', { ticket_id: ticket.id, after_seq: 195 });
      expect((joined.messages as MessageBody[]).map((m) => m.seq)).toEqual([
        196, 197, 198, 199, 200,
      ]);
      const latest = await ack(watcher, 'join', { ticket_id: ticket.id });
      expect((latest.messages as MessageBody[]).map((m) => m.seq)).toEqual(
        Array.from({ length: 50 }, (_, i) => 151 + i),
      );
    });

    it('keeps each ticket in send order while batches for several tickets are written at once', async () => {
      const tickets = await Promise.all(Array.from({ length: 4 }, () => newTicket()));
      const sockets = await Promise.all(tickets.map(() => connect(csr)));
      // Nothing awaited between sends: the writer gets all 80 at once, over four tickets.
      const acks = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          tickets.map((ticket, k) =>
            ack(sockets[k]!, 'message', { ticket_id: ticket.id, content: `t${k}-m${i}` }),
          ),
        ).flat(),
      );
      expect(acks.every((a) => a.ok)).toBe(true);
      for (const [k, ticket] of tickets.entries()) {
        const own = acks
          .map((a) => a.message as MessageBody)
          .filter((m) => m.ticket_id === ticket.id);
        expect(own.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect(own.map((m) => m.content)).toEqual(
          Array.from({ length: 20 }, (_, i) => `t${k}-m${i}`),
        );
      }
    });

    it('sets first_response_at on the first CSR message only', async () => {
      const ticket = await newTicket();
      const agent = await connect(csr);
      await ack(agent, 'message', { ticket_id: ticket.id, content: 'first' });
      const first = await request(t.url)
        .get(`/api/v1/users/tickets/${ticket.id}`)
        .set(bearer(owner.accessToken))
        .expect(200);
      const at = (first.body as TicketBody).first_response_at;
      expect(at).not.toBeNull();
      await sleep(20);
      await ack(agent, 'message', { ticket_id: ticket.id, content: 'second' });
      const second = await request(t.url)
        .get(`/api/v1/users/tickets/${ticket.id}`)
        .set(bearer(owner.accessToken))
        .expect(200);
      expect((second.body as TicketBody).first_response_at).toBe(at);
    });

    it('refuses a closed ticket with 409 and reopens a resolved one on an owner message', async () => {
      const ticket = await newTicket();
      const socket = await connect(owner);
      await ack(socket, 'join', { ticket_id: ticket.id });
      await csrPatch(t, csr, ticket.id, { status: 'resolved' });
      const reopened = nextEvent<TicketBody>(
        socket,
        'ticket_updated',
        (update) => update.status === 'open',
      );
      const sent = await ack(socket, 'message', { ticket_id: ticket.id, content: 'still broken' });
      expect(sent.ok).toBe(true);
      expect((await reopened).resolved_at).toBeNull();
      const events = await timeline(t, csr, ticket.id);
      expect(events.at(-1)).toMatchObject({
        kind: 'status_changed',
        actor_id: owner.id,
        data: { from: 'resolved', to: 'open', reason: 'customer_message' },
      });

      await csrPatch(t, csr, ticket.id, { status: 'closed' });
      const refused = await ack(socket, 'message', { ticket_id: ticket.id, content: 'hello?' });
      expect(refused).toEqual({ ok: false, error: { status: 409, detail: 'Ticket is closed' } });
      await postMessage(t, owner, ticket.id, 'hello?', 409);
    });

    it('answers malformed payloads with 400 acks and keeps the socket', async () => {
      const ticket = await newTicket();
      const socket = await connect(owner);
      const cases: unknown[] = [
        'text',
        42,
        null,
        [],
        { ticket_id: 'nope', content: 'x' },
        { ticket_id: ticket.id, content: '   ' },
        { ticket_id: ticket.id, content: 'x'.repeat(4001) },
        { ticket_id: ticket.id, content: 5 },
        { ticket_id: ticket.id, content: 'x', client_id: 'y'.repeat(65) },
        { ticket_id: ticket.id, content: 'x', sender_id: admin.id },
        // Would be stored as U+FFFD, the text changed; HTTP refuses it alike.
        { ticket_id: ticket.id, content: 'half a pair: \uD83D' },
      ];
      for (const payload of cases) {
        const answer = await ack(socket, 'message', payload);
        expect(answer).toMatchObject({ ok: false, error: { status: 400 } });
      }
      expect(await ack(socket, 'join', {})).toMatchObject({ ok: false, error: { status: 400 } });
      expect(await ack(socket, 'read', { ticket_id: ticket.id, message_id: 'x' })).toMatchObject({
        ok: false,
        error: { status: 400 },
      });
      expect(socket.connected).toBe(true);
      const stored = await request(t.url)
        .get(`/api/v1/tickets/${ticket.id}/messages`)
        .set(bearer(owner.accessToken))
        .expect(200);
      expect(stored.body).toEqual({ items: [], next_cursor: null });
    });

    it('refuses the 21st message within 10 seconds with a 429 ack, keeping the socket', async () => {
      const ticket = await newTicket();
      const socket = await connect(owner);
      const answers = [];
      for (let i = 0; i < 21; i++)
        answers.push(await ack(socket, 'message', { ticket_id: ticket.id, content: `n${i}` }));
      expect(answers.slice(0, 20).every((a) => a.ok)).toBe(true);
      expect(answers[20]).toMatchObject({ ok: false, error: { status: 429 } });
      expect(socket.connected).toBe(true);
    });

    it('refuses frames over 64 kB', async () => {
      const ticket = await newTicket();
      const socket = await connect(owner);
      const gone = waitForDisconnect(socket);
      socket.emit('message', { ticket_id: ticket.id, content: 'x'.repeat(70 * 1024) });
      expect(await gone).toMatch(/transport close|io server disconnect|transport error/);
      const count = await t.dataSource.query<{ n: string }[]>(
        'SELECT count(*) AS n FROM ticket_messages WHERE ticket_id = $1',
        [ticket.id],
      );
      expect(count[0]?.n).toBe('0');
    });
  });

  describe('typing and read receipts', () => {
    it('relays typing to the others in the room only', async () => {
      const ticket = await newTicket();
      const user = await connect(owner);
      const agent = await connect(csr);
      for (const socket of [user, agent]) await ack(socket, 'join', { ticket_id: ticket.id });
      const own = collect(user, 'typing');
      const relayed = nextEvent(agent, 'typing');
      expect(await ack(user, 'typing', { ticket_id: ticket.id, is_typing: true })).toEqual({
        ok: true,
      });
      expect(await relayed).toEqual({ ticket_id: ticket.id, user_id: owner.id, is_typing: true });
      await sentinel(
        user,
        'typing',
        () => true,
        () => ack(agent, 'typing', { ticket_id: ticket.id, is_typing: true }),
      );
      expect(own).toEqual([{ ticket_id: ticket.id, user_id: csr.id, is_typing: true }]);
      expect(await ack(user, 'typing', { ticket_id: ticket.id, is_typing: 'yes' })).toMatchObject({
        ok: false,
        error: { status: 400 },
      });
    });

    it('stores read markers that only move forward and broadcasts them', async () => {
      const ticket = await newTicket();
      const user = await connect(owner);
      const agent = await connect(csr);
      for (const socket of [user, agent]) await ack(socket, 'join', { ticket_id: ticket.id });
      const m1 = (await ack(agent, 'message', { ticket_id: ticket.id, content: 'one' }))
        .message as MessageBody;
      const m2 = (await ack(agent, 'message', { ticket_id: ticket.id, content: 'two' }))
        .message as MessageBody;
      const broadcast = nextEvent(agent, 'read');
      const read = await ack(user, 'read', { ticket_id: ticket.id, message_id: m2.id });
      expect(read).toMatchObject({ ok: true, read: { message_id: m2.id, seq: 2 } });
      expect(await broadcast).toEqual({
        ticket_id: ticket.id,
        user_id: owner.id,
        message_id: m2.id,
      });
      const backwards = await ack(user, 'read', { ticket_id: ticket.id, message_id: m1.id });
      expect(backwards).toMatchObject({ ok: true, read: { message_id: m2.id, seq: 2 } });
      const reads = await request(t.url)
        .get(`/api/v1/tickets/${ticket.id}/reads`)
        .set(bearer(csr.accessToken))
        .expect(200);
      expect(reads.body).toEqual({
        items: [
          {
            ticket_id: ticket.id,
            user_id: owner.id,
            message_id: m2.id,
            seq: 2,
            read_at: expect.any(String),
          },
        ],
      });
      expect(
        await ack(user, 'read', {
          ticket_id: ticket.id,
          message_id: '00000000-0000-4000-8000-000000000000',
        }),
      ).toMatchObject({
        ok: false,
        error: { status: 404 },
      });
      await request(t.url)
        .get(`/api/v1/tickets/${ticket.id}/reads`)
        .set(bearer(stranger.accessToken))
        .expect(404);
    });
  });

  describe('ticket updates and revocation', () => {
    it('sends ticket_updated when a CSR changes the status over HTTP', async () => {
      const ticket = await newTicket();
      const user = await connect(owner, { ticket_id: ticket.id });
      const update = nextEvent<TicketBody>(user, 'ticket_updated');
      await csrPatch(t, csr, ticket.id, { status: 'in_progress', priority: 'high' });
      expect(await update).toMatchObject({
        id: ticket.id,
        status: 'in_progress',
        priority: 'high',
      });
    });

    it('disconnects the sockets of a session that logs out, and of a deactivated user', async () => {
      const user = await createUser(t);
      const socket = await connect(user);
      const gone = waitForDisconnect(socket);
      await request(t.url)
        .post('/api/v1/auth/logout')
        .set(bearer(user.accessToken))
        .send({ refresh_token: user.refreshToken })
        .expect(204);
      expect(await gone).toBe('io server disconnect');

      const again = await login(t.url, user.email, user.password);
      const second = await connectChat(t.url, { token: again.accessToken });
      sockets.push(second);
      const cut = waitForDisconnect(second);
      await setActive(t, admin, user.id, false);
      expect(await cut).toBe('io server disconnect');
      expect(await connectError(t.url, { token: again.accessToken })).toBe('Unauthorized');
    });

    it('disconnects the session whose refresh token was reused', async () => {
      const user = await createUser(t);
      const socket = await connect(user);
      const gone = waitForDisconnect(socket);
      await request(t.url)
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: user.refreshToken })
        .expect(200);
      await request(t.url)
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: user.refreshToken })
        .expect(401);
      expect(await gone).toBe('io server disconnect');
    });
  });

  describe('HTTP message routes', () => {
    it('404s for people outside the ticket and 400s for bad input', async () => {
      const ticket = await newTicket();
      await request(t.url)
        .get(`/api/v1/tickets/${ticket.id}/messages`)
        .set(bearer(stranger.accessToken))
        .expect(404);
      await postMessage(t, stranger, ticket.id, 'hi', 404);
      await request(t.url)
        .get('/api/v1/tickets/nope/messages')
        .set(bearer(owner.accessToken))
        .expect(400);
      for (const query of ['limit=0', 'limit=101', 'after_seq=-1', 'cursor=%%%', 'after_seq=x']) {
        await request(t.url)
          .get(`/api/v1/tickets/${ticket.id}/messages?${query}`)
          .set(bearer(owner.accessToken))
          .expect(400);
      }
      await postMessage(t, owner, ticket.id, '', 400);
      await request(t.url).get(`/api/v1/tickets/${ticket.id}/messages`).expect(401);
    });
  });
});
