// What a ticket list is asked for and what it answers, between the controllers and the service.
import type { Ticket, TicketPriority, TicketStatus } from '@/tickets/ticket.entity';
import type { TicketSort } from '@/tickets/ticket-sort';
import type { SlaFilter } from '@/tickets/ticket-sla';

export interface TicketListQuery {
  statuses?: TicketStatus[];
  priorities?: TicketPriority[];
  category?: string;
  type?: string;
  q?: string;
  /** Normalised tags; a ticket must have all of them. */
  tags?: string[];
  unassigned?: boolean;
  /** A CSR's id, or 'me' for the caller. */
  assigneeId?: string;
  userId?: string;
  sla?: SlaFilter;
  limit: number;
  sort: TicketSort;
  offset?: number;
  cursor?: string;
}

export interface TicketPage {
  tickets: Ticket[];
  total: number | null;
  limit: number;
  offset: number | null;
  nextCursor: string | null;
}
