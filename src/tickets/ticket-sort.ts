// Sort orders of the ticket lists and the opaque keyset cursor that continues one of them.
import { InvalidCursor } from '@/tickets/ticket.errors';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '@/tickets/ticket.entity';
import { TICKET_CURSOR_MAX } from '@/tickets/ticket-limits';

export const SORT_KEYS = ['created_at', 'updated_at', 'priority', 'status', 'number'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** The routing queue's order: urgent, high, medium, low, none; then oldest first. One way only. */
export const QUEUE_SORT = 'queue';

/** The nearest unmet SLA due time first, tickets without one last. One way only. */
export const SLA_DUE_SORT = 'sla_due';

export const SORTS = [
  ...SORT_KEYS.flatMap((key) => [key, `-${key}`] as const),
  QUEUE_SORT,
  SLA_DUE_SORT,
] as const;
export type TicketSort = (typeof SORTS)[number];

export const DEFAULT_SORT: TicketSort = '-created_at';

export interface ParsedSort {
  key: SortKey | typeof QUEUE_SORT | typeof SLA_DUE_SORT;
  descending: boolean;
}

export function parseSort(sort: TicketSort): ParsedSort {
  return sort.startsWith('-')
    ? { key: sort.slice(1) as SortKey, descending: true }
    : { key: sort as ParsedSort['key'], descending: false };
}

/**
 * Where a page ended: the last row's sort value, in the exact form PostgreSQL compares (a
 * timestamp keeps its microseconds; a JavaScript Date would drop them and open a gap), and its id.
 */
export interface CursorPosition {
  value: string | null;
  id: string;
}

interface CursorPayload {
  s: TicketSort;
  v: string | null;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const BIGINT = /^[1-9]\d{0,18}$/;
const BIGINT_MAX = 9_223_372_036_854_775_807n;

const VALUE_CHECKS: Record<ParsedSort['key'], (value: unknown) => boolean> = {
  created_at: isTimestamp,
  updated_at: isTimestamp,
  priority: (value) => value === null || (TICKET_PRIORITIES as readonly unknown[]).includes(value),
  status: (value) => (TICKET_STATUSES as readonly unknown[]).includes(value),
  number: (value) => typeof value === 'string' && BIGINT.test(value) && BigInt(value) <= BIGINT_MAX,
  sla_due: (value) => value === null || isTimestamp(value),
  // `<priority rank 0-4>|<created_at>`, see QUEUE_RANK_SQL.
  queue: (value) =>
    typeof value === 'string' && /^[0-4]\|/.test(value) && isTimestamp(value.slice(2)),
};

// The round trip through Date refuses dates such as February 30 that Date.parse would roll over
// but PostgreSQL would reject.
function isTimestamp(value: unknown): boolean {
  if (typeof value !== 'string' || !TIMESTAMP.test(value)) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === value.slice(0, 19);
}

export function encodeCursor(sort: TicketSort, position: CursorPosition): string {
  const payload: CursorPayload = { s: sort, v: position.value, id: position.id };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/** Reads a cursor back; anything not issued by encodeCursor for this sort is InvalidCursor. */
export function decodeCursor(cursor: string, sort: TicketSort): CursorPosition {
  if (cursor.length === 0 || cursor.length > TICKET_CURSOR_MAX || !/^[\w-]+$/.test(cursor)) {
    throw new InvalidCursor();
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new InvalidCursor();
  }
  const { s, v, id } = payload as Partial<Record<keyof CursorPayload, unknown>>;
  if (s !== sort) throw new InvalidCursor();
  if (typeof id !== 'string' || !UUID.test(id)) throw new InvalidCursor();
  if (v === undefined || !VALUE_CHECKS[parseSort(sort).key](v)) throw new InvalidCursor();
  return { value: v as string | null, id };
}
