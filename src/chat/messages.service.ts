// Owns the conversation of a ticket: storing messages (ordered, idempotent), reading them back,
// read markers, and the ticket effects of a message (reopen, first response).
import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MESSAGE_CREATED, MessageCreatedEvent } from '@/chat/chat.events';
import type { Message } from '@/chat/message.entity';
import { toMessageResponse } from '@/chat/message.response';
import { MessagesRepository } from '@/chat/messages.repository';
import type { ReadMarker } from '@/chat/read-marker.entity';
import { NotFound } from '@/common/errors/domain-errors';
import { canAccessTicket, TicketActor } from '@/tickets/ticket-access.policy';
import { TicketClosed, TicketNotFound } from '@/tickets/ticket.errors';
import type { Ticket } from '@/tickets/ticket.entity';
import { TICKET_UPDATED, TicketUpdatedEvent } from '@/tickets/ticket.events';
import { toTicketResponse } from '@/tickets/ticket.response';
import { planStatusChange } from '@/tickets/ticket-status';
import { TicketsRepository } from '@/tickets/tickets.repository';

export const JOIN_HISTORY = 50;

export interface SendResult {
  message: Message;
  /** False when the client_id was seen before and the stored message is returned again. */
  created: boolean;
}

@Injectable()
export class MessagesService {
  private readonly logger = new Logger(MessagesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly messages: MessagesRepository,
    private readonly tickets: TicketsRepository,
    private readonly events: EventEmitter2,
  ) {}

  /** The ticket if the actor may be in its conversation; otherwise not found, whether it exists or not. */
  async openTicket(actor: TicketActor, ticketId: string): Promise<Ticket> {
    const ticket = await this.tickets.findById(ticketId);
    if (ticket === null || !canAccessTicket(actor, ticket)) throw new TicketNotFound();
    return ticket;
  }

  async join(
    actor: TicketActor,
    ticketId: string,
    afterSeq: number | undefined,
  ): Promise<{ ticket: Ticket; messages: Message[] }> {
    const ticket = await this.openTicket(actor, ticketId);
    const messages =
      afterSeq === undefined
        ? await this.messages.listLast(ticketId, JOIN_HISTORY)
        : await this.messages.listAfter(ticketId, afterSeq, JOIN_HISTORY);
    return { ticket, messages };
  }

  /** Messages after `afterSeq`, oldest first, and whether more follow. */
  async list(
    actor: TicketActor,
    ticketId: string,
    afterSeq: number,
    limit: number,
  ): Promise<{ items: Message[]; hasMore: boolean }> {
    await this.openTicket(actor, ticketId);
    const rows = await this.messages.listAfter(ticketId, afterSeq, limit + 1);
    return { items: rows.slice(0, limit), hasMore: rows.length > limit };
  }

  /**
   * Stores a message under the ticket's row lock (which orders seqs and makes the client_id check
   * race-free), applies its ticket effects in the same transaction, and publishes after commit.
   */
  async send(
    actor: TicketActor,
    ticketId: string,
    content: string,
    clientId: string | null,
  ): Promise<SendResult> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const ticket = await this.tickets.lockById(manager, ticketId);
      if (ticket === null || !canAccessTicket(actor, ticket)) throw new TicketNotFound();
      if (clientId !== null) {
        const existing = await this.messages.findByClientId(manager, ticketId, actor.id, clientId);
        if (existing !== null) return { message: existing, created: false, reopened: null };
      }
      if (ticket.status === 'closed') throw new TicketClosed();
      const [message] = await this.messages.insertMany(manager, [
        { ticketId, senderId: actor.id, senderRole: actor.role, content, clientId },
      ]);
      let reopened: Ticket | null = null;
      if (ticket.userId === actor.id && ticket.status === 'resolved') {
        const plan = planStatusChange(ticket.status, 'open', 'owner');
        if (plan.change) {
          reopened = await this.tickets.update(manager, ticketId, {
            status: 'open',
            ...plan.effects,
          });
          await this.tickets.insertEvents(manager, ticketId, [
            {
              actorId: actor.id,
              kind: 'status_changed',
              data: { from: ticket.status, to: 'open', reason: 'customer_message' },
            },
          ]);
        }
      }
      if (actor.role !== 'user' && ticket.firstResponseAt === null && ticket.userId !== actor.id) {
        await this.messages.markFirstResponse(manager, ticketId);
      }
      return { message: message!, created: true, reopened };
    });
    if (outcome.created) {
      this.publish<MessageCreatedEvent>(MESSAGE_CREATED, {
        message: toMessageResponse(outcome.message),
      });
    }
    if (outcome.reopened !== null) {
      this.publish<TicketUpdatedEvent>(TICKET_UPDATED, {
        ticket: toTicketResponse(outcome.reopened),
      });
    }
    return { message: outcome.message, created: outcome.created };
  }

  async markRead(actor: TicketActor, ticketId: string, messageId: string): Promise<ReadMarker> {
    await this.openTicket(actor, ticketId);
    const message = await this.messages.findInTicket(ticketId, messageId);
    if (message === null) throw new NotFound('Message');
    return this.messages.markRead(actor.id, message);
  }

  async readMarkers(actor: TicketActor, ticketId: string): Promise<ReadMarker[]> {
    await this.openTicket(actor, ticketId);
    return this.messages.listReadMarkers(ticketId);
  }

  /** A failing listener must not turn a stored message into an error for its sender. */
  private publish<T>(name: string, payload: T): void {
    try {
      this.events.emit(name, payload);
    } catch (error) {
      this.logger.error(
        `A ${name} listener failed`,
        error instanceof Error ? error.stack : String(error),
      );
    }
  }
}
