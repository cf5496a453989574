// The ticket statements and JSON of the API, as the B1/B2 baselines send and answer them (the raw
// node:http one and the bare Nest one share this, so both do exactly the same work).
import type { Pool } from 'pg';

export const COLUMNS = `t.id, t.number, t.title, t.description, t.category, t.type, t.status,
  t.priority, t.user_id, t.assigned_to_id, t.created_at, t.updated_at, t.first_response_at,
  t.resolved_at, t.closed_at, t.tags, t.watcher_ids, t.satisfaction`;
const CREATED_AT_TEXT = `to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface TicketRow {
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
  tags: string[];
  watcher_ids: string[];
  satisfaction: object | null;
}

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

export function ticketJson(row: TicketRow) {
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
    tags: row.tags,
    watcher_ids: row.watcher_ids,
    satisfaction: row.satisfaction,
  };
}

function encodeCursor(sort: string, value: string | null, id: string): string {
  return Buffer.from(JSON.stringify({ s: sort, v: value, id }), 'utf8').toString('base64url');
}

export type PageAnswer = { status: 200; body: object } | { status: 400; detail: string };

/** The caller's tickets, newest first, offset mode: the API's statement for this request. */
export async function ownTicketsPage(
  pool: Pool,
  userId: string,
  limitText = '20',
  offsetText = '0',
): Promise<PageAnswer> {
  const limit = Number(limitText);
  const offset = Number(offsetText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return { status: 400, detail: 'limit must be an integer from 1 to 100' };
  }
  if (!Number.isInteger(offset) || offset < 0) {
    return { status: 400, detail: 'offset must be a non-negative integer' };
  }
  const { rows } = await pool.query<TicketRow & { total: number; sort_value: string | null }>(
    `SELECT c.total, p.*
           FROM (SELECT count(*)::int AS total FROM tickets t WHERE t.user_id = $1) c
           LEFT JOIN LATERAL (
             SELECT ${COLUMNS}, ${CREATED_AT_TEXT} AS sort_value FROM tickets t WHERE t.user_id = $1 ORDER BY t.created_at DESC, t.id DESC
             LIMIT $2 OFFSET $3
           ) p ON true
          ORDER BY p.created_at DESC, p.id DESC`,
    [userId, limit + 1, offset],
  );
  const found = rows.filter((row) => row.id !== null);
  const shown = found.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    status: 200,
    body: {
      items: shown.map(ticketJson),
      total: rows[0]?.total ?? 0,
      limit,
      offset,
      next_cursor:
        found.length > limit && last !== undefined
          ? encodeCursor('-created_at', last.sort_value, last.id)
          : null,
    },
  };
}
