// The AsyncAPI 3 document of the /chat namespace. Payload schemas are the OpenAPI components of the
// very DTO classes the gateway validates and answers with, so the two documents cannot drift.
import type { OpenAPIObject } from '@nestjs/swagger';

export const ASYNCAPI_PATH = '/api/v1/asyncapi.json';

/** Class names whose schemas the socket uses (registered as extra models of the OpenAPI doc). */
export const CHAT_MODELS = [
  'JoinDto',
  'TicketRefDto',
  'SendMessageDto',
  'TypingDto',
  'ReadDto',
  'MessageResponse',
  'ReadMarkerResponse',
  'TicketResponse',
  'FieldErrorSchema',
] as const;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const ackError = {
  type: 'object',
  required: ['ok', 'error'],
  properties: {
    ok: { const: false },
    error: {
      type: 'object',
      required: ['status', 'detail'],
      properties: {
        status: { type: 'integer', description: 'HTTP-like status: 400, 404, 409, 429, 500' },
        detail: { type: 'string' },
        errors: { type: 'array', items: ref('FieldErrorSchema') },
      },
    },
  },
};

const ok = (properties: Record<string, unknown> = {}) => ({
  oneOf: [
    {
      type: 'object',
      required: ['ok', ...Object.keys(properties)],
      properties: { ok: { const: true }, ...properties },
    },
    ref('AckError'),
  ],
});

interface ClientEvent {
  name: string;
  summary: string;
  payload: string;
  ack: Record<string, unknown>;
}

const CLIENT_EVENTS: ClientEvent[] = [
  {
    name: 'join',
    summary:
      'Join a ticket’s room; get the ticket and its messages after after_seq (else the last 50)',
    payload: 'JoinDto',
    ack: ok({
      ticket: ref('TicketResponse'),
      messages: { type: 'array', items: ref('MessageResponse') },
    }),
  },
  { name: 'leave', summary: 'Leave a ticket’s room', payload: 'TicketRefDto', ack: ok() },
  {
    name: 'message',
    summary: 'Send a message: stored, then acked and broadcast; idempotent with client_id',
    payload: 'SendMessageDto',
    ack: ok({ message: ref('MessageResponse') }),
  },
  {
    name: 'typing',
    summary: 'Tell the others in the room whether you are typing (not stored)',
    payload: 'TypingDto',
    ack: ok(),
  },
  {
    name: 'read',
    summary: 'Move your read marker forward to a message',
    payload: 'ReadDto',
    ack: ok({ read: ref('ReadMarkerResponse') }),
  },
];

const SERVER_EVENTS: Record<string, { summary: string; payload: Record<string, unknown> }> = {
  message: {
    summary: 'A message stored in a ticket of your room',
    payload: ref('MessageResponse'),
  },
  typing: {
    summary: 'Someone else in the room started or stopped typing',
    payload: {
      type: 'object',
      required: ['ticket_id', 'user_id', 'is_typing'],
      properties: {
        ticket_id: { type: 'string', format: 'uuid' },
        user_id: { type: 'string', format: 'uuid' },
        is_typing: { type: 'boolean' },
      },
    },
  },
  read: {
    summary: 'A participant’s read marker moved',
    payload: {
      type: 'object',
      required: ['ticket_id', 'user_id', 'message_id'],
      properties: {
        ticket_id: { type: 'string', format: 'uuid' },
        user_id: { type: 'string', format: 'uuid' },
        message_id: { type: 'string', format: 'uuid' },
      },
    },
  },
  ticket_updated: {
    summary: 'The ticket’s status, priority or assignee changed (by any route)',
    payload: ref('TicketResponse'),
  },
};

const SCHEMA_REF = '#/components/schemas/';

/** Every schema name a node refers to, at any depth. */
function refsOf(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const item of node) refsOf(item, into);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMA_REF))
        into.add(value.slice(SCHEMA_REF.length));
      else refsOf(value, into);
    }
  }
  return into;
}

/**
 * The named OpenAPI schemas plus every schema they (or `own`) refer to, however deep: the socket
 * models refer to shared ones (Role, TicketStatus) that must travel with them. A name found
 * nowhere throws, so the document is never served with a dangling reference.
 */
export function withReferencedSchemas(
  all: Record<string, unknown>,
  names: readonly string[],
  own: Record<string, unknown>,
): Record<string, unknown> {
  const schemas: Record<string, unknown> = { ...own };
  const pending = [...names, ...refsOf(own, new Set())];
  for (let name = pending.shift(); name !== undefined; name = pending.shift()) {
    if (name in schemas) continue;
    const schema = all[name];
    if (schema === undefined)
      throw new Error(`AsyncAPI: no schema ${name} in the OpenAPI document`);
    schemas[name] = schema;
    pending.push(...refsOf(schema, new Set()));
  }
  return schemas;
}

export function buildAsyncApiDocument(openapi: OpenAPIObject): Record<string, unknown> {
  const schemas = withReferencedSchemas(openapi.components?.schemas ?? {}, CHAT_MODELS, {
    AckError: ackError,
  });
  const messages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const event of CLIENT_EVENTS) {
    messages[event.name] = {
      name: event.name,
      summary: event.summary,
      payload: ref(event.payload),
    };
    messages[`${event.name}Ack`] = { name: `${event.name} acknowledgement`, payload: event.ack };
    operations[event.name] = {
      action: 'receive',
      summary: event.summary,
      channel: { $ref: '#/channels/chat' },
      messages: [{ $ref: `#/channels/chat/messages/${event.name}` }],
      reply: { messages: [{ $ref: `#/channels/chat/messages/${event.name}Ack` }] },
    };
  }
  for (const [name, event] of Object.entries(SERVER_EVENTS)) {
    const key = `server_${name}`;
    messages[key] = { name, summary: event.summary, payload: event.payload };
    operations[`emit_${name}`] = {
      action: 'send',
      summary: event.summary,
      channel: { $ref: '#/channels/chat' },
      messages: [{ $ref: `#/channels/chat/messages/${key}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Support Ticket System chat',
      version: '1.0.0',
      description:
        'Socket.IO namespace /chat (path /socket.io, WebSocket or long-polling). Connect with the ' +
        'access token in auth.token, an Authorization: Bearer header, or ?token=. A refused ' +
        'connection gets connect_error "Unauthorized", "Not found" (optional ?ticket_id= not ' +
        'joinable) or "Too many connections". Every client event takes an acknowledgement.',
    },
    servers: {
      api: {
        host: 'localhost:3000',
        protocol: 'ws',
        pathname: '/socket.io',
        security: [{ $ref: '#/components/securitySchemes/accessToken' }],
      },
    },
    defaultContentType: 'application/json',
    channels: { chat: { address: '/chat', messages } },
    operations,
    components: {
      schemas,
      securitySchemes: {
        accessToken: {
          type: 'httpApiKey',
          name: 'token',
          in: 'query',
          description: 'The access token (also accepted as auth.token or a Bearer header)',
        },
      },
    },
  };
}
