import { ApiProperty } from '@nestjs/swagger';
import {
  TICKET_EVENT_KINDS,
  type TicketEvent,
  type TicketEventKind,
} from '@/tickets/ticket-event.entity';
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type Ticket,
  type TicketPriority,
  type TicketStatus,
} from '@/tickets/ticket.entity';
import type { TicketPage } from '@/tickets/ticket-page';
import type { ClockState, SlaState } from '@/tickets/ticket-sla';

/** The latest satisfaction rating of a ticket (POST /users/tickets/{id}/satisfaction). */
export class SatisfactionResponse {
  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d' })
  ticket_id!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, example: 5 })
  rating!: number;

  @ApiProperty({ type: String, nullable: true, example: 'Quick and friendly, thank you!' })
  comment!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The assignee when it was rated',
    example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  })
  assignee_id!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-26T10:30:00.000Z' })
  rated_at!: string;
}

/** One SLA clock's current run. */
export class SlaClockResponse {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Business minutes', example: 60 })
  target_minutes!: number;

  @ApiProperty({
    format: 'date-time',
    description: 'Wall-clock time the target falls due, from business time',
    example: '2026-11-30T09:30:00.000Z',
  })
  due_at!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  met_at!: string | null;

  @ApiProperty({ description: 'The target passed before it was met', example: false })
  breached!: boolean;

  @ApiProperty({ description: 'Not counting while the ticket is resolved', example: false })
  paused!: boolean;
}

/** The ticket's SLA clocks; a clock is null when it has no target (or, for next response, no wait). */
export class SlaResponse {
  @ApiProperty({ type: SlaClockResponse, nullable: true })
  first_response!: SlaClockResponse | null;

  @ApiProperty({ type: SlaClockResponse, nullable: true })
  next_response!: SlaClockResponse | null;

  @ApiProperty({ type: SlaClockResponse, nullable: true })
  resolution!: SlaClockResponse | null;
}

/** The wire shape of a ticket. */
export class TicketResponse {
  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d' })
  id!: string;

  @ApiProperty({ type: 'integer', description: 'For humans: "#1042"', example: 1042 })
  number!: number;

  @ApiProperty({ example: 'Printer on fire' })
  title!: string;

  @ApiProperty({ example: 'It started after the last update.' })
  description!: string;

  @ApiProperty({ description: 'Free text, stored trimmed and lower-case', example: 'hardware' })
  category!: string;

  @ApiProperty({ description: 'Free text, stored trimmed and lower-case', example: 'incident' })
  type!: string;

  @ApiProperty({ enum: TICKET_STATUSES, enumName: 'TicketStatus', example: 'open' })
  status!: TicketStatus;

  @ApiProperty({
    enum: TICKET_PRIORITIES,
    enumName: 'TicketPriority',
    nullable: true,
    description: 'Null until a CSR sets it',
  })
  priority!: TicketPriority | null;

  @ApiProperty({ format: 'uuid', example: '6b0f3d1e-2c4a-4b8e-9f1a-3d5c7e9b1a2c' })
  user_id!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  })
  assigned_to_id!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-26T09:30:00.000Z' })
  created_at!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-26T09:30:00.000Z' })
  updated_at!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  first_response_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  resolved_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  closed_at!: string | null;

  @ApiProperty({ type: [String], description: 'Lower-case, sorted', example: ['billing', 'vip'] })
  tags!: string[];

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Staff mentioned in its notes; they may join its conversation',
    example: [],
  })
  watcher_ids!: string[];

  @ApiProperty({
    type: SatisfactionResponse,
    nullable: true,
    description: 'The latest rating, or null',
  })
  satisfaction!: SatisfactionResponse | null;

  @ApiProperty({
    type: SlaResponse,
    nullable: true,
    description: 'Null when no SLA policy was in force when the ticket was created',
  })
  sla!: SlaResponse | null;
}

export class TicketEventResponse {
  @ApiProperty({ type: 'integer', description: 'Orders the timeline', example: 7 })
  id!: number;

  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d' })
  ticket_id!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null for the system',
    example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  })
  actor_id!: string | null;

  @ApiProperty({
    enum: TICKET_EVENT_KINDS,
    enumName: 'TicketEventKind',
    example: 'status_changed',
  })
  kind!: TicketEventKind;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'from/to, strategy, reason',
    example: { from: 'open', to: 'in_progress' },
  })
  data!: Record<string, unknown>;

  @ApiProperty({ format: 'date-time', example: '2026-11-26T09:35:00.000Z' })
  created_at!: string;
}

export class TicketPageResponse {
  @ApiProperty({ type: [TicketResponse] })
  items!: TicketResponse[];

  /** Null in cursor mode, where counting would make every page cost the whole set. */
  @ApiProperty({ type: 'integer', nullable: true, description: 'Null in cursor mode', example: 57 })
  total!: number | null;

  @ApiProperty({ type: 'integer', example: 20 })
  limit!: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Null in cursor mode', example: 0 })
  offset!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Opaque; pass as `cursor` for the next page. Null on the last page',
    example: 'eyJrIjoiMjAyNi0xMS0yNlQwOTozMDowMC4wMDBaIiwiaSI6IjNmMWMifQ',
  })
  next_cursor!: string | null;
}

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

export function toTicketResponse(ticket: Ticket): TicketResponse {
  return {
    id: ticket.id,
    // bigint identity: exact as a JSON number up to 2^53, far beyond any ticket count.
    number: Number(ticket.number),
    title: ticket.title,
    description: ticket.description,
    category: ticket.category,
    type: ticket.type,
    status: ticket.status,
    priority: ticket.priority,
    user_id: ticket.userId,
    assigned_to_id: ticket.assignedToId,
    created_at: ticket.createdAt.toISOString(),
    updated_at: ticket.updatedAt.toISOString(),
    first_response_at: iso(ticket.firstResponseAt),
    resolved_at: iso(ticket.resolvedAt),
    closed_at: iso(ticket.closedAt),
    tags: ticket.tags,
    watcher_ids: ticket.watcherIds,
    satisfaction: ticket.satisfaction,
    sla: ticket.sla === null ? null : toSlaResponse(ticket.sla, ticket.status === 'closed'),
  };
}

/** A closed ticket's clocks are stopped, not paused (auto-close leaves their state as resolved). */
function toSlaResponse(sla: SlaState, closed: boolean): SlaResponse {
  return {
    first_response: toClockResponse(sla.first_response, closed),
    next_response: toClockResponse(sla.next_response, closed),
    resolution: toClockResponse(sla.resolution, closed),
  };
}

function toClockResponse(clock: ClockState | null, closed: boolean): SlaClockResponse | null {
  if (clock === null || clock.target_minutes === null || clock.due_at === null) return null;
  return {
    target_minutes: clock.target_minutes,
    due_at: clock.due_at,
    met_at: clock.met_at,
    breached: clock.breached,
    paused: clock.paused && !closed,
  };
}

export function toTicketEventResponse(event: TicketEvent): TicketEventResponse {
  return {
    id: Number(event.id),
    ticket_id: event.ticketId,
    actor_id: event.actorId,
    kind: event.kind,
    data: event.data,
    created_at: event.createdAt.toISOString(),
  };
}

export function toTicketPageResponse(page: TicketPage): TicketPageResponse {
  return {
    items: page.tickets.map(toTicketResponse),
    total: page.total,
    limit: page.limit,
    offset: page.offset,
    next_cursor: page.nextCursor,
  };
}
