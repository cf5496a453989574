// Bad input derived from the OpenAPI document: hostile values for every kind of field, a raw HTTP
// client that sends exactly the bytes and headers given, and a schema oracle that says which
// inputs the contract calls invalid (those must be refused with a 4xx) and which it allows.
import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Agent, request as httpRequest } from 'node:http';

type Json = Record<string, unknown>;

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/**
 * One HTTP request with exactly this method, path, headers and body (no client-side fixing), on
 * the shared keep-alive agent unless given another (`false`: a connection of its own).
 */
export function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
  connection: Agent | false = agent,
): Promise<RawResponse> {
  const url = new URL(base);
  // Node sends a DELETE's or GET's body without a length unless told: say it, or the bytes
  // would reach the server as the start of another request.
  const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { ...length, ...headers },
        agent: connection,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function closeFuzzAgent(): void {
  agent.destroy();
}

/** A copy of `object` without `key`. */
export function without(object: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([name]) => name !== key));
}

const nested = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

/** Hostile values of every JSON type, each named for the report. */
export const HOSTILE_VALUES: [string, unknown][] = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['zero', 0],
  ['negative number', -1],
  ['fraction', 1.5],
  ['huge number', 1e308],
  ['beyond safe integer', Number.MAX_SAFE_INTEGER + 2],
  ['int32 overflow', 2147483648],
  ['int64 underflow', -9223372036854775808],
  ['empty array', []],
  ['array of strings', ['open', 'closed']],
  ['empty object', {}],
  ['object', { a: 1 }],
  ['deeply nested object', nested(500)],
  ['prototype key', JSON.parse('{"__proto__":{"polluted":true}}')],
  ['empty string', ''],
  ['blank string', '   '],
  ['huge string', 'x'.repeat(20_000)],
  ['number as string', '42'],
  ['boolean as string', 'true'],
  ['unicode', 'Ünïcödé 🎫 中文 עברית'],
  ['right-to-left override', 'abc\u202edef'],
  ['zero-width space', '\u200b'],
  ['lone surrogate', 'a\ud800b'],
  ['NUL', 'a\u0000b'],
  ['control characters', '\u0001\u0007\u001b[31m\u007f'],
  ['newlines and tabs', 'line1\r\nline2\tend'],
  ['SQL quote', "' OR '1'='1"],
  ['SQL drop', "'; DROP TABLE tickets; --"],
  ['SQL sleep', '1; SELECT pg_sleep(5) --'],
  ['LIKE wildcards', '%_\\'],
  ['script tag', '<script>alert(1)</script>'],
  ['HTML attribute', '"><img src=x onerror=alert(1)>'],
  ['template syntax', '{{7*7}}${7*7}'],
  ['path traversal', '../../etc/passwd'],
  ['non-UUID', 'not-a-uuid'],
  ['UUID with SQL', "00000000-0000-4000-8000-000000000000' OR '1'='1"],
  ['nil UUID', '00000000-0000-0000-0000-000000000000'],
  ['unknown enum value', 'bogus'],
  ['enum in upper case', 'OPEN'],
  ['email-like', 'a@b.c'],
];

/** Query-string values (already strings), sent URL-encoded. */
export const HOSTILE_QUERY_VALUES: [string, string][] = [
  ['empty', ''],
  ['blank', '   '],
  ['huge', 'x'.repeat(5_000)],
  ['negative', '-1'],
  ['fraction', '1.5'],
  ['exponent', '1e309'],
  ['beyond int64', '99999999999999999999'],
  ['hex', '0x10'],
  ['not a number', 'abc'],
  ['unknown enum value', 'bogus'],
  ['list with an unknown value', 'open,bogus'],
  ['empty list items', ',,'],
  ['unicode', 'Ünïcödé 🎫'],
  ['NUL', 'a\u0000b'],
  ['SQL', "' OR 1=1 --"],
  ['script', '<script>alert(1)</script>'],
  ['non-UUID', 'not-a-uuid'],
  ['nil UUID', '00000000-0000-0000-0000-000000000000'],
  ['boolean word', 'yes'],
];

/** Query values sent as they are, without encoding: broken percent-encoding and UTF-8. */
export const RAW_QUERY_VALUES: [string, string][] = [
  ['broken percent-encoding', '%zz'],
  ['lone percent sign', '%'],
  ['invalid UTF-8', '%FF%FE'],
  ['encoded lone surrogate', '%ED%A0%80'],
  ['encoded NUL', '%00'],
];

/** Path parameter values; each is refused or not found, never a server error. */
export const HOSTILE_IDS: [string, string][] = [
  ['non-UUID', 'not-a-uuid'],
  ['number', '42'],
  ['SQL', "1' OR '1'='1"],
  ['UUID with SQL', "00000000-0000-4000-8000-000000000000' OR '1'='1"],
  ['too long', 'a'.repeat(90)],
  ['unicode', 'ü🎫'],
  ['NUL', '\u0000'],
  ['UUID without dashes', '3f1c2a9e8a614a369d0e1c5b3f4a2b7d'],
  ['UUID in braces', '{3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d}'],
  ['nil UUID', '00000000-0000-0000-0000-000000000000'],
  ['unknown UUID', '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d'],
];

/** Path parameter values sent without encoding. */
export const RAW_IDS: [string, string][] = [
  ['broken percent-encoding', '%zz'],
  ['invalid UTF-8', '%FF'],
  ['encoded lone surrogate', '%ED%A0%80'],
  ['encoded slash', '..%2F..%2Fadmin'],
];

/**
 * What the contract says about an input. `invalid`: it breaks the schema, so it must be refused
 * (4xx). `allowed`: the schema accepts it; the server may still refuse it (trimmed to nothing,
 * a common password, a rule the schema cannot state), but must never fail on it.
 */
export type Verdict = 'invalid' | 'allowed';

export class SchemaOracle {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
  private readonly coercing = new Ajv2020({
    strict: false,
    allErrors: true,
    verbose: true,
    coerceTypes: true,
  });
  private readonly cache = new Map<string, ValidateFunction>();

  /**
   * @param byteCounted fields whose lengths the server counts in UTF-8 bytes (JSON Schema counts
   *   characters), where the document cannot say so
   */
  constructor(
    private readonly components: Json,
    private readonly byteCounted: string[] = [],
  ) {
    for (const ajv of [this.ajv, this.coercing]) {
      addFormats(ajv);
      ajv.addSchema({ $id: 'openapi.json', components });
    }
  }

  /** A request body against its schema; the server refuses unknown fields, so the oracle does. */
  body(schema: Json, body: unknown): Verdict {
    return this.verdict(this.ajv, { ...this.resolve(schema), additionalProperties: false }, body);
  }

  /** One query or path parameter, as the string it arrives as. */
  parameter(schema: Json, required: boolean, value: string | undefined): Verdict {
    const wrapper = {
      type: 'object',
      properties: { value: schema },
      required: required ? ['value'] : [],
    };
    return this.verdict(this.coercing, wrapper, value === undefined ? {} : { value });
  }

  resolve(schema: Json): Json {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    const name = ref.split('/').pop() ?? '';
    return (this.components.schemas as Record<string, Json>)[name] ?? schema;
  }

  private verdict(ajv: Ajv2020, schema: Json, value: unknown): Verdict {
    const key = `${ajv === this.ajv ? 'b' : 'p'}${JSON.stringify(schema)}`;
    let validate = this.cache.get(key);
    if (validate === undefined) {
      validate = ajv.compile(rebase(schema) as Json);
      this.cache.set(key, validate);
    }
    if (validate(value)) return 'allowed';
    const errors = validate.errors ?? [];
    return errors.every((error) => isEmailFormat(error) || this.isByteCounted(error))
      ? 'allowed'
      : 'invalid';
  }

  /** A length the server counts in UTF-8 bytes, which JSON Schema cannot express. */
  private isByteCounted(error: ErrorObject): boolean {
    if (!['minLength', 'maxLength'].includes(error.keyword)) return false;
    const field = error.instancePath.split('/').pop() ?? '';
    const description = (error.parentSchema as { description?: unknown } | undefined)?.description;
    return this.byteCounted.includes(field) || /bytes/.test(String(description));
  }
}

/** Email syntax is a matter of taste between validators (internationalised local parts). */
const isEmailFormat = (error: ErrorObject) =>
  error.keyword === 'format' && (error.params as { format?: string }).format === 'email';

function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Json).map(([key, value]) =>
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? [key, `openapi.json${value}`]
        : [key, rebase(value)],
    ),
  );
}

/** Counts of statuses seen, printed as `400×12 404×3`. */
export class StatusTally {
  private readonly counts = new Map<string, number>();
  total = 0;

  add(status: number | string): void {
    const key = String(status);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
  }

  toString(): string {
    return [...this.counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
  }
}
