// Owns the search over tickets, their messages and (for staff) their notes: parses the query with
// the recorded text search configuration, ranks tickets, pages by keyset, and attaches the
// page's highlights and tickets. The statements are in SearchRepository.
import { Injectable } from '@nestjs/common';
import { Forbidden } from '@/common/errors/domain-errors';
import {
  decodeHeadline,
  decodeSearchCursor,
  encodeSearchCursor,
  withLastWordPrefix,
} from '@/search/search-query';
import { HighlightField, SearchFilter, SearchRepository } from '@/search/search.repository';
import type { Ticket, TicketPriority, TicketStatus } from '@/tickets/ticket.entity';
import { ticketListScope, TicketActor } from '@/tickets/ticket-access.policy';
import { TicketsService } from '@/tickets/tickets.service';

export interface SearchQuery {
  q: string;
  statuses?: TicketStatus[];
  priorities?: TicketPriority[];
  tags?: string[];
  /** A CSR's id, or 'me' for the caller. */
  assigneeId?: string;
  limit: number;
  cursor?: string;
}

export interface SearchHighlight {
  field: HighlightField;
  /** Messages and notes only. */
  seq?: number;
  text: string;
}

export interface SearchHit {
  ticket: Ticket;
  highlights: SearchHighlight[];
  rank: number;
}

export interface SearchPage {
  items: SearchHit[];
  nextCursor: string | null;
}

@Injectable()
export class SearchService {
  constructor(
    private readonly search: SearchRepository,
    private readonly tickets: TicketsService,
  ) {}

  /**
   * A page of the tickets the actor may list through this door that match `q`, best first. The
   * owner door searches the caller's tickets and their messages; the queue door every ticket,
   * message and note.
   */
  async find(
    actor: TicketActor,
    access: 'owner' | 'queue',
    query: SearchQuery,
  ): Promise<SearchPage> {
    const scope = ticketListScope(actor, access);
    if (scope === null) throw new Forbidden('You do not have permission to perform this action');
    const after = query.cursor === undefined ? undefined : decodeSearchCursor(query.cursor);
    const includeNotes = access === 'queue';
    const filter: SearchFilter = {
      statuses: query.statuses,
      priorities: query.priorities,
      tags: query.tags,
      assigneeId: query.assigneeId === 'me' ? actor.id : query.assigneeId,
      includeNotes,
      ...scope,
    };
    const found = await this.search.read(async (session) => {
      const parsed = await this.search.parse(session, query.q);
      // Only stop words or punctuation: nothing can match.
      if (parsed.tsquery === '') return { items: [], hasMore: false, rows: [] };
      const tsquery = withLastWordPrefix(parsed.tsquery);
      const ranked = await this.search.rank(session, tsquery, filter, after, query.limit);
      const ids = ranked.items.map((item) => item.ticketId);
      const rows = await this.search.highlights(session, parsed.config, tsquery, ids, includeNotes);
      return { ...ranked, rows };
    });
    const tickets = await this.tickets.findByIds(found.items.map((item) => item.ticketId));
    const highlights = new Map<string, SearchHighlight[]>();
    for (const row of found.rows) {
      const list = highlights.get(row.ticketId) ?? [];
      list.push({
        field: row.field,
        ...(row.seq === null ? {} : { seq: row.seq }),
        text: decodeHeadline(row.text),
      });
      highlights.set(row.ticketId, list);
    }
    const items: SearchHit[] = [];
    for (const item of found.items) {
      const ticket = tickets.get(item.ticketId);
      // Deleted between the two reads: left out rather than answered half.
      if (ticket === undefined) continue;
      items.push({
        ticket,
        highlights: highlights.get(item.ticketId) ?? [],
        rank: Number(item.rank),
      });
    }
    const last = found.items[found.items.length - 1];
    return {
      items,
      nextCursor:
        found.hasMore && last !== undefined
          ? encodeSearchCursor({ rank: last.rank, id: last.ticketId })
          : null,
    };
  }
}
