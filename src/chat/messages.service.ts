// Owns the conversation of a ticket: storing messages (ordered, idempotent), reading them back,
// and read markers. The tickets module writes what a message does to its ticket (reopen, first
// response) in the writer's transaction.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AttachmentsService } from '@/attachments/attachments.service';
import type { Message } from '@/chat/message.entity';
import { JOIN_HISTORY } from '@/chat/message-limits';
import { MessageWriter, SendResult } from '@/chat/message-writer';
import { MessagesRepository } from '@/chat/messages.repository';
import type { ReadMarker } from '@/chat/read-marker.entity';
import { NotFound } from '@/common/errors/domain-errors';
import type { TicketActor } from '@/tickets/ticket-access.policy';
import type { Ticket } from '@/tickets/ticket.entity';
import { TicketsService } from '@/tickets/tickets.service';

@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly tickets: TicketsService,
    private readonly writer: MessageWriter,
    private readonly attachments: AttachmentsService,
  ) {}

  /** The ticket if the actor may be in its conversation; otherwise not found, whether it exists or not. */
  openTicket(actor: TicketActor, ticketId: string): Promise<Ticket> {
    return this.tickets.get(actor, ticketId, 'participant');
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
    return { ticket, messages: await this.withAttachments(messages) };
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
    return {
      items: await this.withAttachments(rows.slice(0, limit)),
      hasMore: rows.length > limit,
    };
  }

  /** Stores a message (batched with concurrent sends; see MessageWriter) and publishes it. */
  send(
    actor: TicketActor,
    ticketId: string,
    content: string,
    clientId: string | null,
    attachmentIds: readonly string[] = [],
  ): Promise<SendResult> {
    return this.writer.write({ actor, ticketId, content, clientId, attachmentIds });
  }

  /**
   * Makes one user's messages and read markers another's, in the caller's transaction (a widget
   * guest merged into the visitor it turned out to be: their messages stay theirs).
   */
  moveSender(manager: EntityManager, fromUserId: string, toUserId: string): Promise<void> {
    return this.messages.moveSender(manager, fromUserId, toUserId);
  }

  /** One query for the attachments of a page of messages. */
  private async withAttachments(messages: Message[]): Promise<Message[]> {
    const byMessage = await this.attachments.forMessages(messages.map((message) => message.id));
    for (const message of messages) message.attachments = byMessage.get(message.id) ?? [];
    return messages;
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
}
