// The AsyncAPI 3 document of the /chat namespace, rendered from the socket contract
// (src/chat/chat.contract.ts). Payload schemas are the OpenAPI components of the very classes the
// contract names, which the gateway validates and answers with, so the documents cannot drift.
import type { OpenAPIObject } from '@nestjs/swagger';
import {
  CHAT_MODELS,
  CLIENT_EVENTS,
  type ClientEventSpec,
  SERVER_EVENTS,
  type ServerEventSpec,
} from '@/chat/chat.contract';

export const ASYNCAPI_PATH = '/api/v1/asyncapi.json';

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
        status: {
          type: 'integer',
          description: 'HTTP-like status: 400, 403, 404, 409, 422, 429, 500',
        },
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
  // By name, so the committed document's diff shows changes, not a reordering.
  return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function buildAsyncApiDocument(openapi: OpenAPIObject): Record<string, unknown> {
  const schemas = withReferencedSchemas(
    openapi.components?.schemas ?? {},
    CHAT_MODELS.map((model) => model.name),
    { AckError: ackError },
  );
  const messages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const [name, event] of Object.entries<ClientEventSpec>(CLIENT_EVENTS)) {
    messages[name] = { name, summary: event.summary, payload: ref(event.payload.name) };
    const fields = Object.entries(event.ack).map(([field, model]): [string, unknown] => [
      field,
      typeof model === 'function' ? ref(model.name) : { type: 'array', items: ref(model[0].name) },
    ]);
    messages[`${name}Ack`] = {
      name: `${name} acknowledgement`,
      payload: ok(Object.fromEntries(fields)),
    };
    operations[name] = {
      action: 'receive',
      summary: event.summary,
      channel: { $ref: '#/channels/chat' },
      messages: [{ $ref: `#/channels/chat/messages/${name}` }],
      reply: { messages: [{ $ref: `#/channels/chat/messages/${name}Ack` }] },
    };
  }
  for (const [name, event] of Object.entries<ServerEventSpec>(SERVER_EVENTS)) {
    const key = `server_${name}`;
    messages[key] = { name, summary: event.summary, payload: ref(event.payload.name) };
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
