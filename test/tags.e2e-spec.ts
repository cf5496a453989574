import request from 'supertest';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { bearer, createUser, TestUser } from './factories/users';
import { ack, collect, connectChat, nextEvent, sentinel } from './factories/sockets';
import {
  createTicket,
  csrPatch,
  PageBody,
  PROBLEM,
  ProblemBody,
  TicketBody,
  timeline,
} from './factories/tickets';
import { startTestApp, TestApp } from './support/test-app';

describe('Ticket tags (PUT /api/v1/csr/tickets/{id}/tags, tag= on the lists)', () => {
  let t: TestApp;
  let csr: TestUser;
  let owner: TestUser;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    csr = await createUser(t, 'csr');
    owner = await createUser(t);
  });

  afterEach(() => {
    while (sockets.length > 0) sockets.pop()?.close();
  });

  afterAll(async () => {
    await t.close();
  });

  const putTags = (id: string, tags: unknown, status = 200, staff = csr) =>
    request(t.url)
      .put(`/api/v1/csr/tickets/${id}/tags`)
      .set(bearer(staff.accessToken))
      .send({ tags })
      .expect(status);

  const unique = () => `t${randomBytes(4).toString('hex')}`;

  it('lower-cases, collapses duplicates and sorts; the ticket JSON carries them', async () => {
    const ticket = await createTicket(t, owner);
    expect(ticket.tags).toEqual([]);
    const response = await putTags(ticket.id, ['VIP', 'billing', 'vip', 'a_1', 'Billing']);
    expect((response.body as TicketBody).tags).toEqual(['a_1', 'billing', 'vip']);
    const mine = await request(t.url)
      .get(`/api/v1/users/tickets/${ticket.id}`)
      .set(bearer(owner.accessToken))
      .expect(200);
    expect((mine.body as TicketBody).tags).toEqual(['a_1', 'billing', 'vip']);
  });

  it('records tags_changed {added, removed} only when something changed', async () => {
    const ticket = await createTicket(t, owner);
    await putTags(ticket.id, ['a', 'b']);
    await putTags(ticket.id, ['B', 'c']);
    await putTags(ticket.id, ['c', 'b']);
    await putTags(ticket.id, []);
    const changes = (await timeline(t, csr, ticket.id))
      .filter((event) => event.kind === 'tags_changed')
      .map((event) => [event.actor_id, event.data]);
    expect(changes).toEqual([
      [csr.id, { added: ['a', 'b'], removed: [] }],
      [csr.id, { added: ['c'], removed: ['a'] }],
      [csr.id, { added: [], removed: ['b', 'c'] }],
    ]);
  });

  it('broadcasts ticket_updated to the ticket’s room, and nothing for a no-op', async () => {
    const ticket = await createTicket(t, owner);
    const socket = await connectChat(t.url, { token: owner.accessToken });
    sockets.push(socket);
    expect((await ack(socket, 'join', { ticket_id: ticket.id })).ok).toBe(true);
    const updated = nextEvent<TicketBody>(
      socket,
      'ticket_updated',
      (body) => body.id === ticket.id,
    );
    await putTags(ticket.id, ['Urgent-Fix']);
    expect((await updated).tags).toEqual(['urgent-fix']);

    const seen = collect<TicketBody>(socket, 'ticket_updated');
    await putTags(ticket.id, ['urgent-fix']);
    // A priority change is the sentinel: the no-op before it sent nothing.
    await sentinel<TicketBody>(
      socket,
      'ticket_updated',
      (body) => body.priority === 'high',
      () => csrPatch(t, csr, ticket.id, { priority: 'high' }),
    );
    expect(seen.map((body) => body.priority)).toEqual(['high']);
  });

  it.each([
    ['more than 20', Array.from({ length: 21 }, (_, i) => `t${i}`)],
    ['an empty tag', ['ok', '']],
    ['a leading dash', ['-x']],
    ['a space', ['a b']],
    ['surrounding spaces', [' a']],
    ['33 characters', ['x'.repeat(33)]],
    ['non-ASCII', ['café']],
    ['a number', [1]],
    ['not a list', 'a,b'],
    ['null', null],
  ])('refuses %s with 400 and changes nothing', async (_name, tags) => {
    const ticket = await createTicket(t, owner);
    await putTags(ticket.id, ['keep']);
    const response = await putTags(ticket.id, tags, 400);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect((response.body as ProblemBody).errors?.[0]?.field).toBe('tags');
    const [row] = await t.dataSource.query<{ tags: string[] }[]>(
      'SELECT tags FROM tickets WHERE id = $1',
      [ticket.id],
    );
    expect(row?.tags).toEqual(['keep']);
  });

  it('takes exactly 20 tags of 32 characters', async () => {
    const ticket = await createTicket(t, owner);
    const tags = Array.from(
      { length: 20 },
      (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(30)}`,
    );
    expect((await putTags(ticket.id, tags)).body).toMatchObject({ tags });
  });

  it('refuses to change the tags of a closed ticket with 409 (closed is final)', async () => {
    const ticket = await createTicket(t, owner);
    await putTags(ticket.id, ['old']);
    await csrPatch(t, csr, ticket.id, { status: 'closed' });
    await putTags(ticket.id, ['new'], 409);
    // Setting what it already has is no change, so no refusal.
    await putTags(ticket.id, ['OLD']);
  });

  it('is for staff only; a user gets 403, an unknown ticket 404', async () => {
    const ticket = await createTicket(t, owner);
    await putTags(ticket.id, ['x'], 403, owner);
    await putTags('00000000-0000-4000-8000-000000000000', ['x'], 404);
  });

  describe('tag= filter', () => {
    const a = unique();
    const b = unique();
    let both: TicketBody;
    let onlyA: TicketBody;
    let other: TestUser;
    let othersBoth: TicketBody;

    beforeAll(async () => {
      other = await createUser(t);
      both = await createTicket(t, owner);
      onlyA = await createTicket(t, owner);
      othersBoth = await createTicket(t, other);
      await putTags(both.id, [a, b, 'extra']);
      await putTags(onlyA.id, [a]);
      await putTags(othersBoth.id, [b, a]);
    });

    const ids = (page: PageBody) => page.items.map((item) => item.id).sort();

    it('gives the queue the tickets having every tag, any letter case', async () => {
      const query = async (tag: string) =>
        (
          await request(t.url)
            .get('/api/v1/csr/tickets')
            .query({ tag, limit: 100 })
            .set(bearer(csr.accessToken))
            .expect(200)
        ).body as PageBody;
      expect(ids(await query(a))).toEqual([both.id, onlyA.id, othersBoth.id].sort());
      expect(ids(await query(`${b.toUpperCase()},${a}`))).toEqual([both.id, othersBoth.id].sort());
      expect((await query(`${a},${b},${a}`)).total).toBe(2);
      expect(ids(await query(`${a},nothing-has-this`))).toEqual([]);
    });

    it('gives the owner only their own tickets having every tag, in cursor mode too', async () => {
      const response = await request(t.url)
        .get('/api/v1/users/tickets')
        .query({ tag: `${a},${b}` })
        .set(bearer(owner.accessToken))
        .expect(200);
      expect(ids(response.body as PageBody)).toEqual([both.id]);
      const first = await request(t.url)
        .get('/api/v1/users/tickets')
        .query({ tag: a, limit: 1, sort: 'created_at' })
        .set(bearer(owner.accessToken))
        .expect(200);
      const page = first.body as PageBody;
      expect(page.items.map((item) => item.id)).toEqual([both.id]);
      const second = await request(t.url)
        .get('/api/v1/users/tickets')
        .query({ tag: a, limit: 1, sort: 'created_at', cursor: page.next_cursor ?? '' })
        .set(bearer(owner.accessToken))
        .expect(200);
      expect((second.body as PageBody).items.map((item) => item.id)).toEqual([onlyA.id]);
    });

    it.each([
      '',
      ',',
      'a,',
      'a b',
      '-a',
      'x'.repeat(33),
      Array.from({ length: 21 }, (_, i) => `t${i}`).join(','),
    ])('refuses the tag filter %p with 400', async (tag) => {
      for (const [path, user] of [
        ['/api/v1/csr/tickets', csr],
        ['/api/v1/users/tickets', owner],
      ] as const) {
        const response = await request(t.url)
          .get(path)
          .query({ tag })
          .set(bearer(user.accessToken))
          .expect(400);
        expect((response.body as ProblemBody).errors?.[0]?.field).toBe('tag');
      }
    });

    it('can be answered from the GIN index tickets_tags_idx', async () => {
      const plan = await t.dataSource.transaction(async (manager) => {
        // Few rows make a sequential scan cheapest; forbid it to see that the index serves.
        await manager.query('SET LOCAL enable_seqscan = off');
        return manager.query<{ 'QUERY PLAN': string }[]>(
          `EXPLAIN SELECT id FROM tickets t WHERE t.tags @> $1::varchar[]`,
          [[a, b]],
        );
      });
      expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('tickets_tags_idx');
    });
  });
});
