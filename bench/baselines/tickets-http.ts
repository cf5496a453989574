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
import { COLUMNS, ownTicketsPage, TicketRow, ticketJson } from './tickets-sql';

const s = settings();
const pool = createPool(s);

/** The caller's tickets, newest first, offset mode: the API's statement for this request. */
async function listOwn(actor: Actor, url: URL, response: ServerResponse): Promise<void> {
  const answer = await ownTicketsPage(
    pool,
    actor.id,
    url.searchParams.get('limit') ?? undefined,
    url.searchParams.get('offset') ?? undefined,
  );
  if (answer.status === 200) sendJson(response, 200, answer.body);
  else sendProblem(response, answer.status, answer.detail, url.pathname);
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
