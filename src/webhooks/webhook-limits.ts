// The webhook contract's names and limits, stated once for the DTOs, the entities and the docs.

/** Every event an endpoint may subscribe to. `note.created` is staff-only: never by wildcard. */
export const WEBHOOK_EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.assigned',
  'message.created',
  'note.created',
  'sla.warning',
  'sla.breached',
  'csat.submitted',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_WILDCARD = '*';
/** Named explicitly or not at all: a wildcard must not leak internal notes to a CRM. */
export const EXPLICIT_ONLY_EVENTS: readonly WebhookEventType[] = ['note.created'];
/** Sent by POST /admin/webhooks/{id}/test, to that endpoint only, whatever it subscribes to. */
export const PING_EVENT = 'ping';
/** The delivery log's entry when the dispatcher disables an endpoint. */
export const ENDPOINT_DISABLED_EVENT = 'endpoint.disabled';

export const WEBHOOK_URL_MAX = 2000;
export const WEBHOOK_DESCRIPTION_MAX = 500;
export const WEBHOOK_PAGE_MAX = 100;
export const WEBHOOK_PAGE_DEFAULT = 50;
export const WEBHOOK_CURSOR_MAX = 200;

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** An endpoint whose last this-many deliveries all failed is disabled. */
export const DISABLE_AFTER_FAILURES = 20;
/** After a rotation the old secret keeps signing alongside the new one this long. */
export const SECRET_OVERLAP_MS = 24 * 3600 * 1000;
/** Bytes of a response read before the rest is discarded, and bytes of it kept in the log. */
export const RESPONSE_READ_BYTES = 4096;
export const RESPONSE_LOG_BYTES = 1024;
