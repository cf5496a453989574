// Serves the contract: OpenAPI (JSON and YAML), AsyncAPI, Swagger UI at /docs and ReDoc at
// /redoc — all from installed packages, nothing fetched at run time.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { ASYNCAPI_PATH, buildAsyncApiDocument } from '@/docs/asyncapi';
import { buildOpenApiDocument, OPENAPI_PATH, OPENAPI_YAML_PATH } from '@/docs/openapi';

const REDOC_PAGE = `<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <title>Support Ticket System API</title>
    <meta name="viewport" content="width=device-width, initial-scale=1" />
  </head>
  <body>
    <redoc spec-url="${OPENAPI_PATH}"></redoc>
    <script src="/redoc/redoc.standalone.js"></script>
  </body>
</html>`;

export interface Contract {
  openapi: OpenAPIObject;
  asyncapi: Record<string, unknown>;
}

export function buildContract(app: NestFastifyApplication): Contract {
  const openapi = buildOpenApiDocument(app);
  return { openapi, asyncapi: buildAsyncApiDocument(openapi) };
}

/**
 * Registers the documentation routes. The contract is built on the first request that needs it,
 * not at boot: scanning every controller (and loading the YAML writer) is not on the way to
 * ready, and the document is the same whenever it is built, as the metadata does not change.
 */
export function setupDocs(app: NestFastifyApplication): void {
  let contract: Contract | undefined;
  const getContract = () => (contract ??= buildContract(app));
  let yaml: string | undefined;
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get(OPENAPI_PATH, (_request, reply) => reply.send(getContract().openapi));
  fastify.get(OPENAPI_YAML_PATH, async (_request, reply) => {
    if (yaml === undefined) {
      const { stringify } = await import('yaml');
      yaml = stringify(getContract().openapi);
    }
    return reply.type('application/yaml; charset=utf-8').send(yaml);
  });
  fastify.get(ASYNCAPI_PATH, (_request, reply) => reply.send(getContract().asyncapi));
  let redocBundle: Buffer | undefined;
  fastify.get('/redoc', (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(REDOC_PAGE),
  );
  fastify.get('/redoc/redoc.standalone.js', (_request, reply) => {
    redocBundle ??= readFileSync(require.resolve('redoc/bundles/redoc.standalone.js'));
    return reply.type('application/javascript; charset=utf-8').send(redocBundle);
  });
  SwaggerModule.setup('docs', app, () => getContract().openapi, {
    raw: false,
    customSiteTitle: 'Support Ticket System API',
    swaggerOptions: { persistAuthorization: true },
  });
}
