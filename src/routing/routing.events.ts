// Domain events of the routing module (published after commit; the chat module relays them to
// sockets, and the routing module itself drains the queue on them).
import { ApiProperty, PickType } from '@nestjs/swagger';
import { AgentResponse } from '@/routing/agent.response';
import { ASSIGNMENT_REASONS, type AssignmentReason } from '@/tickets/assignment';
import { TicketResponse } from '@/tickets/ticket.response';

export const AGENT_PRESENCE = 'routing.agent_presence';
/** Internal: an agent connected or chose `online`, so queued work may go to them now. */
export const AGENT_AVAILABLE = 'routing.agent_available';
export const TICKET_QUEUED = 'routing.ticket_queued';
export const TICKET_ASSIGNED = 'routing.ticket_assigned';

/** An agent's presence or load changed (socket `presence` to the staff room). */
export class AgentPresenceEvent extends PickType(AgentResponse, [
  'presence',
  'load',
  'capacity',
] as const) {
  @ApiProperty({ format: 'uuid', example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' })
  user_id!: string;
}

export interface AgentAvailableEvent {
  userId: string;
}

/** A ticket entered the queue (socket `ticket_queued` to the staff room). */
export class TicketQueuedEvent {
  @ApiProperty({ type: TicketResponse })
  ticket!: TicketResponse;
}

/** A ticket got an assignee, for whatever reason (socket `ticket_assigned` to the assignee). */
export class TicketAssignedEvent {
  @ApiProperty({ type: TicketResponse })
  ticket!: TicketResponse;

  @ApiProperty({ enum: ASSIGNMENT_REASONS, enumName: 'AssignmentReason', example: 'queue' })
  reason!: AssignmentReason;
}
