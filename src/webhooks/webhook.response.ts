import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_STATUSES, type DeliveryStatus } from '@/webhooks/webhook-limits';
import type { WebhookAttempt, WebhookEndpoint } from '@/webhooks/webhook.entity';
import type { DeliveryEntry } from '@/webhooks/webhooks.repository';

const UUID_EXAMPLE = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const TIME_EXAMPLE = '2026-12-01T09:30:00.000Z';

export class WebhookResponse {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  id!: string;

  @ApiProperty({ example: 'https://crm.example.com/hooks/support' })
  url!: string;

  @ApiProperty({ type: [String], example: ['ticket.created', 'message.created'] })
  events!: string[];

  @ApiProperty({ type: String, nullable: true, example: 'CRM sync' })
  description!: string | null;

  @ApiProperty({
    description: 'False when turned off, or after its last 20 deliveries all failed',
    example: true,
  })
  enabled!: boolean;

  @ApiProperty({ format: 'date-time', example: TIME_EXAMPLE })
  created_at!: string;

  @ApiProperty({ format: 'date-time', example: TIME_EXAMPLE })
  updated_at!: string;
}

export class WebhookWithSecretResponse extends WebhookResponse {
  @ApiProperty({
    description:
      'whsec_ and the base64 of 24 random bytes: verify deliveries with it (Standard Webhooks). Shown only now',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  secret!: string;
}

export class WebhookPageResponse {
  @ApiProperty({ type: [WebhookResponse] })
  items!: WebhookResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Opaque; pass as `cursor` for the next page. Null on the last page',
  })
  next_cursor!: string | null;
}

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid', example: UUID_EXAMPLE })
  id!: string;

  @ApiProperty({
    format: 'uuid',
    description: 'The webhook-id header: the same on every attempt',
    example: UUID_EXAMPLE,
  })
  event_id!: string;

  @ApiProperty({
    description: 'The event type, ping, or endpoint.disabled (the log’s entry, never sent)',
    example: 'ticket.created',
  })
  type!: string;

  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'WebhookDeliveryStatus' })
  status!: DeliveryStatus;

  @ApiProperty({ type: 'integer', example: 1 })
  attempts!: number;

  @ApiProperty({ type: 'integer', nullable: true, example: 200 })
  last_status_code!: number | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  last_error!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 42 })
  last_duration_ms!: number | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Pending only: when it is (or, while an attempt runs, would again be) tried',
  })
  next_attempt_at!: string | null;

  @ApiProperty({ format: 'date-time', example: TIME_EXAMPLE })
  created_at!: string;
}

export class WebhookDeliveryPageResponse {
  @ApiProperty({ type: [WebhookDeliveryResponse] })
  items!: WebhookDeliveryResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Opaque; pass as `cursor` for the next page. Null on the last page',
  })
  next_cursor!: string | null;
}

export class WebhookAttemptResponse {
  @ApiProperty({ format: 'date-time', example: TIME_EXAMPLE })
  attempted_at!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'The request’s headers as sent (webhook-id, webhook-timestamp, webhook-signature…)',
  })
  request_headers!: Record<string, string>;

  @ApiProperty({ type: 'integer', nullable: true, example: 200 })
  status_code!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The response body’s first 1 KiB, as text',
  })
  response_body!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why it failed; null on a 2xx' })
  error!: string | null;

  @ApiProperty({ type: 'integer', example: 42 })
  duration_ms!: number;
}

export class WebhookDeliveryDetailResponse extends WebhookDeliveryResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The request body every attempt sends: {id, type, created_at, data}',
  })
  payload!: Record<string, unknown>;

  @ApiProperty({ type: [WebhookAttemptResponse], description: 'Oldest first' })
  attempt_log!: WebhookAttemptResponse[];
}

export function toWebhookResponse(endpoint: WebhookEndpoint): WebhookResponse {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    description: endpoint.description,
    enabled: endpoint.enabled,
    created_at: endpoint.createdAt.toISOString(),
    updated_at: endpoint.updatedAt.toISOString(),
  };
}

export function toWebhookWithSecretResponse(endpoint: WebhookEndpoint): WebhookWithSecretResponse {
  return { ...toWebhookResponse(endpoint), secret: endpoint.secret };
}

export function toDeliveryResponse(delivery: DeliveryEntry): WebhookDeliveryResponse {
  return {
    id: delivery.id,
    event_id: delivery.eventId,
    type: delivery.type,
    status: delivery.status,
    attempts: delivery.attempts,
    last_status_code: delivery.lastStatusCode,
    last_error: delivery.lastError,
    last_duration_ms: delivery.lastDurationMs,
    next_attempt_at: delivery.nextAttemptAt?.toISOString() ?? null,
    created_at: delivery.createdAt.toISOString(),
  };
}

export function toAttemptResponse(attempt: WebhookAttempt): WebhookAttemptResponse {
  return {
    attempted_at: attempt.attemptedAt.toISOString(),
    request_headers: attempt.requestHeaders,
    status_code: attempt.statusCode,
    response_body: attempt.responseBody,
    error: attempt.error,
    duration_ms: attempt.durationMs,
  };
}
