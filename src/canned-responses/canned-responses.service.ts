// Owns canned responses: CRUD for staff, and rendering one for a ticket. The statements are in
// CannedResponsesRepository; the placeholders' rule is in render.ts.
import { Injectable } from '@nestjs/common';
import { Conflict, NotFound } from '@/common/errors/domain-errors';
import type { CannedResponse } from '@/canned-responses/canned-response.entity';
import {
  CannedResponsePatch,
  CannedResponsesRepository,
  ShortCodeTaken,
} from '@/canned-responses/canned-responses.repository';
import { renderTemplate } from '@/canned-responses/render';
import { InvalidCursor } from '@/tickets/ticket.errors';
import type { TicketActor } from '@/tickets/ticket-access.policy';
import { TicketsService } from '@/tickets/tickets.service';
import { UsersService } from '@/users/users.service';

export interface CannedResponseInput {
  shortCode: string;
  title: string;
  content: string;
}

export interface CannedResponseListQuery {
  q?: string;
  limit: number;
  cursor?: string;
}

export interface CannedResponsePage {
  items: CannedResponse[];
  nextCursor: string | null;
}

class CannedResponseNotFound extends NotFound {
  constructor() {
    super('Canned response');
  }
}

class ShortCodeConflict extends Conflict {
  constructor() {
    super('A canned response with this short_code already exists');
  }
}

// The cursor is the last lower-cased short code, opaque to clients.
const encodeCursor = (shortCode: string) =>
  Buffer.from(shortCode.toLowerCase(), 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-z0-9_-]{1,32}$/.test(text) || encodeCursor(text) !== cursor) {
    throw new InvalidCursor('cursor is malformed');
  }
  return text;
}

@Injectable()
export class CannedResponsesService {
  constructor(
    private readonly cannedResponses: CannedResponsesRepository,
    private readonly tickets: TicketsService,
    private readonly users: UsersService,
  ) {}

  async create(actor: TicketActor, input: CannedResponseInput): Promise<CannedResponse> {
    const created = await this.cannedResponses.insert({ ...input, createdBy: actor.id });
    if (created === null) throw new ShortCodeConflict();
    return created;
  }

  async get(id: string): Promise<CannedResponse> {
    const found = await this.cannedResponses.findById(id);
    if (found === null) throw new CannedResponseNotFound();
    return found;
  }

  async list(query: CannedResponseListQuery): Promise<CannedResponsePage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const { items, hasMore } = await this.cannedResponses.page({
      q: query.q,
      limit: query.limit,
      after,
    });
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: hasMore && last !== undefined ? encodeCursor(last.shortCode) : null,
    };
  }

  async update(id: string, patch: CannedResponsePatch): Promise<CannedResponse> {
    let updated: CannedResponse | null;
    try {
      updated = await this.cannedResponses.update(id, patch);
    } catch (error) {
      if (error instanceof ShortCodeTaken) throw new ShortCodeConflict();
      throw error;
    }
    if (updated === null) throw new CannedResponseNotFound();
    return updated;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.cannedResponses.delete(id))) throw new CannedResponseNotFound();
  }

  /**
   * The canned response's content for this ticket: the ticket's number and title, its owner's
   * name and the calling agent's name filled in (see render.ts).
   */
  async render(actor: TicketActor, ticketId: string, shortCode: string): Promise<string> {
    const ticket = await this.tickets.get(actor, ticketId, 'queue');
    const found = await this.cannedResponses.findByShortCode(shortCode);
    if (found === null) throw new CannedResponseNotFound();
    const [owner, agent] = await Promise.all([
      this.users.getById(ticket.userId),
      this.users.getById(actor.id),
    ]);
    return renderTemplate(found.content, {
      'ticket.number': ticket.number,
      'ticket.title': ticket.title,
      'user.full_name': owner.fullName,
      'agent.full_name': agent.fullName,
    });
  }
}
