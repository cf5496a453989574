import type { TicketEvent, TicketEventKind } from '@/tickets/ticket-event.entity';
import type { Ticket, TicketPriority, TicketStatus } from '@/tickets/ticket.entity';
import type { TicketPage } from '@/tickets/ticket-page';

/** The wire shape of a ticket. */
export interface TicketResponse {
  id: string;
  number: number;
  title: string;
  description: string;
  category: string;
  type: string;
  status: TicketStatus;
  priority: TicketPriority | null;
  user_id: string;
  assigned_to_id: string | null;
  created_at: string;
  updated_at: string;
  first_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
}

export interface TicketEventResponse {
  id: number;
  ticket_id: string;
  actor_id: string | null;
  kind: TicketEventKind;
  data: Record<string, unknown>;
  created_at: string;
}

export interface TicketPageResponse {
  items: TicketResponse[];
  /** Null in cursor mode, where counting would make every page cost the whole set. */
  total: number | null;
  limit: number;
  offset: number | null;
  next_cursor: string | null;
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
