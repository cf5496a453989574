// Checks every HTTP response the app sends during e2e tests against the OpenAPI document it
// serves: the route and status must be declared, the content type must match, and the body must
// match the declared schema. Violations fail the suite when its app closes.
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildContract } from '@/docs/docs';

type Json = Record<string, unknown>;

/** Served by the docs setup itself, not by controllers. */
const DOC_ROUTES = new Set([
  '/api/v1/openapi.json',
  '/api/v1/openapi.yaml',
  '/api/v1/asyncapi.json',
  '/redoc',
  '/redoc/redoc.standalone.js',
]);

function rebaseRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebaseRefs);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Json).map(([key, value]) =>
      key === '$ref' && typeof value === 'string'
        ? [key, `openapi.json${value}`]
        : [key, rebaseRefs(value)],
    ),
  );
}

export class ContractChecker {
  readonly violations: string[] = [];
  checked = 0;
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenAPIObject) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: 'openapi.json', components: document.components ?? {} });
  }

  static attach(app: NestFastifyApplication): ContractChecker {
    const checker = new ContractChecker(buildContract(app).openapi);
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onSend', (request, reply, payload, done) => {
        checker.check(
          request.method,
          request.routeOptions.url,
          request.url,
          reply.statusCode,
          String(reply.getHeader('content-type') ?? ''),
          payload,
        );
        done(null, payload);
      });
    return checker;
  }

  check(
    method: string,
    route: string | undefined,
    url: string,
    status: number,
    contentType: string,
    payload: unknown,
  ): void {
    if (method === 'HEAD' || method === 'OPTIONS') return;
    const path = url.split('?')[0] ?? url;
    if (route === undefined) {
      // No route matched: a 404 (or 405) problem for an unknown path, a 400 for one that cannot
      // be decoded.
      if (
        ![400, 404, 405].includes(status) ||
        !contentType.startsWith('application/problem+json')
      ) {
        this.violations.push(
          `${method} ${path}: unmatched route answered ${status} ${contentType}`,
        );
      }
      return;
    }
    if (DOC_ROUTES.has(route) || route.startsWith('/docs')) return;
    this.checked++;
    const where = `${method} ${route} → ${status}`;
    const openapiPath = route.replace(/:(\w+)/g, '{$1}');
    const operation = (this.document.paths[openapiPath] as Record<string, Json> | undefined)?.[
      method.toLowerCase()
    ];
    if (operation === undefined) {
      this.violations.push(`${where}: route not in the OpenAPI document`);
      return;
    }
    const response = (operation.responses as Record<string, Json>)[String(status)];
    if (response === undefined) {
      this.violations.push(`${where}: status not declared`);
      return;
    }
    const content = response.content as Record<string, { schema?: Json }> | undefined;
    const text = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload.toString() : '';
    if (content === undefined) {
      if (text.length > 0) {
        this.violations.push(`${where}: body sent where none is declared`);
      }
      return;
    }
    const mediaType = contentType.split(';')[0]?.trim() ?? '';
    const declared = content[mediaType];
    if (declared === undefined) {
      this.violations.push(
        `${where}: content type ${mediaType || '(none)'} not declared (${Object.keys(content).join(', ')})`,
      );
      return;
    }
    if (declared.schema === undefined || !mediaType.includes('json')) return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      this.violations.push(`${where}: body is not JSON`);
      return;
    }
    const key = `${openapiPath} ${method} ${status} ${mediaType}`;
    let validate = this.validators.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile(rebaseRefs(declared.schema) as Json);
      this.validators.set(key, validate);
    }
    if (!validate(body)) {
      this.violations.push(
        `${where}: body does not match the schema: ${this.ajv.errorsText(validate.errors)} — ${JSON.stringify(body).slice(0, 300)}`,
      );
    }
  }

  assertClean(): void {
    if (this.violations.length > 0) {
      throw new Error(
        `Responses outside the OpenAPI contract:\n${[...new Set(this.violations)].join('\n')}`,
      );
    }
  }
}
