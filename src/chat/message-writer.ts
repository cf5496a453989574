// Group commit for chat messages: sends that arrive while batches are being written form the
// next batch, stored in one transaction (tickets locked in id order, one INSERT for all rows).
// A few batches are written at once, on disjoint tickets, so that the database works on one
// while this process answers and broadcasts another. Each send still gets its own answer;
// per-ticket seq, order, idempotency and store-before-ack are kept. At low load a batch is a
// single message and nothing waits for a timer.
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { WebhookOutbox } from '@/webhooks/webhook-outbox';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AttachmentsService } from '@/attachments/attachments.service';
import { MESSAGE_CREATED, MessageCreatedEvent } from '@/chat/chat.events';
import { Decision, planBatch, SendRequest, takeBatch } from '@/chat/message-batch';
import type { Message } from '@/chat/message.entity';
import { toMessageResponse } from '@/chat/message.response';
import { MessagesRepository } from '@/chat/messages.repository';
import { publish } from '@/common/publish';
import { isDatabaseUnavailable } from '@/common/errors/database-unavailable';
import { TicketsService } from '@/tickets/tickets.service';

const MAX_BATCH = 256;
/** Batches written at once; each holds a connection from the pool while it runs. */
const MAX_CONCURRENT_BATCHES = 2;

export interface SendResult {
  message: Message;
  /** False when the client_id was seen before and the stored message is returned again. */
  created: boolean;
}

interface Pending {
  ticketId: string;
  request: SendRequest;
  resolve: (result: SendResult) => void;
  reject: (error: unknown) => void;
}

@Injectable()
export class MessageWriter {
  private readonly pending: Pending[] = [];
  /** Tickets of the batches being written: their next sends wait, to keep each ticket's order. */
  private readonly busyTickets = new Set<string>();
  private inFlight = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly messages: MessagesRepository,
    private readonly tickets: TicketsService,
    private readonly attachments: AttachmentsService,
    private readonly events: EventEmitter2,
    private readonly outbox: WebhookOutbox,
  ) {}

  /** Resolves once the message is stored (or found stored), after its broadcast was published. */
  write(request: SendRequest): Promise<SendResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ ticketId: request.ticketId, request, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < MAX_CONCURRENT_BATCHES && this.pending.length > 0) {
      const batch = takeBatch(this.pending, this.busyTickets, MAX_BATCH);
      if (batch.length === 0) return;
      const tickets = new Set(batch.map((item) => item.ticketId));
      for (const ticketId of tickets) this.busyTickets.add(ticketId);
      this.inFlight += 1;
      void this.settle(batch).finally(() => {
        for (const ticketId of tickets) this.busyTickets.delete(ticketId);
        this.inFlight -= 1;
        this.drain();
      });
    }
  }

  /** Writes a batch; every send in it is answered, whatever happens. */
  private async settle(batch: Pending[]): Promise<void> {
    try {
      await this.writeBatch(batch);
    } catch (error) {
      // One bad row must not fail its neighbours: unless the database itself is gone, retry
      // each send alone so that only the culprit gets the error.
      if (batch.length === 1 || isDatabaseUnavailable(error)) {
        for (const item of batch) item.reject(error);
        return;
      }
      for (const item of batch) {
        await this.writeBatch([item]).catch((single: unknown) => item.reject(single));
      }
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    const requests = batch.map((item) => item.request);
    const { plan, stored, changed } = await this.dataSource.transaction(async (manager) => {
      const ticketIds = [...new Set(requests.map((r) => r.ticketId))];
      const tickets = await this.tickets.lockMany(manager, ticketIds);
      const keys = requests.flatMap((r) =>
        r.clientId === null
          ? []
          : [{ ticketId: r.ticketId, senderId: r.actor.id, clientId: r.clientId }],
      );
      const existing = await this.messages.findByClientIds(manager, keys);
      const plan = planBatch(requests, tickets, existing);
      const stored = await this.messages.insertBatch(manager, plan.inserts);
      await this.loadAttachments(manager, requests, plan.decisions, stored);
      await this.outbox.record(
        manager,
        stored.map((message) => ({ type: 'message.created', data: toMessageResponse(message) })),
      );
      // Reopened tickets, and tickets whose SLA clocks the messages moved.
      const changed = await this.tickets.applyMessageEffects(manager, plan, tickets);
      return { plan, stored, changed };
    });
    // Committed: broadcast, then answer each send.
    for (const message of stored) {
      publish<MessageCreatedEvent>(this.events, MESSAGE_CREATED, {
        message: toMessageResponse(message),
      });
    }
    for (const ticket of changed) {
      this.tickets.publishUpdated(ticket);
    }
    const results: (SendResult | undefined)[] = [];
    plan.decisions.forEach((decision, index) => {
      const item = batch[index] as Pending;
      switch (decision.kind) {
        case 'refuse':
          item.reject(decision.error);
          break;
        case 'existing':
          results[index] = { message: decision.message, created: false };
          break;
        case 'insert':
          results[index] = { message: stored[decision.slot] as Message, created: true };
          break;
        case 'repeat':
          results[index] = {
            message: (results[decision.of] as SendResult).message,
            created: false,
          };
          break;
      }
      const result = results[index];
      if (result !== undefined) item.resolve(result);
    });
  }

  /**
   * Links each new message's attachments (a send whose ids are not all attachable throws, so the
   * batch is retried send by send and only that one is refused) and loads those of messages
   * returned again for a repeated client_id. Sends without attachments cost no query.
   */
  private async loadAttachments(
    manager: EntityManager,
    requests: readonly SendRequest[],
    decisions: readonly Decision[],
    stored: readonly Message[],
  ): Promise<void> {
    const existing: Message[] = [];
    for (const [index, decision] of decisions.entries()) {
      if (decision.kind === 'existing') existing.push(decision.message);
      if (decision.kind !== 'insert') continue;
      const message = stored[decision.slot] as Message;
      const ids = requests[index]?.attachmentIds ?? [];
      message.attachments = await this.attachments.attachToMessage(manager, message, ids);
    }
    if (existing.length === 0) return;
    const byMessage = await this.attachments.forMessages(
      existing.map((message) => message.id),
      manager,
    );
    for (const message of existing) message.attachments = byMessage.get(message.id) ?? [];
  }
}
