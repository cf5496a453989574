// Admin side of webhooks: endpoints and their secrets, the delivery log, replays and test pings.
import { Inject, Injectable } from '@nestjs/common';
import { Conflict, NotFound, ValidationFailed } from '@/common/errors/domain-errors';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import { InvalidCursor } from '@/tickets/ticket.errors';
import { outboxRow } from '@/webhooks/webhook-body';
import { WebhookDispatcher } from '@/webhooks/webhook-dispatcher';
import {
  type DeliveryStatus,
  ENDPOINT_DISABLED_EVENT,
  PING_EVENT,
  SECRET_OVERLAP_MS,
} from '@/webhooks/webhook-limits';
import { newSecret } from '@/webhooks/webhook-signer';
import { urlRefusal } from '@/webhooks/webhook-url';
import type { WebhookAttempt, WebhookEndpoint } from '@/webhooks/webhook.entity';
import { DeliveryEntry, EndpointPatch, WebhooksRepository } from '@/webhooks/webhooks.repository';

export interface EndpointInput {
  url: string;
  events: string[];
  description?: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

class WebhookNotFound extends NotFound {
  constructor() {
    super('Webhook');
  }
}

class DeliveryNotFound extends NotFound {
  constructor() {
    super('Webhook delivery');
  }
}

interface Position {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// A cursor is the last row's (created_at, id), opaque to clients.
function encodeCursor({ createdAt, id }: Position): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): Position | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [at, id] = value as unknown[];
      const createdAt = typeof at === 'string' ? new Date(at) : new Date(NaN);
      if (!Number.isNaN(createdAt.getTime()) && typeof id === 'string' && UUID.test(id)) {
        return { createdAt, id };
      }
    }
  } catch {
    // Falls through to the refusal.
  }
  throw new InvalidCursor('cursor is malformed');
}

function page<T extends Position>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null,
  };
}

@Injectable()
export class WebhooksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: WebhooksRepository,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  create(input: EndpointInput): Promise<WebhookEndpoint> {
    this.checkUrl(input.url);
    return this.repository.insertEndpoint({
      url: input.url,
      events: input.events,
      description: emptyToNull(input.description),
      secret: newSecret(),
    });
  }

  async list(limit: number, cursor: string | undefined): Promise<Page<WebhookEndpoint>> {
    const rows = await this.repository.listEndpoints(limit + 1, decodeCursor(cursor));
    return page(rows, limit);
  }

  async get(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.repository.findEndpoint(id);
    if (endpoint === null) throw new WebhookNotFound();
    return endpoint;
  }

  async update(id: string, patch: EndpointPatch): Promise<WebhookEndpoint> {
    if (patch.url !== undefined) this.checkUrl(patch.url);
    const updated = await this.repository.updateEndpoint(id, {
      ...patch,
      description: patch.description === undefined ? undefined : emptyToNull(patch.description),
    });
    if (updated === null) throw new WebhookNotFound();
    if (patch.enabled === true) this.dispatcher.soon();
    return updated;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.repository.deleteEndpoint(id))) throw new WebhookNotFound();
  }

  /** A new secret; the old one keeps signing alongside it for SECRET_OVERLAP_MS. */
  async rotateSecret(id: string): Promise<WebhookEndpoint> {
    const rotated = await this.repository.rotateSecret(
      id,
      newSecret(),
      new Date(Date.now() + SECRET_OVERLAP_MS),
    );
    if (rotated === null) throw new WebhookNotFound();
    return rotated;
  }

  async deliveries(
    endpointId: string,
    status: DeliveryStatus | undefined,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<DeliveryEntry>> {
    const after = decodeCursor(cursor);
    await this.get(endpointId);
    const rows = await this.repository.listDeliveries(endpointId, status, limit + 1, after);
    return page(rows, limit);
  }

  async delivery(
    endpointId: string,
    id: string,
  ): Promise<{
    delivery: DeliveryEntry;
    payload: Record<string, unknown>;
    attempts: WebhookAttempt[];
  }> {
    const delivery = await this.repository.findDelivery(endpointId, id);
    if (delivery === null) throw new DeliveryNotFound();
    const [body, attempts] = await Promise.all([
      this.repository.eventBody(delivery.eventId),
      this.repository.attemptsOf(id),
    ]);
    return { delivery, payload: JSON.parse(body) as Record<string, unknown>, attempts };
  }

  /** An attempt now, with the same webhook-id, whatever the delivery's state. */
  async retry(endpointId: string, id: string): Promise<DeliveryEntry> {
    const delivery = await this.repository.findDelivery(endpointId, id);
    if (delivery === null) throw new DeliveryNotFound();
    if (delivery.type === ENDPOINT_DISABLED_EVENT) {
      throw new Conflict('This log entry records the endpoint being disabled; it was never sent');
    }
    const retried = await this.repository.retry(endpointId, id);
    if (retried === null) throw new DeliveryNotFound();
    this.dispatcher.soon();
    return retried;
  }

  /** A `ping` to this endpoint alone, whatever it subscribes to. */
  async test(endpointId: string): Promise<DeliveryEntry> {
    const endpoint = await this.get(endpointId);
    const delivery = await this.repository.recordFor(
      endpoint.id,
      outboxRow(PING_EVENT, { webhook_id: endpoint.id, url: endpoint.url }),
    );
    this.dispatcher.soon();
    return delivery;
  }

  private checkUrl(url: string): void {
    const refusal = urlRefusal(url, this.config.webhooks.allowHttp);
    if (refusal !== null) throw new ValidationFailed([{ field: 'url', message: refusal }]);
  }
}

function emptyToNull(text: string | null | undefined): string | null {
  return text === undefined || text === null || text === '' ? null : text;
}
