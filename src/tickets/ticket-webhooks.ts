// The webhook events a ticket change makes (ticket.created, ticket.updated with its changes,
// ticket.assigned), pure: written to the outbox by whichever transaction made the change.
import type { TicketResponse } from '@/tickets/ticket.response';
import type { FieldChanges } from '@/webhooks/webhook-body';
import type { OutboxEvent } from '@/webhooks/webhook-outbox';

/** The fields whose JSON differs, updated_at aside (it always does). */
export function ticketChanges(before: TicketResponse, after: TicketResponse): FieldChanges {
  const changes: FieldChanges = {};
  for (const key of Object.keys(after) as (keyof TicketResponse)[]) {
    if (key === 'updated_at') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changes[key] = { from: before[key] ?? null, to: after[key] ?? null };
    }
  }
  return changes;
}

/** before null: the ticket was created. A change that left the JSON as it was makes none. */
export function ticketWebhookEvents(
  before: TicketResponse | null,
  after: TicketResponse,
): OutboxEvent[] {
  const events: OutboxEvent[] = [];
  let assigned: FieldChanges[string] | undefined;
  if (before === null) {
    events.push({ type: 'ticket.created', data: after });
    if (after.assigned_to_id !== null) assigned = { from: null, to: after.assigned_to_id };
  } else {
    const changes = ticketChanges(before, after);
    if (Object.keys(changes).length > 0) {
      events.push({ type: 'ticket.updated', data: after, changes });
    }
    if (after.assigned_to_id !== null) assigned = changes.assigned_to_id;
  }
  if (assigned !== undefined) {
    events.push({ type: 'ticket.assigned', data: after, changes: { assigned_to_id: assigned } });
  }
  return events;
}
