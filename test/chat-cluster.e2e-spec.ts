// Two API instances on one PostgreSQL, sharing rooms through Redis: needs real servers, so it
// runs when TEST_DATABASE_URL and TEST_REDIS_URL are set (as .ci/run does).
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { createTicket, TicketBody } from './factories/tickets';
import {
  ack,
  collect,
  connectChat,
  nextEvent,
  sentinel,
  sleep,
  waitForDisconnect,
} from './factories/sockets';
import { type MessageBody, postMessage } from './factories/messages';
import { type NoteBody, postNote } from './factories/notes';
import { bearer, createUser, TestUser } from './factories/users';
import { createTestDatabase, startAppOn, TestDatabase } from './support/test-app';

const redisUrl = process.env.TEST_REDIS_URL;
const enabled = Boolean(process.env.TEST_DATABASE_URL && redisUrl);
const describeCluster = enabled ? describe : describe.skip;
if (!enabled) {
  // Visible in the run output, so a skipped suite is never mistaken for a passing one.
  console.warn('chat-cluster: skipped (needs TEST_DATABASE_URL and TEST_REDIS_URL)');
}

describeCluster('Chat across two instances through Redis', () => {
  let database: TestDatabase;
  let a: Awaited<ReturnType<typeof startAppOn>>;
  let b: Awaited<ReturnType<typeof startAppOn>>;
  let owner: TestUser;
  let csr: TestUser;
  let ticket: TicketBody;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      REDIS_URL: redisUrl ?? '',
      REDIS_KEY_PREFIX: `sts-test-${randomBytes(4).toString('hex')}`,
    };
    a = await startAppOn(database, env);
    b = await startAppOn(database, env);
    csr = await createUser(a, 'csr');
    owner = await createUser(b);
    ticket = await createTicket(a, owner);
    expect(ticket.assigned_to_id).toBe(csr.id);
  });

  afterEach(() => {
    while (sockets.length > 0) sockets.pop()?.close();
  });

  afterAll(async () => {
    await a.stop();
    await b.stop();
    await database.drop();
  });

  async function pair(): Promise<{ onA: Socket; onB: Socket }> {
    const onA = await connectChat(a.url, {
      token: owner.accessToken,
      query: { ticket_id: ticket.id },
    });
    const onB = await connectChat(b.url, {
      token: csr.accessToken,
      query: { ticket_id: ticket.id },
    });
    sockets.push(onA, onB);
    // Give the adapters a moment to learn about each other's rooms.
    await sleep(300);
    return { onA, onB };
  }

  it('delivers messages sent on one instance to sockets on the other, both ways', async () => {
    const { onA, onB } = await pair();
    const toB = nextEvent<MessageBody>(onB, 'message', (m) => m.content === 'from A');
    expect((await ack(onA, 'message', { ticket_id: ticket.id, content: 'from A' })).ok).toBe(true);
    expect((await toB).content).toBe('from A');

    const toA = nextEvent<MessageBody>(onA, 'message', (m) => m.content === 'from B');
    expect((await ack(onB, 'message', { ticket_id: ticket.id, content: 'from B' })).ok).toBe(true);
    expect((await toA).content).toBe('from B');
  });

  it('stores one message when one client_id is sent through both instances', async () => {
    const onA = await connectChat(a.url, { token: owner.accessToken });
    const onB = await connectChat(b.url, { token: owner.accessToken });
    sockets.push(onA, onB);
    const payload = {
      ticket_id: ticket.id,
      content: 'retry me',
      client_id: `c-${randomBytes(4).toString('hex')}`,
    };
    const [first, second] = await Promise.all([
      ack(onA, 'message', payload),
      ack(onB, 'message', payload),
    ]);
    expect(first.ok && second.ok).toBe(true);
    expect((first.message as MessageBody).id).toBe((second.message as MessageBody).id);
    const rows = await a.dataSource.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM ticket_messages WHERE ticket_id = $1 AND client_id = $2',
      [ticket.id, payload.client_id],
    );
    expect(rows[0]?.n).toBe('1');
  });

  it('sends a note written on one instance to staff on the other, and never to the owner', async () => {
    const admin = await createUser(a, 'admin');
    const watcher = await createUser(a, 'csr');
    const staffOnB = await connectChat(b.url, {
      token: csr.accessToken,
      query: { ticket_id: ticket.id },
    });
    const ownerOnB = await connectChat(b.url, {
      token: owner.accessToken,
      query: { ticket_id: ticket.id },
    });
    const watcherOnB = await connectChat(b.url, { token: watcher.accessToken });
    sockets.push(staffOnB, ownerOnB, watcherOnB);
    // Give the adapters a moment to learn about each other's rooms.
    await sleep(300);
    const ownerNotes = collect(ownerOnB, 'note');
    const ownerMentions = collect(ownerOnB, 'mention');
    const atStaff = nextEvent<NoteBody>(staffOnB, 'note');
    const mention = nextEvent<{ note: NoteBody }>(watcherOnB, 'mention');
    const note = await postNote(a, admin, ticket.id, {
      content: `cluster note ${randomBytes(4).toString('hex')}`,
      mentions: [watcher.id],
    });
    expect(await atStaff).toEqual(note);
    expect((await mention).note).toEqual(note);
    // A message after the note reaches the owner after anything sent to them before it.
    await sentinel(
      ownerOnB,
      'message',
      () => true,
      () => postMessage(a, csr, ticket.id, 'after the note'),
    );
    expect(ownerNotes).toEqual([]);
    expect(ownerMentions).toEqual([]);
  });

  it('relays ticket_updated and session revocation to the other instance', async () => {
    const { onA } = await pair();
    const update = nextEvent<TicketBody>(onA, 'ticket_updated');
    await request(b.url)
      .patch(`/api/v1/csr/tickets/${ticket.id}`)
      .set(bearer(csr.accessToken))
      .send({ priority: 'urgent' })
      .expect(200);
    expect((await update).priority).toBe('urgent');

    const gone = waitForDisconnect(onA);
    await request(b.url)
      .post('/api/v1/auth/logout')
      .set(bearer(owner.accessToken))
      .send({ refresh_token: owner.refreshToken })
      .expect(204);
    expect(await gone).toBe('io server disconnect');
  });
});
