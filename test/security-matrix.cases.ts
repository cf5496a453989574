// The access-control matrix's tables: what every kind of actor gets from every route and socket
// event, and the body fields no route may take. security-matrix.e2e-spec.ts runs them.
import type request from 'supertest';
import type { TicketBody } from './factories/tickets';
import { TestUser, uniqueEmail } from './factories/users';
import { identityToken } from './factories/widget';

export const ACTORS = [
  'anonymous',
  'owner',
  'other_user',
  'assigned_csr',
  'other_csr',
  'admin',
  'demoted_csr',
  'deactivated',
  'logged_out',
  'expired',
  'refresh_as_access',
  'alg_none',
  'other_key',
  'hs512',
  'forged_admin',
  'nbf_future',
] as const;
export type ActorName = (typeof ACTORS)[number];
export const SIGNED_IN = [
  'owner',
  'other_user',
  'assigned_csr',
  'other_csr',
  'admin',
  'demoted_csr',
] as const;
export type SignedIn = (typeof SIGNED_IN)[number];
export const isSignedIn = (actor: ActorName): actor is SignedIn =>
  (SIGNED_IN as readonly string[]).includes(actor);

export const ACTOR_NOTES: Record<ActorName, string> = {
  anonymous: 'no token',
  owner: 'user who owns the ticket',
  other_user: 'another user',
  assigned_csr: 'CSR the ticket is assigned to',
  other_csr: 'another CSR',
  admin: 'admin',
  demoted_csr: 'CSR demoted to user after login, old token',
  deactivated: 'user deactivated after login, old token',
  logged_out: "owner's token after logout",
  expired: 'owner claims, `exp` in the past',
  refresh_as_access: "owner's refresh token as Bearer",
  alg_none: 'owner claims, `alg: none`',
  other_key: 'owner claims signed with another key',
  hs512: 'owner claims signed HS512 with the right key',
  forged_admin: 'owner token edited to `role: admin`, old signature',
  nbf_future: 'owner claims, `nbf` in the future',
};

type Expectation = Record<SignedIn, number>;
const every = (status: number): Expectation => ({
  owner: status,
  other_user: status,
  assigned_csr: status,
  other_csr: status,
  admin: status,
  demoted_csr: status,
});
const staffOnly = (ok: number): Expectation => ({
  ...every(403),
  assigned_csr: ok,
  other_csr: ok,
  admin: ok,
});
const adminOnly = (ok: number): Expectation => ({ ...every(403), admin: ok });
const ownerOnly = (ok: number): Expectation => ({ ...every(404), owner: ok });
const participants = (ok: number): Expectation => ({
  ...every(404),
  owner: ok,
  assigned_csr: ok,
  admin: ok,
});

export interface Cell {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  /** Sent as the multipart `file` part instead of a JSON body. */
  file?: { bytes: Buffer; filename: string };
}

export interface RouteRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Public routes ignore the token, so every actor gets the same answer. */
  publicStatus?: number;
  /**
   * A public route that checks a Bearer token when one is sent (the widget session, to merge a
   * guest): what a request without one gets. Signed-in actors get `expect`, the rest 401.
   */
  anonymousStatus?: number;
  expect?: Expectation;
  /** Fresh state per cell where the route changes something. */
  prepare: () => Cell | Promise<Cell>;
  /** Extra checks on the answer and the database (object-level: nothing changed on refusal). */
  verify?: (actor: ActorName, response: request.Response, cell: Cell) => void | Promise<void>;
}

export interface SocketRow {
  name: string;
  /** The handshake's answer or the ack's status for each signed-in actor. */
  expect: Record<SignedIn, string>;
  /** What the handshake answers the refused actors; null: not reachable without a connection. */
  refused: string | null;
}

/** The state the tables refer to, read when a cell runs (the spec fills it in beforeAll). */
export interface MatrixContext {
  users: Record<SignedIn | 'deactivated' | 'login' | 'target', TestUser>;
  /** The shared ticket of the owner, assigned to assigned_csr. */
  ticket: () => TicketBody;
  /** A new ticket of the owner, assigned to assigned_csr. */
  freshTicket: () => Promise<TicketBody>;
  db: <T>(sql: string, params?: unknown[]) => Promise<T[]>;
  /** A refresh token of users.login that no cell has used. */
  freshRefreshToken: () => Promise<string>;
  /** An attachment the owner uploaded to the shared ticket. */
  attachment: () => Promise<string>;
}

export function routeRows(ctx: MatrixContext): RouteRow[] {
  const { users, db, ticket, freshTicket } = ctx;
  const countPolicies = async () =>
    (await db<{ n: number }>('SELECT count(*)::int AS n FROM sla_policies'))[0]!.n;
  let policiesBefore = 0;
  async function ticketRow(id: string) {
    const [row] = await db<{ status: string; priority: string | null; assigned_to_id: string }>(
      'SELECT status, priority, assigned_to_id FROM tickets WHERE id = $1',
      [id],
    );
    return row;
  }

  const ticketParams = () => ({ params: { id: ticket().id } });
  /** A canned response straight in the table (the route under test may be the one that makes them). */
  async function cannedResponse(): Promise<{ id: string; short_code: string }> {
    const shortCode = `m_${Math.random().toString(36).slice(2, 12)}`;
    const [row] = await db<{ id: string; short_code: string }>(
      `INSERT INTO canned_responses (short_code, title, content, created_by)
       VALUES ($1, 'Matrix', 'Hi {{user.full_name}}', $2) RETURNING id, short_code`,
      [shortCode, users.admin.id],
    );
    return row!;
  }
  /** A fresh ticket of the owner, resolved (status and its timeline event), ready to be rated. */
  async function resolvedTicketParams() {
    const { id } = await freshTicket();
    await db(`UPDATE tickets SET status = 'resolved', resolved_at = now() WHERE id = $1`, [id]);
    await db(
      `INSERT INTO ticket_events (ticket_id, actor_id, kind, data)
       VALUES ($1, $2, 'status_changed', '{"from": "open", "to": "resolved"}')`,
      [id, users.assigned_csr.id],
    );
    return { params: { id } };
  }
  const freshTicketParams = async () => ({ params: { id: (await freshTicket()).id } });
  /** An endpoint straight in the table, on a loopback address the guard refuses (no traffic). */
  async function webhook(): Promise<string> {
    const [row] = await db<{ id: string }>(
      `INSERT INTO webhook_endpoints (url, events, secret)
       VALUES ('https://127.0.0.1:9/matrix', '{csat.submitted}', 'whsec_bWF0cml4bWF0cml4bWF0cml4bWF0cml4')
       RETURNING id`,
    );
    return row!.id;
  }
  /** An endpoint with one finished delivery of a ping. */
  async function webhookDelivery(): Promise<{ id: string; delivery_id: string }> {
    const id = await webhook();
    const [row] = await db<{ id: string }>(
      `WITH e AS (
         INSERT INTO webhook_events (id, type, body, created_at)
         VALUES (gen_random_uuid(), 'ping', '{}', now()) RETURNING id
       )
       INSERT INTO webhook_deliveries (endpoint_id, event_id, status, finished_at)
       SELECT $1, e.id, 'failed', now() FROM e RETURNING id`,
      [id],
    );
    return { id, delivery_id: row!.id };
  }
  const webhookParams = async () => ({ params: { id: await webhook() } });
  const freshRefresh = async () => ({ body: { refresh_token: await ctx.freshRefreshToken() } });
  const countUsers = async () =>
    (await db<{ n: number }>('SELECT count(*)::int AS n FROM users'))[0]!.n;
  let usersBefore = 0;

  return [
    { method: 'GET', path: '/health/live', publicStatus: 200, prepare: () => ({}) },
    { method: 'GET', path: '/health/ready', publicStatus: 200, prepare: () => ({}) },
    {
      method: 'POST',
      path: '/api/v1/auth/signup',
      publicStatus: 201,
      prepare: () => ({
        body: { email: uniqueEmail('signup'), password: 'plain sailing 77', full_name: 'Matrix' },
      }),
      verify: (_actor, response) => {
        expect(response.body).toMatchObject({ role: 'user', is_active: true });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/auth/login',
      publicStatus: 200,
      prepare: () => ({ body: { email: users.login.email, password: users.login.password } }),
    },
    { method: 'POST', path: '/api/v1/auth/refresh', publicStatus: 200, prepare: freshRefresh },
    { method: 'POST', path: '/api/v1/auth/logout', publicStatus: 204, prepare: freshRefresh },
    {
      method: 'POST',
      path: '/api/v1/widget/session',
      // One visitor for every cell: the first creates it, the rest sign it in again. No actor is a
      // guest, so no Bearer token merges anything; a bad one is refused.
      anonymousStatus: 200,
      expect: every(200),
      prepare: async () => {
        usersBefore = await countUsers();
        return { body: { identity_token: identityToken({ sub: 'matrix-visitor', name: 'M' }) } };
      },
      verify: async (_actor, response) => {
        const created = (await countUsers()) - usersBefore;
        expect(created).toBeLessThanOrEqual(response.status === 200 ? 1 : 0);
        const [visitor] = await db<{ tickets: number }>(
          `SELECT count(t.id)::int AS tickets FROM users u LEFT JOIN tickets t ON t.user_id = u.id
            WHERE u.external_id = 'matrix-visitor'`,
        );
        expect(visitor?.tickets ?? 0).toBe(0);
      },
    },
    { method: 'GET', path: '/api/v1/widget/status', publicStatus: 200, prepare: () => ({}) },
    {
      method: 'GET',
      path: '/api/v1/users/me',
      expect: every(200),
      prepare: () => ({}),
      verify: (actor, response) => {
        if (isSignedIn(actor)) expect((response.body as { id: string }).id).toBe(users[actor].id);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/admin/users',
      expect: adminOnly(201),
      prepare: () => ({
        body: {
          email: uniqueEmail('made'),
          password: 'plain sailing 77',
          full_name: 'Made',
          role: 'admin',
        },
      }),
      verify: async (_actor, response, cell) => {
        const rows = await db('SELECT 1 FROM users WHERE email = $1', [cell.body?.email]);
        expect(rows).toHaveLength(response.status === 201 ? 1 : 0);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/admin/users',
      expect: adminOnly(200),
      prepare: () => ({}),
    },
    {
      method: 'GET',
      path: '/api/v1/admin/sla',
      expect: adminOnly(200),
      prepare: () => ({}),
    },
    {
      method: 'PUT',
      path: '/api/v1/admin/sla',
      expect: adminOnly(200),
      // Disabled, so the tickets later cells create stay without clocks.
      prepare: async () => {
        policiesBefore = await countPolicies();
        return { body: { enabled: false, timezone: 'UTC' } };
      },
      verify: async (_actor, response) => {
        expect(await countPolicies()).toBe(policiesBefore + (response.status === 200 ? 1 : 0));
      },
    },
    {
      method: 'PATCH',
      path: '/api/v1/admin/users/{id}',
      expect: adminOnly(200),
      prepare: () => ({
        params: { id: users.target.id },
        body: { full_name: `Renamed ${Math.random()}`, role: 'admin' },
      }),
      verify: async (_actor, response, cell) => {
        const [row] = await db<{ full_name: string; role: string }>(
          'SELECT full_name, role FROM users WHERE id = $1',
          [users.target.id],
        );
        if (response.status === 200) {
          expect(row).toEqual({ full_name: cell.body?.full_name, role: 'admin' });
          // Back to a plain user for the next cell.
          await db(`UPDATE users SET role = 'user' WHERE id = $1`, [users.target.id]);
        } else {
          expect(row?.full_name).not.toBe(cell.body?.full_name);
          expect(row?.role).toBe('user');
        }
      },
    },
    {
      method: 'POST',
      path: '/api/v1/users/tickets',
      expect: every(201),
      prepare: () => ({
        body: { title: `Matrix ${Math.random()}`, description: 'd', category: 'c', type: 't' },
      }),
      verify: async (actor, response, cell) => {
        const rows = await db('SELECT 1 FROM tickets WHERE title = $1', [cell.body?.title]);
        expect(rows).toHaveLength(response.status === 201 ? 1 : 0);
        if (isSignedIn(actor)) {
          expect(response.body).toMatchObject({ user_id: users[actor].id, status: 'open' });
        }
      },
    },
    {
      method: 'GET',
      path: '/api/v1/users/tickets',
      expect: every(200),
      prepare: () => ({ query: { limit: '100' } }),
      verify: (actor, response) => {
        if (!isSignedIn(actor)) return;
        const items = (response.body as { items: TicketBody[] }).items;
        expect(items.every((item) => item.user_id === users[actor].id)).toBe(true);
        expect(items.some((item) => item.id === ticket().id)).toBe(actor === 'owner');
      },
    },
    {
      method: 'GET',
      path: '/api/v1/users/tickets/{id}',
      expect: ownerOnly(200),
      prepare: ticketParams,
    },
    {
      method: 'PATCH',
      path: '/api/v1/users/tickets/{id}',
      expect: ownerOnly(200),
      prepare: async () => ({ ...(await freshTicketParams()), body: { status: 'closed' } }),
      verify: async (_actor, response, cell) => {
        const row = await ticketRow(cell.params?.id ?? '');
        expect(row?.status).toBe(response.status === 200 ? 'closed' : 'open');
      },
    },
    {
      method: 'GET',
      path: '/api/v1/csr/tickets',
      expect: staffOnly(200),
      prepare: () => ({ query: { user_id: users.owner.id, limit: '100' } }),
      verify: (_actor, response) => {
        if (response.status !== 200) return;
        const items = (response.body as { items: TicketBody[] }).items;
        expect(items.some((item) => item.id === ticket().id)).toBe(true);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/csr/tickets/{id}',
      expect: staffOnly(200),
      prepare: ticketParams,
    },
    {
      method: 'PATCH',
      path: '/api/v1/csr/tickets/{id}',
      expect: staffOnly(200),
      prepare: async () => ({ ...(await freshTicketParams()), body: { priority: 'urgent' } }),
      verify: async (_actor, response, cell) => {
        const row = await ticketRow(cell.params?.id ?? '');
        expect(row?.priority).toBe(response.status === 200 ? 'urgent' : null);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/csr/tickets/{id}/events',
      expect: staffOnly(200),
      prepare: ticketParams,
    },
    {
      method: 'GET',
      path: '/api/v1/csr/agents',
      expect: staffOnly(200),
      prepare: () => ({}),
    },
    {
      method: 'PUT',
      path: '/api/v1/csr/me/presence',
      expect: staffOnly(200),
      prepare: () => ({ body: { availability: 'away' } }),
    },
    {
      method: 'POST',
      path: '/api/v1/csr/tickets/{id}/assign',
      expect: staffOnly(200),
      prepare: async () => ({
        ...(await freshTicketParams()),
        body: { assignee_id: users.other_csr.id },
      }),
      verify: async (_actor, response, cell) => {
        const row = await ticketRow(cell.params?.id ?? '');
        expect(row?.assigned_to_id).toBe(
          response.status === 200 ? users.other_csr.id : users.assigned_csr.id,
        );
      },
    },
    {
      method: 'PUT',
      path: '/api/v1/csr/tickets/{id}/tags',
      expect: staffOnly(200),
      prepare: async () => ({ ...(await freshTicketParams()), body: { tags: ['Matrix', 'vip'] } }),
      verify: async (_actor, response, cell) => {
        const [row] = await db<{ tags: string[] }>('SELECT tags FROM tickets WHERE id = $1', [
          cell.params?.id,
        ]);
        expect(row?.tags).toEqual(response.status === 200 ? ['matrix', 'vip'] : []);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/csr/canned-responses',
      expect: staffOnly(200),
      prepare: () => ({}),
    },
    {
      method: 'POST',
      path: '/api/v1/csr/canned-responses',
      expect: staffOnly(201),
      prepare: () => ({
        body: {
          short_code: `m_${Math.random().toString(36).slice(2, 12)}`,
          title: 'Matrix',
          content: 'Hello',
        },
      }),
      verify: async (actor, response, cell) => {
        const rows = await db<{ created_by: string }>(
          'SELECT created_by FROM canned_responses WHERE short_code = $1',
          [cell.body?.short_code],
        );
        expect(rows).toHaveLength(response.status === 201 ? 1 : 0);
        if (response.status === 201 && isSignedIn(actor)) {
          expect(rows[0]?.created_by).toBe(users[actor].id);
        }
      },
    },
    {
      method: 'GET',
      path: '/api/v1/csr/canned-responses/{id}',
      expect: staffOnly(200),
      prepare: async () => ({ params: { id: (await cannedResponse()).id } }),
    },
    {
      method: 'PATCH',
      path: '/api/v1/csr/canned-responses/{id}',
      expect: staffOnly(200),
      prepare: async () => ({
        params: { id: (await cannedResponse()).id },
        body: { title: 'Renamed by matrix' },
      }),
      verify: async (_actor, response, cell) => {
        const [row] = await db<{ title: string }>(
          'SELECT title FROM canned_responses WHERE id = $1',
          [cell.params?.id],
        );
        expect(row?.title).toBe(response.status === 200 ? 'Renamed by matrix' : 'Matrix');
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/csr/canned-responses/{id}',
      expect: staffOnly(204),
      prepare: async () => ({ params: { id: (await cannedResponse()).id } }),
      verify: async (_actor, response, cell) => {
        const rows = await db('SELECT 1 FROM canned_responses WHERE id = $1', [cell.params?.id]);
        expect(rows).toHaveLength(response.status === 204 ? 0 : 1);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/csr/tickets/{id}/canned-responses/{short_code}',
      expect: staffOnly(200),
      prepare: async () => ({
        params: { id: ticket().id, short_code: (await cannedResponse()).short_code },
      }),
    },
    {
      method: 'POST',
      path: '/api/v1/users/tickets/{id}/satisfaction',
      expect: ownerOnly(201),
      prepare: async () => ({ ...(await resolvedTicketParams()), body: { rating: 4 } }),
      verify: async (_actor, response, cell) => {
        const rows = await db('SELECT 1 FROM ticket_ratings WHERE ticket_id = $1', [
          cell.params?.id,
        ]);
        expect(rows).toHaveLength(response.status === 201 ? 1 : 0);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/csr/satisfaction',
      expect: staffOnly(200),
      prepare: () => ({ query: { assignee_id: users.assigned_csr.id } }),
    },
    {
      method: 'GET',
      path: '/api/v1/admin/reports/summary',
      expect: adminOnly(200),
      prepare: () => ({ query: { group_by: 'week' } }),
    },
    {
      method: 'GET',
      path: '/api/v1/admin/reports/agents',
      // A CSR may call it and gets only their own row.
      expect: staffOnly(200),
      prepare: () => ({}),
      verify: (actor, response) => {
        if (response.status !== 200 || actor === 'admin') return;
        const items = (response.body as { items: { user_id: string }[] }).items;
        expect(items.map((item) => item.user_id)).toEqual([users[actor as SignedIn].id]);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/users/search',
      expect: every(200),
      // The shared ticket's whole title: the owner finds it, nobody else does.
      prepare: () => ({ query: { q: ticket().title, limit: '100' } }),
      verify: (actor, response) => {
        if (!isSignedIn(actor) || response.status !== 200) return;
        const items = (response.body as { items: { ticket: TicketBody }[] }).items;
        expect(items.every((item) => item.ticket.user_id === users[actor].id)).toBe(true);
        expect(items.some((item) => item.ticket.id === ticket().id)).toBe(actor === 'owner');
      },
    },
    {
      method: 'GET',
      path: '/api/v1/csr/search',
      expect: staffOnly(200),
      prepare: () => ({ query: { q: ticket().title, limit: '100' } }),
      verify: (_actor, response) => {
        if (response.status !== 200) return;
        const items = (response.body as { items: { ticket: TicketBody }[] }).items;
        expect(items.some((item) => item.ticket.id === ticket().id)).toBe(true);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/tickets/{id}/messages',
      expect: participants(200),
      prepare: ticketParams,
    },
    {
      method: 'POST',
      path: '/api/v1/tickets/{id}/messages',
      expect: participants(201),
      prepare: () => ({
        params: { id: ticket().id },
        body: { content: `matrix ${Math.random()}` },
      }),
      verify: async (_actor, response, cell) => {
        const rows = await db('SELECT 1 FROM ticket_messages WHERE content = $1', [
          cell.body?.content,
        ]);
        expect(rows).toHaveLength(response.status === 201 ? 1 : 0);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/tickets/{id}/reads',
      expect: participants(200),
      prepare: ticketParams,
    },
    {
      method: 'GET',
      path: '/api/v1/csr/tickets/{id}/notes',
      expect: staffOnly(200),
      prepare: ticketParams,
    },
    {
      method: 'POST',
      path: '/api/v1/csr/tickets/{id}/notes',
      expect: staffOnly(201),
      prepare: () => ({
        params: { id: ticket().id },
        body: { content: `matrix note ${Math.random()}` },
      }),
      verify: async (_actor, response, cell) => {
        const rows = await db('SELECT 1 FROM ticket_notes WHERE content = $1', [
          cell.body?.content,
        ]);
        expect(rows).toHaveLength(response.status === 201 ? 1 : 0);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/tickets/{id}/attachments',
      expect: participants(201),
      prepare: () => ({
        params: { id: ticket().id },
        file: { bytes: Buffer.from('matrix upload\n'), filename: `matrix-${Math.random()}.txt` },
      }),
      verify: async (_actor, response, cell) => {
        const rows = await db('SELECT 1 FROM ticket_attachments WHERE filename = $1', [
          cell.file?.filename,
        ]);
        expect(rows).toHaveLength(response.status === 201 ? 1 : 0);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/attachments/{id}',
      expect: participants(200),
      prepare: async () => ({ params: { id: await ctx.attachment() } }),
    },
    {
      method: 'POST',
      path: '/api/v1/admin/webhooks',
      expect: adminOnly(201),
      prepare: () => ({
        body: { url: `https://127.0.0.1:9/${Math.random()}`, events: ['csat.submitted'] },
      }),
      verify: async (_actor, response, cell) => {
        const rows = await db('SELECT 1 FROM webhook_endpoints WHERE url = $1', [cell.body?.url]);
        expect(rows).toHaveLength(response.status === 201 ? 1 : 0);
      },
    },
    { method: 'GET', path: '/api/v1/admin/webhooks', expect: adminOnly(200), prepare: () => ({}) },
    {
      method: 'GET',
      path: '/api/v1/admin/webhooks/{id}',
      expect: adminOnly(200),
      prepare: webhookParams,
    },
    {
      method: 'PATCH',
      path: '/api/v1/admin/webhooks/{id}',
      expect: adminOnly(200),
      prepare: async () => ({ ...(await webhookParams()), body: { description: 'by matrix' } }),
      verify: async (_actor, response, cell) => {
        const [row] = await db<{ description: string | null }>(
          'SELECT description FROM webhook_endpoints WHERE id = $1',
          [cell.params?.id],
        );
        expect(row?.description).toBe(response.status === 200 ? 'by matrix' : null);
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/admin/webhooks/{id}',
      expect: adminOnly(204),
      prepare: webhookParams,
      verify: async (_actor, response, cell) => {
        const rows = await db('SELECT 1 FROM webhook_endpoints WHERE id = $1', [cell.params?.id]);
        expect(rows).toHaveLength(response.status === 204 ? 0 : 1);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/admin/webhooks/{id}/rotate-secret',
      expect: adminOnly(200),
      prepare: webhookParams,
      verify: async (_actor, response, cell) => {
        const rows = await db(
          'SELECT 1 FROM webhook_endpoints WHERE id = $1 AND previous_secret IS NOT NULL',
          [cell.params?.id],
        );
        expect(rows).toHaveLength(response.status === 200 ? 1 : 0);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/admin/webhooks/{id}/test',
      expect: adminOnly(202),
      prepare: webhookParams,
      verify: async (_actor, response, cell) => {
        const rows = await db('SELECT 1 FROM webhook_deliveries WHERE endpoint_id = $1', [
          cell.params?.id,
        ]);
        expect(rows).toHaveLength(response.status === 202 ? 1 : 0);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/admin/webhooks/{id}/deliveries',
      expect: adminOnly(200),
      prepare: webhookParams,
    },
    {
      method: 'GET',
      path: '/api/v1/admin/webhooks/{id}/deliveries/{delivery_id}',
      expect: adminOnly(200),
      prepare: async () => ({ params: await webhookDelivery() }),
    },
    {
      method: 'POST',
      path: '/api/v1/admin/webhooks/{id}/deliveries/{delivery_id}/retry',
      expect: adminOnly(202),
      prepare: async () => ({ params: await webhookDelivery() }),
      verify: async (_actor, response, cell) => {
        const [row] = await db<{ status: string }>(
          'SELECT status FROM webhook_deliveries WHERE id = $1',
          [cell.params?.delivery_id],
        );
        expect(row?.status).toBe(response.status === 202 ? 'pending' : 'failed');
      },
    },
  ];
}

export const CONNECTED = 'connect';
export const SOCKET_ROWS: SocketRow[] = [
  { name: 'handshake', expect: mapAll(CONNECTED), refused: 'Unauthorized' },
  {
    name: 'handshake with ?ticket_id',
    expect: {
      ...mapAll('Not found'),
      owner: CONNECTED,
      assigned_csr: CONNECTED,
      admin: CONNECTED,
    },
    refused: 'Unauthorized',
  },
  { name: 'join', expect: ackParticipants(), refused: null },
  { name: 'leave', expect: ackParticipants(), refused: null },
  { name: 'message', expect: ackParticipants(), refused: null },
  { name: 'typing', expect: ackParticipants(), refused: null },
  { name: 'read', expect: ackParticipants(), refused: null },
  // Notes are the queue's: any CSR or admin, on any ticket; everyone else 403 (not 404).
  {
    name: 'note',
    expect: { ...mapAll('403'), assigned_csr: 'ok', other_csr: 'ok', admin: 'ok' },
    refused: null,
  },
];

/** Who of the signed-in actors receives a server-initiated event about the owner's ticket. */
export interface ServerEventRow {
  name: string;
  /** What makes the server send it, about the owner's ticket: its `csr/tickets` PATCH body. */
  cause: Record<string, unknown>;
  receives: Record<SignedIn, boolean>;
}

export const SERVER_EVENT_ROWS: ServerEventRow[] = [
  {
    name: 'csat_requested',
    cause: { status: 'resolved' },
    receives: { ...mapAllTo(false), owner: true },
  },
];

function mapAllTo<T>(value: T): Record<SignedIn, T> {
  return Object.fromEntries(SIGNED_IN.map((actor) => [actor, value])) as Record<SignedIn, T>;
}

export interface PropertyCase {
  name: string;
  as: SignedIn;
  method: 'post' | 'patch';
  path: string;
  body: Record<string, unknown>;
  status: number;
  /** What must not change, read before and after. */
  state: () => Promise<unknown>;
}

export function forbiddenFieldCases(
  ctx: MatrixContext,
  target: TestUser,
  fixed: TicketBody,
): PropertyCase[] {
  const { users, db } = ctx;
  const countTickets = () => db('SELECT id FROM tickets ORDER BY id');
  const ticketState = (id: string) => () =>
    db(`SELECT status, priority, assigned_to_id, user_id, title FROM tickets WHERE id = $1`, [id]);
  const userState = () =>
    db('SELECT email, role, is_active, password_hash FROM users WHERE id = $1', [target.id]);
  return [
    ...['role', 'is_active', 'id', 'password_hash', 'created_at'].map((field): PropertyCase => ({
      name: `signup sets ${field}`,
      as: 'owner',
      method: 'post',
      path: '/api/v1/auth/signup',
      body: {
        email: uniqueEmail('prop'),
        password: 'plain sailing 77',
        full_name: 'P',
        [field]: field === 'is_active' ? false : field === 'role' ? 'admin' : 'x',
      },
      status: 400,
      state: () => db('SELECT count(*)::int AS n FROM users'),
    })),
    ...Object.entries({
      status: 'closed',
      priority: 'urgent',
      assigned_to_id: '',
      assignee_id: '',
      user_id: '',
      owner_id: '',
      role: 'admin',
      id: '00000000-0000-4000-8000-000000000000',
      number: 1,
    }).map(([field, value]): PropertyCase => ({
      name: `ticket creation sets ${field}`,
      as: 'owner',
      method: 'post',
      path: '/api/v1/users/tickets',
      body: {
        title: 'P',
        description: 'd',
        category: 'c',
        type: 't',
        [field]: value === '' ? users.other_user.id : value,
      },
      status: 400,
      state: countTickets,
    })),
    ...Object.entries({
      priority: 'urgent',
      assigned_to_id: '',
      user_id: '',
      title: 'renamed',
    }).map(([field, value]): PropertyCase => ({
      name: `owner patch sets ${field}`,
      as: 'owner',
      method: 'patch',
      path: `/api/v1/users/tickets/${fixed.id}`,
      body: { status: 'closed', [field]: value === '' ? users.other_user.id : value },
      status: 400,
      state: ticketState(fixed.id),
    })),
    ...['in_progress', 'resolved'].map((status): PropertyCase => ({
      name: `owner sets status ${status}`,
      as: 'owner',
      method: 'patch',
      path: `/api/v1/users/tickets/${fixed.id}`,
      body: { status },
      status: 409,
      state: ticketState(fixed.id),
    })),
    ...Object.entries({
      assigned_to_id: '',
      assignee_id: '',
      user_id: '',
      title: 'renamed',
    }).map(([field, value]): PropertyCase => ({
      name: `CSR patch sets ${field}`,
      as: 'assigned_csr',
      method: 'patch',
      path: `/api/v1/csr/tickets/${fixed.id}`,
      body: { priority: 'low', [field]: value === '' ? users.other_csr.id : value },
      status: 400,
      state: ticketState(fixed.id),
    })),
    ...Object.entries({ status: 'closed', user_id: '' }).map(([field, value]): PropertyCase => ({
      name: `assign sets ${field}`,
      as: 'assigned_csr',
      method: 'post',
      path: `/api/v1/csr/tickets/${fixed.id}/assign`,
      body: {
        assignee_id: users.other_csr.id,
        [field]: value === '' ? users.other_user.id : value,
      },
      status: 400,
      state: ticketState(fixed.id),
    })),
    {
      name: 'assign to a user who is not a CSR',
      as: 'assigned_csr',
      method: 'post',
      path: `/api/v1/csr/tickets/${fixed.id}/assign`,
      body: { assignee_id: users.other_user.id },
      status: 422,
      state: ticketState(fixed.id),
    },
    ...Object.entries({
      sender_id: '',
      sender_role: 'admin',
      ticket_id: '',
      seq: 1,
      id: '00000000-0000-4000-8000-000000000000',
      created_at: '2000-01-01T00:00:00Z',
    }).map(([field, value]): PropertyCase => ({
      name: `message sets ${field}`,
      as: 'owner',
      method: 'post',
      path: `/api/v1/tickets/${fixed.id}/messages`,
      body: { content: 'hello', [field]: value === '' ? users.admin.id : value },
      status: 400,
      state: () => db('SELECT id FROM ticket_messages WHERE ticket_id = $1', [fixed.id]),
    })),
    ...Object.entries({
      author_id: '',
      ticket_id: '',
      seq: 1,
      id: '00000000-0000-4000-8000-000000000000',
      created_at: '2000-01-01T00:00:00Z',
    }).map(([field, value]): PropertyCase => ({
      name: `note sets ${field}`,
      as: 'assigned_csr',
      method: 'post',
      path: `/api/v1/csr/tickets/${fixed.id}/notes`,
      body: { content: 'hello', [field]: value === '' ? users.admin.id : value },
      status: 400,
      state: () => db('SELECT id FROM ticket_notes WHERE ticket_id = $1', [fixed.id]),
    })),
    ...[users.owner.id, users.demoted_csr.id].map((id): PropertyCase => ({
      name: `note mentions a ${id === users.owner.id ? 'user' : 'demoted CSR'}`,
      as: 'assigned_csr',
      method: 'post',
      path: `/api/v1/csr/tickets/${fixed.id}/notes`,
      body: { content: 'hello', mentions: [id] },
      status: 422,
      state: async () => [
        await db('SELECT id FROM ticket_notes WHERE ticket_id = $1', [fixed.id]),
        await db('SELECT watcher_ids FROM tickets WHERE id = $1', [fixed.id]),
      ],
    })),
    ...Object.entries({
      role: 'admin',
      is_guest: true,
      external_id: 'someone-else',
      user_id: '',
      email: 'x@example.test',
      password: 'plain sailing 78',
    }).map(([field, value]): PropertyCase => ({
      name: `widget session sets ${field}`,
      as: 'owner',
      method: 'post',
      path: '/api/v1/widget/session',
      body: {
        identity_token: identityToken({ sub: 'matrix-property' }),
        [field]: value === '' ? users.admin.id : value,
      },
      status: 400,
      state: () => db('SELECT id, role, is_active, external_id FROM users ORDER BY id'),
    })),
    ...Object.entries({
      email: uniqueEmail(),
      password: 'plain sailing 78',
      password_hash: 'x',
      id: '00000000-0000-4000-8000-000000000000',
    }).map(([field, value]): PropertyCase => ({
      name: `admin patch sets ${field}`,
      as: 'admin',
      method: 'patch',
      path: `/api/v1/admin/users/${target.id}`,
      body: { full_name: 'Kept', [field]: value },
      status: 400,
      state: userState,
    })),
  ];
}

/** Fields a `message` event may not carry beside ticket_id and content. */
export function forbiddenMessageExtras(
  users: MatrixContext['users'],
  messageId: string,
): Record<string, unknown>[] {
  return [
    { sender_id: users.admin.id },
    { sender_role: 'admin' },
    { seq: 1 },
    { id: messageId },
    { user_id: users.admin.id },
  ];
}

export function mapAll(value: string): Record<SignedIn, string> {
  return Object.fromEntries(SIGNED_IN.map((actor) => [actor, value])) as Record<SignedIn, string>;
}

function ackParticipants(): Record<SignedIn, string> {
  return { ...mapAll('404'), owner: 'ok', assigned_csr: 'ok', admin: 'ok' };
}
