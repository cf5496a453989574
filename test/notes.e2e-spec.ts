// Internal notes (issue 13): a staff-only stream beside the messages. Routes, the `note` and
// `mention` events, watchers, the timeline, and the leak proof: nothing the ticket's owner
// receives, over any route or socket, ever carries a note's content.
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { postMessage } from './factories/messages';
import { listNotes, NoteBody, postNote } from './factories/notes';
import {
  AckBody,
  ack,
  chatClient,
  collect,
  connectChat,
  nextEvent,
  sentinel,
} from './factories/sockets';
import {
  assignTicket,
  createTicket,
  csrPatch,
  ProblemBody,
  TicketBody,
  timeline,
} from './factories/tickets';
import { bearer, createUser, setActive, TestUser } from './factories/users';
import { startTestApp, TestApp } from './support/test-app';

const notesPath = (ticketId: string) => `/api/v1/csr/tickets/${ticketId}/notes`;

describe('Internal notes', () => {
  let t: TestApp;
  let admin: TestUser;
  let csr: TestUser;
  let watcher: TestUser;
  let owner: TestUser;
  let stranger: TestUser;
  const sockets: Socket[] = [];

  async function connect(user: TestUser, query: Record<string, string> = {}): Promise<Socket> {
    const socket = await connectChat(t.url, { token: user.accessToken, query });
    sockets.push(socket);
    return socket;
  }

  /** A ticket of `owner` assigned to `csr`. */
  async function newTicket(): Promise<TicketBody> {
    const ticket = await createTicket(t, owner);
    if (ticket.assigned_to_id !== csr.id) await assignTicket(t, admin, ticket.id, csr.id);
    return { ...ticket, assigned_to_id: csr.id };
  }

  const countNotes = async (ticketId: string) =>
    (
      await t.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM ticket_notes WHERE ticket_id = $1',
        [ticketId],
      )
    )[0]?.n;

  const getTicket = async (ticketId: string) =>
    (
      await request(t.url)
        .get(`/api/v1/csr/tickets/${ticketId}`)
        .set(bearer(admin.accessToken))
        .expect(200)
    ).body as TicketBody;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'admin');
    csr = await createUser(t, 'csr');
    watcher = await createUser(t, 'csr');
    // Only `csr` takes new tickets; `watcher` stays active for mentions but off the rotation
    // by being assigned nothing (tickets are handed to `csr` explicitly).
    owner = await createUser(t);
    stranger = await createUser(t);
  });

  afterEach(() => {
    while (sockets.length > 0) sockets.pop()?.close();
  });

  afterAll(async () => {
    await t.close();
  });

  describe('the routes', () => {
    it('stores a trimmed note on its own counter and answers 201 with the Note', async () => {
      const ticket = await newTicket();
      await postMessage(t, owner, ticket.id, 'a message first');
      const note = await postNote(t, csr, ticket.id, '  Checked the billing export.  ');
      expect(note).toEqual({
        id: expect.any(String),
        ticket_id: ticket.id,
        seq: 1,
        author_id: csr.id,
        content: 'Checked the billing export.',
        mentions: [],
        client_id: null,
        created_at: expect.any(String),
      });
      // An admin and a CSR who is not the assignee may write too (as on every CSR route).
      expect((await postNote(t, admin, ticket.id, 'second')).seq).toBe(2);
      expect((await postNote(t, watcher, ticket.id, 'third')).seq).toBe(3);
      // The message counter did not move.
      expect((await postMessage(t, csr, ticket.id, 'reply')).seq).toBe(2);
    });

    it('applies the message content rules', async () => {
      const ticket = await newTicket();
      for (const content of ['', '   ', 'x'.repeat(4001), 'nul\u0000byte', 42]) {
        const response = await request(t.url)
          .post(notesPath(ticket.id))
          .set(bearer(csr.accessToken))
          .send({ content })
          .expect(400);
        expect((response.body as ProblemBody).status).toBe(400);
      }
      for (const body of [
        { content: 'x', client_id: 'has space' },
        { content: 'x', mentions: ['not-a-uuid'] },
        { content: 'x', mentions: 'nope' },
        { content: 'x', mentions: null },
        { content: 'x', seq: 1 },
        { content: 'x', author_id: csr.id },
      ]) {
        await request(t.url)
          .post(notesPath(ticket.id))
          .set(bearer(csr.accessToken))
          .send(body)
          .expect(400);
      }
      await postNote(t, csr, ticket.id, 'x'.repeat(4000));
      expect(await countNotes(ticket.id)).toBe(1);
    });

    it('pages with after_seq, limit and next_cursor, oldest first', async () => {
      const ticket = await newTicket();
      for (let i = 1; i <= 5; i++) await postNote(t, csr, ticket.id, `note ${i}`);
      const first = await listNotes(t, admin, ticket.id, { limit: 2 });
      expect(first.items.map((note) => note.seq)).toEqual([1, 2]);
      expect(first.next_cursor).toEqual(expect.any(String));
      const second = await listNotes(t, admin, ticket.id, {
        limit: 2,
        cursor: first.next_cursor!,
      });
      expect(second.items.map((note) => note.content)).toEqual(['note 3', 'note 4']);
      const rest = await listNotes(t, csr, ticket.id, { after_seq: 4, limit: 2 });
      expect(rest.items.map((note) => note.seq)).toEqual([5]);
      expect(rest.next_cursor).toBeNull();
      expect((await listNotes(t, csr, ticket.id)).items).toHaveLength(5);
      await request(t.url)
        .get(notesPath(ticket.id))
        .query({ after_seq: 1, cursor: first.next_cursor! })
        .set(bearer(csr.accessToken))
        .expect(400);
      await request(t.url)
        .get(notesPath(ticket.id))
        .query({ limit: 101 })
        .set(bearer(csr.accessToken))
        .expect(400);
    });

    it('numbers 20 concurrent notes 1..20 without gaps or repeats', async () => {
      const ticket = await newTicket();
      const writers = [csr, admin, watcher];
      const notes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          postNote(t, writers[i % writers.length]!, ticket.id, `race ${i}`),
        ),
      );
      expect(notes.map((note) => note.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      const page = await listNotes(t, csr, ticket.id, { limit: 100 });
      expect(page.items.map((note) => note.seq)).toEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
    });

    it('returns the stored note again for a repeated client_id (201, as messages do)', async () => {
      const ticket = await newTicket();
      const body = { content: 'once', client_id: 'note-retry-1' };
      const first = await postNote(t, csr, ticket.id, body);
      const again = await postNote(t, csr, ticket.id, { ...body, content: 'twice?' });
      expect(again).toEqual(first);
      // Concurrent repeats settle on one row too.
      const raced = await Promise.all(
        Array.from({ length: 5 }, () =>
          postNote(t, csr, ticket.id, { content: 'raced', client_id: 'note-retry-2' }),
        ),
      );
      expect(new Set(raced.map((note) => note.id)).size).toBe(1);
      // The key is per author: another author's note with the same client_id is its own.
      const other = await postNote(t, admin, ticket.id, body);
      expect(other.id).not.toBe(first.id);
      // A message with the same client_id is unrelated.
      const message = await postMessage(t, csr, ticket.id, body);
      expect(message.content).toBe('once');
      expect(await countNotes(ticket.id)).toBe(3);
    });

    it('accepts notes on a closed ticket', async () => {
      const ticket = await newTicket();
      await csrPatch(t, csr, ticket.id, { status: 'closed' });
      expect((await postNote(t, csr, ticket.id, 'post-mortem')).seq).toBe(1);
    });

    it('refuses users (403 whatever the ticket) and answers staff 404 for an unknown ticket', async () => {
      const ticket = await newTicket();
      await postNote(t, csr, ticket.id, 'staff only');
      for (const user of [owner, stranger]) {
        await request(t.url).get(notesPath(ticket.id)).set(bearer(user.accessToken)).expect(403);
        await request(t.url)
          .post(notesPath(ticket.id))
          .set(bearer(user.accessToken))
          .send({ content: 'let me in' })
          .expect(403);
        await request(t.url)
          .get(notesPath('00000000-0000-4000-8000-000000000000'))
          .set(bearer(user.accessToken))
          .expect(403);
      }
      await request(t.url).get(notesPath(ticket.id)).expect(401);
      await request(t.url)
        .get(notesPath('00000000-0000-4000-8000-000000000000'))
        .set(bearer(csr.accessToken))
        .expect(404);
      await request(t.url)
        .post(notesPath('00000000-0000-4000-8000-000000000000'))
        .set(bearer(csr.accessToken))
        .send({ content: 'nowhere' })
        .expect(404);
      // No user route reaches notes either.
      await request(t.url)
        .get(`/api/v1/users/tickets/${ticket.id}/notes`)
        .set(bearer(owner.accessToken))
        .expect(404);
      await request(t.url)
        .get(`/api/v1/tickets/${ticket.id}/notes`)
        .set(bearer(owner.accessToken))
        .expect(404);
      expect(await countNotes(ticket.id)).toBe(1);
    });
  });

  describe('mentions', () => {
    it('makes the mentioned staff watchers, puts the mention on the timeline, and tells them', async () => {
      const ticket = await newTicket();
      const [first, second] = [await connect(watcher), await connect(watcher)];
      const adminSocket = await connect(admin);
      const mentions = [nextEvent(first, 'mention'), nextEvent(second, 'mention')];
      const roomSocket = await connect(csr, { ticket_id: ticket.id });
      const updated = nextEvent<TicketBody>(roomSocket, 'ticket_updated');
      const adminMentions = collect(adminSocket, 'mention');

      // Before: the watcher is not a participant, so the room is closed to them.
      expect((await ack(first, 'join', { ticket_id: ticket.id })).error?.status).toBe(404);
      const note = await postNote(t, csr, ticket.id, {
        content: 'Can you look at the refund?',
        mentions: [watcher.id, watcher.id],
      });
      expect(note.mentions).toEqual([watcher.id]);
      for (const mention of await Promise.all(mentions)) {
        expect(mention).toEqual({ ticket_id: ticket.id, note });
      }
      expect((await updated).watcher_ids).toEqual([watcher.id]);
      expect((await getTicket(ticket.id)).watcher_ids).toEqual([watcher.id]);
      // The admin was not mentioned: a sentinel mention of the admin comes first.
      await sentinel(
        adminSocket,
        'mention',
        () => true,
        () => postNote(t, csr, ticket.id, { content: 'and you', mentions: [admin.id] }),
      );
      expect(adminMentions).toHaveLength(1);
      expect((await getTicket(ticket.id)).watcher_ids).toEqual([admin.id, watcher.id].sort());

      // After: the watcher joins like the assignee and hears the next notes.
      const joined = await ack(first, 'join', { ticket_id: ticket.id });
      expect(joined.ok).toBe(true);
      const heard = nextEvent<NoteBody>(first, 'note');
      const later = await postNote(t, csr, ticket.id, 'for the room');
      expect(await heard).toEqual(later);

      const events = await timeline(t, admin, ticket.id);
      const mentioned = events.filter((event) => event.kind === 'mentioned');
      expect(mentioned.map((event) => event.data)).toEqual([
        { note_id: note.id, user_ids: [watcher.id] },
        { note_id: expect.any(String), user_ids: [admin.id] },
      ]);
      expect(mentioned[0]?.actor_id).toBe(csr.id);
      expect(JSON.stringify(events)).not.toContain('refund');
    });

    it('leaves watcher_ids alone (no ticket_updated) when the mentioned already watch', async () => {
      const ticket = await newTicket();
      await postNote(t, csr, ticket.id, { content: 'one', mentions: [watcher.id] });
      const before = await getTicket(ticket.id);
      await postNote(t, admin, ticket.id, { content: 'two', mentions: [watcher.id] });
      const after = await getTicket(ticket.id);
      expect(after.watcher_ids).toEqual([watcher.id]);
      expect(after.updated_at).toBe(before.updated_at);
      const kinds = (await timeline(t, admin, ticket.id)).map((event) => event.kind);
      expect(kinds.filter((kind) => kind === 'mentioned')).toHaveLength(2);
    });

    it('refuses with 422 a mention of a user, a deactivated CSR or an unknown id, storing nothing', async () => {
      const ticket = await newTicket();
      const gone = await createUser(t, 'csr');
      await setActive(t, admin, gone.id, false);
      for (const id of [owner.id, stranger.id, gone.id, '00000000-0000-4000-8000-000000000000']) {
        const response = await request(t.url)
          .post(notesPath(ticket.id))
          .set(bearer(csr.accessToken))
          .send({ content: 'hey', mentions: [watcher.id, id] })
          .expect(422);
        expect((response.body as ProblemBody).status).toBe(422);
      }
      expect(await countNotes(ticket.id)).toBe(0);
      expect((await getTicket(ticket.id)).watcher_ids).toEqual([]);
      const kinds = (await timeline(t, admin, ticket.id)).map((event) => event.kind);
      expect(kinds).not.toContain('mentioned');
      // The seq counter did not move either.
      expect((await postNote(t, csr, ticket.id, 'first for real')).seq).toBe(1);
    });
  });

  describe('over the socket', () => {
    it('acks a staff note and sends it to the staff in the room only, never the owner', async () => {
      const ticket = await newTicket();
      const author = await connect(csr, { ticket_id: ticket.id });
      const adminSocket = await connect(admin);
      expect((await ack(adminSocket, 'join', { ticket_id: ticket.id })).ok).toBe(true);
      const ownerSocket = await connect(owner, { ticket_id: ticket.id });
      const outsider = await connect(watcher);
      const ownerNotes = collect(ownerSocket, 'note');
      const outsiderNotes = collect(outsider, 'note');
      const atAdmin = nextEvent<NoteBody>(adminSocket, 'note');
      const atAuthor = nextEvent<NoteBody>(author, 'note');

      const answer = await ack(author, 'note', {
        ticket_id: ticket.id,
        content: ' socket note ',
        client_id: 'sock-1',
      });
      expect(answer.ok).toBe(true);
      const note = answer.note as NoteBody;
      expect(note).toMatchObject({ seq: 1, content: 'socket note', client_id: 'sock-1' });
      expect(await atAdmin).toEqual(note);
      expect(await atAuthor).toEqual(note);
      // The same client_id again: the same note, and no second broadcast.
      const again = await ack(author, 'note', {
        ticket_id: ticket.id,
        content: 'socket note',
        client_id: 'sock-1',
      });
      expect(again.note).toEqual(note);

      // A message after the note reaches the owner after anything sent before it.
      await sentinel(
        ownerSocket,
        'message',
        () => true,
        () => postMessage(t, csr, ticket.id, 'a visible reply'),
      );
      expect(ownerNotes).toEqual([]);
      // The watcher-to-be is staff, but not in the room: the note did not reach them either.
      await sentinel(
        outsider,
        'mention',
        () => true,
        () => postNote(t, csr, ticket.id, { content: 'ping', mentions: [watcher.id] }),
      );
      expect(outsiderNotes).toEqual([]);
    });

    it('answers a user 403 for `note`, whatever the payload, and stores nothing', async () => {
      const ticket = await newTicket();
      const ownerSocket = await connect(owner, { ticket_id: ticket.id });
      for (const payload of [
        { ticket_id: ticket.id, content: 'let me in' },
        { ticket_id: 'nope' },
        'text',
      ]) {
        const answer = await ack(ownerSocket, 'note', payload);
        expect(answer).toMatchObject({ ok: false, error: { status: 403 } });
      }
      expect(await countNotes(ticket.id)).toBe(0);
    });

    it('answers staff 404, 400 and 422 as the route does', async () => {
      const ticket = await newTicket();
      const socket = await connect(csr);
      const status = async (payload: unknown) => (await ack(socket, 'note', payload)).error?.status;
      expect(
        await status({ ticket_id: '00000000-0000-4000-8000-000000000000', content: 'x' }),
      ).toBe(404);
      expect(await status({ ticket_id: ticket.id, content: '  ' })).toBe(400);
      expect(await status({ ticket_id: ticket.id, content: 'x', mentions: [owner.id] })).toBe(422);
      // A CSR who is not in the room (nor the assignee) may still write: notes are the queue's.
      const other = await connect(watcher);
      expect((await ack(other, 'note', { ticket_id: ticket.id, content: 'x' })).ok).toBe(true);
    });

    it('takes the staff room away with the ticket room on leave and on reassignment', async () => {
      const ticket = await newTicket();
      const socket = await connect(csr, { ticket_id: ticket.id });
      const adminSocket = await connect(admin, { ticket_id: ticket.id });
      expect((await ack(adminSocket, 'leave', { ticket_id: ticket.id })).ok).toBe(true);
      const adminNotes = collect(adminSocket, 'note');
      const left = nextEvent(socket, 'ticket_updated');
      await assignTicket(t, admin, ticket.id, watcher.id);
      await left;
      const csrNotes = collect(socket, 'note');
      const watcherSocket = await connect(watcher, { ticket_id: ticket.id });
      await sentinel(
        watcherSocket,
        'note',
        () => true,
        () => postNote(t, watcher, ticket.id, 'after the handover'),
      );
      // The sentinel went to the room; the two who left it got nothing.
      await sentinel(
        adminSocket,
        'mention',
        () => true,
        () => postNote(t, watcher, ticket.id, { content: 'admin?', mentions: [admin.id] }),
      );
      expect(adminNotes).toEqual([]);
      expect(csrNotes).toEqual([]);
    });
  });

  describe('the leak proof', () => {
    /** Every packet the socket's manager decodes (events, acks, errors), as JSON text. */
    async function recording(
      user: TestUser,
      frames: string[],
      query: Record<string, string> = {},
    ): Promise<Socket> {
      const socket = chatClient(t.url, { token: user.accessToken, query });
      sockets.push(socket);
      socket.io.on('packet', (packet) => frames.push(JSON.stringify(packet)));
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return socket;
    }

    it('never shows the owner a note’s content on any route, socket frame or ack', async () => {
      const marker = `LEAK-${randomBytes(8).toString('hex')}`;
      const ticket = await newTicket();
      const frames: string[] = [];
      const bodies: string[] = [];
      const asOwner = async (method: 'get' | 'post', path: string, body?: object) => {
        const call = request(t.url)[method](path).set(bearer(owner.accessToken));
        const response = await (body === undefined ? call : call.send(body));
        bodies.push(`${response.status} ${response.text}`);
        return response;
      };

      // The owner is in the ticket's room the whole time, on two sockets joined two ways.
      const viaQuery = await recording(owner, frames, { ticket_id: ticket.id });
      const viaJoin = await recording(owner, frames);
      const ackOwner = async (socket: Socket, event: string, payload: unknown) => {
        const answer: AckBody = await ack(socket, event, payload);
        frames.push(JSON.stringify(answer));
        return answer;
      };
      expect((await ackOwner(viaJoin, 'join', { ticket_id: ticket.id })).ok).toBe(true);
      await postMessage(t, owner, ticket.id, 'my printer is on fire');

      // Staff write the marker every way there is: HTTP, socket, with mentions and retries.
      const staffSocket = await connect(csr, { ticket_id: ticket.id });
      const staffSaw = collect<NoteBody>(staffSocket, 'note');
      await postNote(t, csr, ticket.id, `${marker} http`);
      await postNote(t, admin, ticket.id, {
        content: `${marker} mention`,
        mentions: [watcher.id, admin.id],
        client_id: 'leak-1',
      });
      await postNote(t, admin, ticket.id, { content: `${marker} retry`, client_id: 'leak-1' });
      expect(
        (await ack(staffSocket, 'note', { ticket_id: ticket.id, content: `${marker} socket` })).ok,
      ).toBe(true);
      const watcherSocket = await connect(watcher, { ticket_id: ticket.id });
      expect(
        (
          await ack(watcherSocket, 'note', {
            ticket_id: ticket.id,
            content: `${marker} watcher`,
            mentions: [csr.id],
          })
        ).ok,
      ).toBe(true);

      // The owner uses everything they have.
      await asOwner('get', '/api/v1/users/me');
      await asOwner('get', '/api/v1/users/tickets');
      await asOwner('get', `/api/v1/users/tickets/${ticket.id}`);
      await asOwner('get', `/api/v1/tickets/${ticket.id}/messages`);
      await asOwner('get', `/api/v1/tickets/${ticket.id}/messages?after_seq=0&limit=100`);
      await asOwner('get', `/api/v1/tickets/${ticket.id}/reads`);
      const sent = await asOwner('post', `/api/v1/tickets/${ticket.id}/messages`, {
        content: 'any news?',
      });
      await asOwner('get', notesPath(ticket.id));
      await asOwner('post', notesPath(ticket.id), { content: 'peek' });
      await asOwner('get', `/api/v1/csr/tickets/${ticket.id}`);
      await asOwner('get', `/api/v1/csr/tickets/${ticket.id}/events`);
      for (const socket of [viaQuery, viaJoin]) {
        await ackOwner(socket, 'join', { ticket_id: ticket.id });
        await ackOwner(socket, 'join', { ticket_id: ticket.id, after_seq: 0 });
        await ackOwner(socket, 'typing', { ticket_id: ticket.id, is_typing: true });
        await ackOwner(socket, 'read', {
          ticket_id: ticket.id,
          message_id: (sent.body as { id: string }).id,
        });
        await ackOwner(socket, 'note', { ticket_id: ticket.id, content: 'peek' });
      }
      await ackOwner(viaJoin, 'leave', { ticket_id: ticket.id });
      await ackOwner(viaJoin, 'join', { ticket_id: ticket.id });

      // Whatever the server sent the owner before this reply has arrived on both sockets.
      const done = [viaQuery, viaJoin].map((socket) =>
        nextEvent<{ content: string }>(socket, 'message', (m) => m.content === 'all done'),
      );
      await postMessage(t, csr, ticket.id, 'all done');
      await Promise.all(done);

      // The marker was really written and really broadcast, to staff.
      expect(staffSaw.filter((note) => note.content.includes(marker)).length).toBeGreaterThan(2);
      expect(frames.length).toBeGreaterThan(10);
      expect(bodies).toHaveLength(11);
      expect(frames.join('\n')).not.toContain(marker);
      expect(bodies.join('\n')).not.toContain(marker);
      expect(frames.join('\n')).not.toContain('"note"');
      expect(frames.join('\n')).not.toContain('"mention"');
    });
  });
});
