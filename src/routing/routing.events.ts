// Domain events of the routing module (published after commit; the chat module relays them to
// sockets, and the routing module itself drains the queue on them).
import type { AssignmentReason } from '@/tickets/assignment';
import type { TicketResponse } from '@/tickets/ticket.response';
import type { Presence } from '@/routing/routing-rules';

export const AGENT_PRESENCE = 'routing.agent_presence';
/** Internal: an agent connected or chose `online`, so queued work may go to them now. */
export const AGENT_AVAILABLE = 'routing.agent_available';
export const TICKET_QUEUED = 'routing.ticket_queued';
export const TICKET_ASSIGNED = 'routing.ticket_assigned';

/** An agent's presence or load changed (socket `presence` to the staff room). */
export interface AgentPresenceEvent {
  user_id: string;
  presence: Presence;
  load: number;
  capacity: number | null;
}

export interface AgentAvailableEvent {
  userId: string;
}

/** A ticket entered the queue (socket `ticket_queued` to the staff room). */
export interface TicketQueuedEvent {
  ticket: TicketResponse;
}

/** A ticket got an assignee, for whatever reason (socket `ticket_assigned` to the assignee). */
export interface TicketAssignedEvent {
  ticket: TicketResponse;
  reason: AssignmentReason;
}
