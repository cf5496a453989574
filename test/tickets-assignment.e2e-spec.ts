import request from 'supertest';
import { bearer, createUser, setActive, TestUser } from './factories/users';
import {
  countBy,
  createCsrs,
  createTicket,
  csrPatch,
  TicketBody,
  ticketInput,
  timeline,
} from './factories/tickets';
import { createTestDatabase, startAppOn, startTestApp, TestApp } from './support/test-app';

const ON_POSTGRES = Boolean(process.env.TEST_DATABASE_URL);

/** Fires `n` creations at once, spread over the users (and over the given app urls). */
async function createConcurrently(
  urls: string[],
  users: TestUser[],
  n: number,
): Promise<TicketBody[]> {
  const responses = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      request(urls[i % urls.length]!)
        .post('/api/v1/users/tickets')
        .set(bearer(users[i % users.length]!.accessToken))
        .send(ticketInput({ title: `Concurrent ${i}` })),
    ),
  );
  expect(responses.map((response) => response.status)).toEqual(Array(n).fill(201));
  return responses.map((response) => response.body as TicketBody);
}

async function makeUsers(t: Pick<TestApp, 'app' | 'url'>, n: number): Promise<TestUser[]> {
  return Promise.all(Array.from({ length: n }, () => createUser(t)));
}

/** Takes every existing CSR out of rotation, so a test starts with only the CSRs it makes. */
async function retireAllCsrs(t: TestApp): Promise<void> {
  await t.dataSource.query(`UPDATE users SET is_active = false WHERE role = 'csr'`);
}

const byNumber = (tickets: TicketBody[]) => [...tickets].sort((a, b) => a.number - b.number);

/** Assignees as indexes into `csrs` (-1 for anyone else). */
const assigneeIndexes = (tickets: TicketBody[], csrs: TestUser[]) =>
  tickets.map((ticket) => csrs.findIndex((csr) => csr.id === ticket.assigned_to_id));

describe('Auto-assignment: round robin (default)', () => {
  let t: TestApp;
  let admin: TestUser;
  let user: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createUser(t, 'admin');
    user = await createUser(t);
  });

  afterAll(async () => {
    await t.close();
  });

  beforeEach(async () => {
    await retireAllCsrs(t);
  });

  async function nextAssignees(n: number, csrs: TestUser[]): Promise<number[]> {
    const tickets: TicketBody[] = [];
    for (let i = 0; i < n; i++) tickets.push(await createTicket(t, user));
    return assigneeIndexes(tickets, csrs);
  }

  it('leaves a ticket unassigned, with no assigned event, when no CSR is active', async () => {
    const ticket = await createTicket(t, user);
    expect(ticket.assigned_to_id).toBeNull();
    expect((await timeline(t, admin, ticket.id)).map((event) => event.kind)).toEqual(['created']);
  });

  it('follows the cycle in (created_at, id) order exactly on a sequential run', async () => {
    const csrs = await createCsrs(t, 4);
    expect(await nextAssignees(9, csrs)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0]);
  });

  it('orders CSRs created at the same instant by id', async () => {
    const csrs = await createCsrs(t, 3);
    await t.dataSource.query(
      `UPDATE users SET created_at = '2030-01-01T00:00:00Z' WHERE id = ANY($1)`,
      [csrs.map((csr) => csr.id)],
    );
    const byId = [...csrs].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(await nextAssignees(4, byId)).toEqual([0, 1, 2, 0]);
  });

  it('lets a CSR created mid-way join the cycle and skips a deactivated one', async () => {
    const [a, b, c] = (await createCsrs(t, 3)) as [TestUser, TestUser, TestUser];
    expect(await nextAssignees(4, [a, b, c])).toEqual([0, 1, 2, 0]);
    const d = await createUser(t, 'csr');
    const all = [a, b, c, d];
    // The cycle continues after a: b, c, then the newcomer d, then a again.
    expect(await nextAssignees(4, all)).toEqual([1, 2, 3, 0]);
    await setActive(t, admin, b.id, false);
    expect(await nextAssignees(4, all)).toEqual([2, 3, 0, 2]);
    await setActive(t, admin, b.id, true);
    expect(await nextAssignees(2, all)).toEqual([3, 0]);
    expect(await nextAssignees(1, all)).toEqual([1]);
    // Deactivating the CSR who took the last ticket: the cycle goes on from their place.
    await setActive(t, admin, b.id, false);
    expect(await nextAssignees(3, all)).toEqual([2, 3, 0]);
  });

  it('skips a CSR demoted to user and never assigns to admins', async () => {
    const [a, b] = (await createCsrs(t, 2)) as [TestUser, TestUser];
    await request(t.url)
      .patch(`/api/v1/admin/users/${a.id}`)
      .set(bearer(admin.accessToken))
      .send({ role: 'user' })
      .expect(200);
    expect(await nextAssignees(3, [a, b])).toEqual([1, 1, 1]);
  });

  it('records the strategy on the timeline', async () => {
    const [csr] = (await createCsrs(t, 1)) as [TestUser];
    const ticket = await createTicket(t, user);
    expect((await timeline(t, admin, ticket.id))[1]).toMatchObject({
      kind: 'assigned',
      actor_id: null,
      data: { from: null, to: csr.id, strategy: 'round_robin', reason: 'created' },
    });
  });

  it('splits 60 concurrent creations over 4 CSRs exactly 15/15/15/15, in cycle order', async () => {
    const csrs = await createCsrs(t, 4);
    const users = await makeUsers(t, 6);
    const tickets = await createConcurrently([t.url], users, 60);
    expect(
      countBy(
        tickets,
        csrs.map((csr) => csr.id),
      ),
    ).toEqual([15, 15, 15, 15]);
    // Each creation took its number while holding the position, so numbers follow the cycle.
    const order = assigneeIndexes(byNumber(tickets), csrs);
    const first = order[0]!;
    expect(order).toEqual(order.map((_, i) => (first + i) % 4));
    expect(new Set(tickets.map((ticket) => ticket.number)).size).toBe(60);
  });

  it('gives each CSR floor(N/k) or ceil(N/k) of N concurrent creations', async () => {
    const csrs = await createCsrs(t, 3);
    const tickets = await createConcurrently([t.url], await makeUsers(t, 3), 10);
    expect(
      countBy(
        tickets,
        csrs.map((csr) => csr.id),
      ).sort(),
    ).toEqual([3, 3, 4]);
  });
});

(ON_POSTGRES ? describe : describe.skip)(
  'Auto-assignment across two instances [real PostgreSQL only: one PGlite data folder serves one process]',
  () => {
    it('splits 60 creations sent to two instances at once exactly 15/15/15/15', async () => {
      const database = await createTestDatabase();
      const one = await startAppOn(database);
      const two = await startAppOn(database);
      try {
        const csrs = await createCsrs(one, 4);
        const users = await makeUsers(one, 6);
        const tickets = await createConcurrently([one.url, two.url], users, 60);
        expect(
          countBy(
            tickets,
            csrs.map((csr) => csr.id),
          ),
        ).toEqual([15, 15, 15, 15]);
        const order = assigneeIndexes(byNumber(tickets), csrs);
        const first = order[0]!;
        expect(order).toEqual(order.map((_, i) => (first + i) % 4));
      } finally {
        await one.stop();
        await two.stop();
        await database.drop();
      }
    });
  },
);

describe('Auto-assignment: least_loaded', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ ASSIGNMENT_STRATEGY: 'least_loaded' });
    user = await createUser(t);
  });

  afterAll(async () => {
    await t.close();
  });

  beforeEach(async () => {
    await retireAllCsrs(t);
  });

  it('gives the ticket to the CSR with the fewest open or in-progress tickets, ties in cycle order', async () => {
    const csrs = await createCsrs(t, 3);
    const [a] = csrs as [TestUser];
    const next = async () => assigneeIndexes([await createTicket(t, user)], csrs)[0];
    const first = [await next(), await next(), await next()];
    expect(first).toEqual([0, 1, 2]);
    // a's ticket closed: a has 0, b and c have 1.
    const aTickets = await request(t.url)
      .get('/api/v1/csr/tickets')
      .query({ assignee_id: 'me' })
      .set(bearer(a.accessToken))
      .expect(200);
    const aTicket = (aTickets.body as { items: TicketBody[] }).items[0]!;
    await csrPatch(t, a, aTicket.id, { status: 'closed' });
    expect(await next()).toBe(0);
    // All at 1: the tie goes on in cycle order after a.
    expect(await next()).toBe(1);
    expect(await next()).toBe(2);
    expect(await next()).toBe(0);
    // Resolved tickets do not count; in-progress ones do.
    const b = csrs[1]!;
    const bTickets = (
      (
        await request(t.url)
          .get('/api/v1/csr/tickets')
          .query({ assignee_id: 'me' })
          .set(bearer(b.accessToken))
          .expect(200)
      ).body as { items: TicketBody[] }
    ).items;
    expect(bTickets).toHaveLength(2);
    for (const ticket of bTickets) await csrPatch(t, b, ticket.id, { status: 'resolved' });
    const c = csrs[2]!;
    const cTicket = (
      (
        await request(t.url)
          .get('/api/v1/csr/tickets')
          .query({ assignee_id: 'me' })
          .set(bearer(c.accessToken))
          .expect(200)
      ).body as { items: TicketBody[] }
    ).items[0]!;
    await csrPatch(t, c, cTicket.id, { status: 'in_progress' });
    expect([await next(), await next()]).toEqual([1, 1]);
    const ticket = await createTicket(t, user);
    expect((await timeline(t, a, ticket.id))[1]).toMatchObject({
      kind: 'assigned',
      data: { strategy: 'least_loaded' },
    });
  });

  it('balances 40 concurrent creations over 4 idle CSRs exactly 10 each', async () => {
    const csrs = await createCsrs(t, 4);
    const tickets = await createConcurrently([t.url], await makeUsers(t, 4), 40);
    expect(
      countBy(
        tickets,
        csrs.map((csr) => csr.id),
      ),
    ).toEqual([10, 10, 10, 10]);
  });
});

describe('Auto-assignment: random', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ ASSIGNMENT_STRATEGY: 'random' });
    admin = await createUser(t, 'admin');
  });

  afterAll(async () => {
    await t.close();
  });

  it('assigns only active CSRs, spreads tickets, and does not follow the cycle', async () => {
    const csrs = await createCsrs(t, 5);
    await setActive(t, admin, csrs[4]!.id, false);
    const active = csrs.slice(0, 4);
    const tickets = await createConcurrently([t.url], await makeUsers(t, 4), 60);
    const counts = countBy(
      tickets,
      active.map((csr) => csr.id),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(60);
    // With 60 fair draws over 4, fewer than 3 distinct CSRs has probability below 1e-15.
    expect(counts.filter((count) => count > 0).length).toBeGreaterThanOrEqual(3);
    const order = assigneeIndexes(byNumber(tickets), active);
    const first = order[0]!;
    expect(order).not.toEqual(order.map((_, i) => (first + i) % 4));
    expect((await timeline(t, admin, tickets[0]!.id))[1]).toMatchObject({
      kind: 'assigned',
      actor_id: null,
      data: { strategy: 'random' },
    });
  });
});
