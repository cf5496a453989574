// Baseline of B1 and B2: raw node:http + pg doing what the API does for
// `GET /api/v1/users/tickets` (the same page statement) and `POST /api/v1/users/tickets` (the same
// round-robin transaction), behind the same access-token check, answering the same JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PoolClient } from 'pg';
import { serveChild } from '../lib/child';
import {
  Actor,
  authenticate,
  closeServer,
  createPool,
  listen,
  readJson,
  sendJson,
  sendProblem,
  settings,
} from './shared';

const s = settings();
const pool = createPool(s);

const COLUMNS = `t.id, t.number, t.title, t.description, t.category, t.type, t.status,
  t.priority, t.user_id, t.assigned_to_id, t.created_at, t.updated_at, t.first_response_at,
  t.resolved_at, t.closed_at`;
const CREATED_AT_TEXT = `to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

interface TicketRow {
  id: string;
  number: string;
  title: string;
  description: string;
  category: string;
  type: string;
  status: string;
  priority: string | null;
  user_id: string;
  assigned_to_id: string | null;
  created_at: Date;
  updated_at: Date;
  first_response_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
}

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

function ticketJson(row: TicketRow) {
  return {
    id: row.id,
    number: Number(row.number),
    title: row.title,
    description: row.description,
    category: row.category,
    type: row.type,
    status: row.status,
    priority: row.priority,
    user_id: row.user_id,
    assigned_to_id: row.assigned_to_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    first_response_at: iso(row.first_response_at),
    resolved_at: iso(row.resolved_at),
    closed_at: iso(row.closed_at),
  };
}

function encodeCursor(sort: string, value: string | null, id: string): string {
  return Buffer.from(JSON.stringify({ s: sort, v: value, id }), 'utf8').toString('base64url');
}

/** The caller's tickets, newest first, offset mode: the API's statement for this request. */
async function listOwn(actor: Actor, url: URL, response: ServerResponse): Promise<void> {
  const limitText = url.searchParams.get('limit') ?? '20';
  const offsetText = url.searchParams.get('offset') ?? '0';
  const limit = Number(limitText);
  const offset = Number(offsetText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return sendProblem(response, 400, 'limit must be an integer from 1 to 100', url.pathname);
  }
  if (!Number.isInteger(offset) || offset < 0) {
    return sendProblem(response, 400, 'offset must be a non-negative integer', url.pathname);
  }
  const { rows } = await pool.query<TicketRow & { total: number; sort_value: string | null }>(
    `SELECT c.total, p.*
           FROM (SELECT count(*)::int AS total FROM tickets t WHERE t.user_id = $1) c
           LEFT JOIN LATERAL (
             SELECT ${COLUMNS}, ${CREATED_AT_TEXT} AS sort_value FROM tickets t WHERE t.user_id = $1 ORDER BY t.created_at DESC, t.id DESC
             LIMIT $2 OFFSET $3
           ) p ON true
          ORDER BY p.created_at DESC, p.id DESC`,
    [actor.id, limit + 1, offset],
  );
  const found = rows.filter((row) => row.id !== null);
  const shown = found.slice(0, limit);
  const last = shown[shown.length - 1];
  sendJson(response, 200, {
    items: shown.map(ticketJson),
    total: rows[0]?.total ?? 0,
    limit,
    offset,
    next_cursor:
      found.length > limit && last !== undefined
        ? encodeCursor('-created_at', last.sort_value, last.id)
        : null,
  });
}

const FIELDS: Record<string, number> = { title: 200, description: 10_000, category: 50, type: 50 };

/** The body rules of CreateTicketDto: exactly these four strings, trimmed, within their lengths. */
function ticketInput(body: Record<string, unknown> | undefined): Record<string, string> | string {
  if (body === undefined) return 'body must be a JSON object';
  for (const key of Object.keys(body)) {
    if (!(key in FIELDS)) return `property ${key} should not exist`;
  }
  const input: Record<string, string> = {};
  for (const [field, max] of Object.entries(FIELDS)) {
    const value = body[field];
    if (typeof value !== 'string') return `${field} must be a string`;
    const trimmed = value.trim();
    if (trimmed.length < 1 || trimmed.length > max) return `${field} must be 1 to ${max} long`;
    input[field] = trimmed;
  }
  return input;
}

interface Candidate {
  id: string;
  eligible: boolean;
}

/** Round robin: the next eligible candidate after the last assignee, in (created_at, id) order. */
function nextAssignee(candidates: Candidate[], last: string | null): string | null {
  const start = candidates.findIndex((candidate) => candidate.id === last) + 1;
  const due = [...candidates.slice(start), ...candidates.slice(0, start)];
  return due.find((candidate) => candidate.eligible)?.id ?? null;
}

async function insertTicket(
  client: PoolClient,
  actor: Actor,
  input: Record<string, string>,
): Promise<TicketRow> {
  const cursor = await client.query<{ last_assignee_id: string | null }>(
    `SELECT last_assignee_id FROM assignment_cursor WHERE id = 1 FOR UPDATE`,
  );
  const last = cursor.rows[0]?.last_assignee_id ?? null;
  const candidates = await client.query<Candidate & { load: number }>(
    `SELECT u.id, (u.role = 'csr' AND u.is_active) AS eligible, 0 AS load
         FROM users u
        WHERE (u.role = 'csr' AND u.is_active) OR u.id = $1::uuid
        ORDER BY u.created_at, u.id`,
    [last],
  );
  const assignee = nextAssignee(candidates.rows, last);
  if (assignee !== null) {
    await client.query(
      `INSERT INTO assignment_cursor (id, last_assignee_id) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET last_assignee_id = EXCLUDED.last_assignee_id`,
      [assignee],
    );
  }
  const inserted = await client.query<TicketRow>(
    `INSERT INTO tickets AS t (title, description, category, type, user_id, assigned_to_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${COLUMNS}`,
    [
      input.title,
      input.description,
      input.category!.toLowerCase(),
      input.type!.toLowerCase(),
      actor.id,
      assignee,
    ],
  );
  const ticket = inserted.rows[0]!;
  const values: unknown[] = [ticket.id, actor.id, 'created', '{}'];
  let tuples = '($1, $2::uuid, $3, $4::jsonb)';
  if (assignee !== null) {
    values.push(
      null,
      'assigned',
      JSON.stringify({ from: null, to: assignee, strategy: 'round_robin' }),
    );
    tuples += ', ($1, $5::uuid, $6, $7::jsonb)';
  }
  await client.query(
    `INSERT INTO ticket_events (ticket_id, actor_id, kind, data) VALUES ${tuples}`,
    values,
  );
  return ticket;
}

async function create(actor: Actor, request: IncomingMessage, response: ServerResponse) {
  const input = ticketInput(await readJson(request));
  if (typeof input === 'string') return sendProblem(response, 400, input, '/api/v1/users/tickets');
  const client = await pool.connect();
  let ticket: TicketRow;
  try {
    await client.query('START TRANSACTION');
    ticket = await insertTicket(client, actor, input);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  sendJson(response, 201, ticketJson(ticket));
}

serveChild(async () => {
  const { server, port } = await listen(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/v1/users/tickets') {
      return sendProblem(response, 404, 'Not found', url.pathname);
    }
    const actor = await authenticate(request, pool, s);
    if (actor === null) return sendProblem(response, 401, 'Invalid or expired token', url.pathname);
    if (request.method === 'GET') return listOwn(actor, url, response);
    if (request.method === 'POST') return create(actor, request, response);
    sendProblem(response, 405, 'Method not allowed', url.pathname);
  });
  return {
    port,
    close: async () => {
      await closeServer(server);
      await pool.end();
    },
  };
});
