// The OpenAPI 3.1 `webhooks` section: what each event's request looks like, so a receiver can be
// generated from the same document as the API's clients.
import { PING_EVENT, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@/webhooks/webhook-limits';

const DATA: Record<WebhookEventType | typeof PING_EVENT, { ref?: string; summary: string }> = {
  'ticket.created': { ref: 'TicketResponse', summary: 'A ticket was opened' },
  'ticket.updated': {
    ref: 'TicketResponse',
    summary:
      'A ticket changed (status, priority, assignee, tags, rating, SLA…); `changes` says what',
  },
  'ticket.assigned': { ref: 'TicketResponse', summary: 'A ticket got an assignee' },
  'message.created': { ref: 'MessageResponse', summary: 'A chat message was sent' },
  'note.created': {
    ref: 'NoteResponse',
    summary: 'A staff note was written (only to endpoints that name this event)',
  },
  'sla.warning': {
    ref: 'SlaAlertEvent',
    summary: 'An SLA clock used SLA_WARNING_PERCENT of its target',
  },
  'sla.breached': { ref: 'SlaAlertEvent', summary: 'An SLA clock passed its target' },
  'csat.submitted': { ref: 'SatisfactionResponse', summary: 'A customer rated a resolution' },
  [PING_EVENT]: { summary: 'POST /admin/webhooks/{id}/test' },
};

const HEADERS = [
  ['webhook-id', 'The event id: the same on every retry and replay (deduplicate by it)'],
  ['webhook-timestamp', 'Unix seconds when this attempt was signed'],
  [
    'webhook-signature',
    'v1,<base64 HMAC-SHA256 of "id.timestamp.body"> per live secret, space-separated',
  ],
] as const;

const DOCUMENTED = [...WEBHOOK_EVENT_TYPES, PING_EVENT] as const;

export function webhookDocs(): Record<string, unknown> {
  return Object.fromEntries(
    DOCUMENTED.map((type) => {
      const { ref, summary } = DATA[type];
      const withChanges = type === 'ticket.updated' || type === 'ticket.assigned';
      const body = {
        type: 'object',
        required: ['id', 'type', 'created_at', 'data', ...(withChanges ? ['changes'] : [])],
        properties: {
          id: { type: 'string', format: 'uuid' },
          type: { const: type },
          created_at: { type: 'string', format: 'date-time' },
          data: ref === undefined ? { type: 'object' } : { $ref: `#/components/schemas/${ref}` },
          ...(withChanges
            ? {
                changes: {
                  type: 'object',
                  description: 'Each changed field of data, with its value before and after',
                  additionalProperties: {
                    type: 'object',
                    required: ['from', 'to'],
                    properties: { from: {}, to: {} },
                  },
                },
              }
            : {}),
        },
      };
      return [
        type,
        {
          post: {
            summary,
            tags: ['webhooks'],
            // The receiver authenticates the request by its signature, not by a token.
            security: [],
            parameters: HEADERS.map(([name, description]) => ({
              name,
              in: 'header',
              required: true,
              description,
              schema: { type: 'string' },
            })),
            requestBody: { required: true, content: { 'application/json': { schema: body } } },
            responses: {
              '200': {
                description:
                  'Any 2xx within WEBHOOK_TIMEOUT_SECONDS is a delivery; anything else is retried',
              },
            },
          },
        },
      ];
    }),
  );
}
