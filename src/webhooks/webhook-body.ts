// A webhook request's body, built once when the event is stored: every attempt sends these bytes.
import { randomUUID } from 'node:crypto';
import type { OutboxRow } from '@/webhooks/webhooks.repository';

/** `{field: {from, to}}` of what a change did (ticket.updated, ticket.assigned). */
export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/** The request body: `{id, type, created_at, data}`, and `changes` where the type has them. */
export function outboxRow(type: string, data: unknown, changes?: FieldChanges): OutboxRow {
  const id = randomUUID();
  const createdAt = new Date();
  const body = JSON.stringify({
    id,
    type,
    created_at: createdAt.toISOString(),
    data,
    ...(changes === undefined ? {} : { changes }),
  });
  return { id, type, body, createdAt };
}
