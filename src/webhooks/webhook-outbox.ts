// The outbox writer every module calls inside the transaction of its change: the event is stored
// (with a delivery per subscribed endpoint) if and only if that change commits.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FieldChanges, outboxRow } from '@/webhooks/webhook-body';
import type { WebhookEventType } from '@/webhooks/webhook-limits';
import { WebhookDispatcher } from '@/webhooks/webhook-dispatcher';
import { WebhooksRepository } from '@/webhooks/webhooks.repository';

export interface OutboxEvent {
  type: WebhookEventType;
  /** The resource's JSON as the API returns it. */
  data: unknown;
  changes?: FieldChanges;
}

@Injectable()
export class WebhookOutbox {
  constructor(
    private readonly repository: WebhooksRepository,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async record(manager: EntityManager, events: readonly OutboxEvent[]): Promise<void> {
    if (events.length === 0) return;
    const queued = await this.repository.recordEvents(
      manager,
      events.map((event) => outboxRow(event.type, event.data, event.changes)),
    );
    // The dispatcher polls anyway; this only shortens the wait once the caller commits.
    if (queued > 0) this.dispatcher.soon();
  }
}
