// Builds the OpenAPI 3.1 document from the controllers' decorators, then adds what every route
// shares (auth, rate-limit, outage and body errors) so no route can forget to declare them.
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { CHAT_MODELS } from '@/chat/chat.contract';
import {
  FieldErrorSchema,
  PROBLEM_DESCRIPTIONS,
  ProblemSchema,
} from '@/common/openapi/problem.schema';
import { webhookDocs } from '@/webhooks/webhook-docs';

export const OPENAPI_PATH = '/api/v1/openapi.json';
export const OPENAPI_YAML_PATH = '/api/v1/openapi.yaml';

const TAGS: [string, string][] = [
  ['auth', 'Sign-up, login, token refresh and logout'],
  ['users', 'The signed-in user'],
  ['tickets', 'A user’s own tickets'],
  ['csr', 'The support queue (CSR and admin roles)'],
  ['chat', 'Ticket conversations over HTTP (see /api/v1/asyncapi.json for the socket)'],
  ['admin', 'Account administration (admin role)'],
  ['webhooks', 'Webhook endpoints and their delivery log (admin role), and the events sent'],
  ['widget', 'The embeddable support widget: visitor sessions and agent status'],
  ['health', 'Liveness and readiness probes'],
];

type Json = Record<string, unknown>;

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  let builder = new DocumentBuilder()
    .setTitle('Support Ticket System API')
    .setDescription(
      'Tickets, a CSR queue and real-time chat. Errors are RFC 9457 application/problem+json.',
    )
    .setVersion('1.0.0')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .addServer('/', 'This server')
    .setOpenAPIVersion('3.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer');
  for (const [name, description] of TAGS) builder = builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    // The socket's payloads, so the AsyncAPI document can reuse their schemas.
    extraModels: [ProblemSchema, FieldErrorSchema, ...CHAT_MODELS],
    operationIdFactory: (controller, method) =>
      `${controller.replace(/Controller$/, '')}_${method}`,
  });
  addSharedResponses(document);
  return { ...(toOpenApi31(document) as OpenAPIObject), webhooks: webhookDocs() } as OpenAPIObject;
}

const problemResponse = (status: number) => ({
  description: PROBLEM_DESCRIPTIONS[status] ?? 'Error',
  content: {
    'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemSchema' } },
  },
});

function addSharedResponses(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (operation === undefined) continue;
      const shared = new Set<number>([500, 503]);
      if (path.startsWith('/api/')) shared.add(429);
      // Deny by default, as the global guard does: only @Public() routes go without a token.
      const extensions = operation as unknown as Record<string, unknown>;
      const isPublic = extensions['x-public'] === true;
      delete extensions['x-public'];
      if (isPublic) {
        // A public route that also reads a token when given one (logout) keeps it optional.
        operation.security =
          (operation.security ?? []).length > 0 ? [{}, ...(operation.security ?? [])] : [];
      } else {
        operation.security = [{ bearer: [] }];
        shared.add(401);
      }
      if ((operation.parameters ?? []).length > 0) shared.add(400);
      if (operation.requestBody !== undefined) [400, 413, 415].forEach((s) => shared.add(s));
      for (const status of [...shared].sort()) {
        operation.responses[String(status)] ??= problemResponse(status);
      }
    }
  }
}

/** @nestjs/swagger writes 3.0 `nullable`; 3.1 (JSON Schema 2020-12) spells it as a null type. */
export function toOpenApi31(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toOpenApi31);
  if (node === null || typeof node !== 'object') return node;
  const source = node as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key !== 'nullable') out[key] = toOpenApi31(value);
  }
  if (source.nullable !== true) return out;
  // A nullable model arrives as `type: object` beside `allOf: [$ref]`; the ref must become a choice.
  if (typeof out.type === 'string' && out.allOf === undefined) {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    return out;
  }
  const { description, ...schema } = out;
  if (schema.allOf !== undefined) delete schema.type;
  return {
    ...(description === undefined ? {} : { description }),
    anyOf: [schema, { type: 'null' }],
  };
}
