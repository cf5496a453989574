// Domain events the tickets module publishes after its transactions commit (the chat module
// listens, so this module never has to know about sockets).
import type { AssignmentReason } from '@/tickets/assignment';
import type { TicketStatus } from '@/tickets/ticket.entity';
import type { TicketResponse } from '@/tickets/ticket.response';

export const TICKET_CREATED = 'ticket.created';
export const TICKET_UPDATED = 'ticket.updated';

export interface TicketCreatedEvent {
  ticket: TicketResponse;
}

/** Published when a ticket's status, priority, assignee, tags, satisfaction or owner (a widget
 *  guest merged into its visitor) changed. */
export interface TicketUpdatedEvent {
  ticket: TicketResponse;
  /** Present only when the assignee changed: who had the ticket before (null: nobody). */
  previousAssigneeId?: string | null;
  /** Present only when the assignee changed to someone: why (manual, queue, requeued). */
  assignmentReason?: AssignmentReason;
  /** Present only when the status changed: the status before. */
  previousStatus?: TicketStatus;
}
