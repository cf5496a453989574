// Bad input, derived from the served OpenAPI document: for every operation, parameter and body
// field, hostile values of every type, missing and unknown fields, non-object and malformed JSON,
// wrong content types, duplicated query keys, unknown paths and methods; then the same for the
// socket events. Every refusal must be a 4xx problem document (an error ack on the socket), never
// a 5xx, a timeout or a dropped connection, and the database must hold only what was acknowledged.
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { AckBody, connectChat } from './factories/sockets';
import { createTicket, PROBLEM, ticketInput } from './factories/tickets';
import { bearer, createUser, login, TestUser, uniqueEmail } from './factories/users';
import { identityToken, WIDGET_SECRET, widgetUser } from './factories/widget';
import {
  closeFuzzAgent,
  HOSTILE_IDS,
  HOSTILE_QUERY_VALUES,
  HOSTILE_VALUES,
  RAW_IDS,
  RAW_QUERY_VALUES,
  rawRequest,
  RawResponse,
  SchemaOracle,
  StatusTally,
  Verdict,
  without,
} from './support/fuzz';
import { startTestApp, TestApp } from './support/test-app';

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Json;
}

interface Operation {
  key: string;
  method: string;
  path: string;
  parameters: Parameter[];
  bodySchema?: Json;
  /** Takes multipart/form-data (the upload route) instead of JSON. */
  multipart?: boolean;
  isPublic: boolean;
}

interface Baseline {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: Json;
  /** A multipart body (with FZ as its content type). */
  multipart?: Buffer;
}

/** Which table a successful call adds a row to (its id is in the answer). */
const CREATES: Record<string, (typeof TABLES)[number]> = {
  'POST /api/v1/csr/canned-responses': 'canned_responses',
  'POST /api/v1/auth/signup': 'users',
  'POST /api/v1/admin/users': 'users',
  'POST /api/v1/users/tickets': 'tickets',
  'POST /api/v1/tickets/{id}/messages': 'ticket_messages',
  'POST /api/v1/csr/tickets/{id}/notes': 'ticket_notes',
  'POST /api/v1/tickets/{id}/attachments': 'ticket_attachments',
};
const TABLES = [
  'users',
  'tickets',
  'ticket_messages',
  'ticket_notes',
  'canned_responses',
  'ticket_attachments',
] as const;

const part = (headers: string, bytes: string | Buffer = 'hello') =>
  Buffer.concat([
    Buffer.from(`--fz\r\n${headers}\r\n\r\n`),
    Buffer.from(bytes),
    Buffer.from('\r\n'),
  ]);
const FILE_HEADERS = 'Content-Disposition: form-data; name="file"; filename="f.txt"';
const END = Buffer.from('--fz--\r\n');
const FZ = 'multipart/form-data; boundary=fz';

/** Multipart variants for the upload route: [name, content type, body, expected statuses]. */
const MULTIPART_SHAPES: [string, string | undefined, string | Buffer, number[] | 'allowed'][] = [
  ['a JSON body', 'application/json', '{"file":"x"}', [415]],
  ['no content type', undefined, 'hello', [415]],
  ['text/plain', 'text/plain', 'hello', [415]],
  [
    'multipart without a boundary',
    'multipart/form-data',
    Buffer.concat([part(FILE_HEADERS), END]),
    [400],
  ],
  ['an empty multipart body', FZ, '', [400]],
  ['only the closing boundary', FZ, END, [400]],
  [
    'a field but no file',
    FZ,
    Buffer.concat([part('Content-Disposition: form-data; name="file"'), END]),
    [400],
  ],
  [
    'a file part of another name',
    FZ,
    Buffer.concat([part('Content-Disposition: form-data; name="other"; filename="a.txt"'), END]),
    [400],
  ],
  [
    'a part without Content-Disposition',
    FZ,
    Buffer.concat([part('Content-Type: text/plain'), END]),
    [400],
  ],
  ['two file parts', FZ, Buffer.concat([part(FILE_HEADERS), part(FILE_HEADERS), END]), 'allowed'],
  ['no closing boundary', FZ, part(FILE_HEADERS), [400]],
  ['cut inside the part headers', FZ, '--fz\r\nContent-Disposition: form-da', [400]],
  [
    'HTML bytes declared image/png',
    FZ,
    Buffer.concat([
      part(`${FILE_HEADERS}\r\nContent-Type: image/png`, '<html><script>x</script>'),
      END,
    ]),
    [415],
  ],
  [
    'binary bytes of no known type',
    FZ,
    Buffer.concat([part(FILE_HEADERS, Buffer.from([0, 1, 2, 3])), END]),
    [415],
  ],
  ['an empty file', FZ, Buffer.concat([part(FILE_HEADERS, ''), END]), 'allowed'],
  [
    'a huge part header',
    FZ,
    Buffer.concat([part(`${FILE_HEADERS}\r\nX-Pad: ${'x'.repeat(100_000)}`), END]),
    'allowed',
  ],
  ...(
    [
      ['path traversal', '../../etc/passwd'],
      ['a Windows path', 'C:\\x\\y.txt'],
      ['NUL', 'a\u0000b.txt'],
      ['control characters', '\u0001\u0007\u001b[31m.txt'],
      ['a huge name', 'x'.repeat(20_000)],
      ['unicode', 'Ünïcödé 🎫 中文.txt'],
      ['a lone surrogate', 'a\ud800b.txt'],
      ['only dots', '..'],
      ['a script tag', '<script>alert(1)</script>.txt'],
    ] as const
  ).map(([name, filename]): [string, string, Buffer, 'allowed'] => [
    `filename ${name}`,
    FZ,
    Buffer.concat([
      part(`Content-Disposition: form-data; name="file"; filename="${filename}"`),
      END,
    ]),
    'allowed',
  ]),
  [
    'filename* with percent-encoded UTF-8',
    FZ,
    Buffer.concat([
      part(`Content-Disposition: form-data; name="file"; filename*=UTF-8''%E2%82%AC%2F..%2Fx.txt`),
      END,
    ]),
    'allowed',
  ],
];

/** Whole-body variants: [name, content type, body, expected statuses]. */
const BODY_SHAPES: [string, string | undefined, string | Buffer, number[] | 'allowed'][] = [
  ['JSON array', 'application/json', '[]', [400]],
  ['JSON string', 'application/json', '"text"', [400]],
  ['JSON number', 'application/json', '42', [400]],
  ['JSON null', 'application/json', 'null', [400]],
  ['JSON true', 'application/json', 'true', [400]],
  ['empty JSON body', 'application/json', '', [400]],
  ['malformed JSON', 'application/json', '{"a":', [400]],
  ['trailing garbage', 'application/json', '{}x', [400]],
  ['single quotes', 'application/json', "{'a': 1}", [400]],
  [
    'deeply nested object',
    'application/json',
    `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
    [400],
  ],
  ['deeply nested array', 'application/json', `${'['.repeat(20_000)}${']'.repeat(20_000)}`, [400]],
  ['__proto__ key', 'application/json', '{"__proto__":{"role":"admin"}}', [400]],
  ['constructor.prototype', 'application/json', '{"constructor":{"prototype":{"a":1}}}', [400]],
  ['body over 100 kB', 'application/json', `{"a":"${'x'.repeat(110_000)}"}`, [413]],
  ['text/plain', 'text/plain', 'hello', [415]],
  ['XML', 'application/xml', '<ticket><title>x</title></ticket>', [415]],
  ['XML as text/xml', 'text/xml', '<a/>', [415]],
  ['form-urlencoded', 'application/x-www-form-urlencoded', 'title=x&role=admin', [415]],
  ['lone surrogate', 'application/json', '{"a":"\\ud800"}', [400]],
  ['multipart', 'multipart/form-data; boundary=x', '--x\r\n\r\nx\r\n--x--', [415]],
  ['unknown media type', 'application/octet-stream', Buffer.from([0, 1, 2]), [415]],
  ['no content type', undefined, '{"a":1}', [400, 415]],
  ['JSON in UTF-16', 'application/json; charset=utf-16', '{}', 'allowed'],
];

describe('Fuzzing every operation of the OpenAPI document', () => {
  let t: TestApp;
  let admin: TestUser;
  let csr: TestUser;
  let loginUser: TestUser;
  let target: TestUser;
  let ticketId: string;
  let closableId: string;
  let messageId: string;
  let attachmentId: string;
  let oracle: SchemaOracle;
  let operations: Operation[];
  let refreshToken: string;
  let canned: { id: string; short_code: string };
  /** Resolved and the admin's: rating it succeeds once (the final baseline gets a fresh one). */
  let ratableId: string;
  let deletable: { id: string; short_code: string };
  /** An endpoint on a loopback address the guard refuses: deliveries fail without traffic. */
  let webhook: { id: string; delivery_id: string };
  let deletableWebhook: string;
  const before = new Map<string, Set<string>>();
  const acknowledged = new Map<string, Set<string>>(TABLES.map((table) => [table, new Set()]));
  const sockets: Socket[] = [];

  const ids = async (table: string) =>
    new Set(
      (await t.dataSource.query<{ id: string }[]>(`SELECT id::text AS id FROM ${table}`)).map(
        (row) => row.id,
      ),
    );

  beforeAll(async () => {
    t = await startTestApp({
      LOGIN_MAX_FAILURES: '1000',
      LOGIN_MAX_FAILURES_PER_IP: '100000',
      WIDGET_IDENTITY_SECRET: WIDGET_SECRET,
    });
    admin = await createUser(t, 'admin');
    csr = await createUser(t, 'csr');
    loginUser = await createUser(t);
    target = await createUser(t);
    // The admin owns the fixtures, so every door (owner, participant, queue) is open to them.
    ticketId = (await createTicket(t, admin)).id;
    closableId = (await createTicket(t, admin)).id;
    const posted = await rawRequest(
      t.url,
      'POST',
      `/api/v1/tickets/${ticketId}/messages`,
      { ...bearer(admin.accessToken), 'content-type': 'application/json' },
      JSON.stringify({ content: 'first' }),
    );
    messageId = (JSON.parse(posted.text) as { id: string }).id;
    refreshToken = (await login(t.url, loginUser.email, loginUser.password)).refreshToken;
    canned = await insertCannedResponse();
    ratableId = await resolvedTicket(true);
    deletable = await insertCannedResponse();
    webhook = await insertWebhook();
    deletableWebhook = (await insertWebhook()).id;
    const file = await rawRequest(
      t.url,
      'POST',
      `/api/v1/tickets/${ticketId}/attachments`,
      { ...bearer(admin.accessToken), 'content-type': FZ },
      Buffer.concat([part(FILE_HEADERS), END]),
    );
    attachmentId = (JSON.parse(file.text) as { id: string }).id;
    // The widget baseline signs this visitor in again and again: it exists before the count.
    await widgetUser(t, { identity_token: fuzzIdentity() });

    const served = await rawRequest(t.url, 'GET', '/api/v1/openapi.json');
    const document = JSON.parse(served.text) as {
      paths: Record<string, Record<string, Json>>;
      components: Json;
    };
    // Passwords are 8–72 UTF-8 bytes everywhere; only signup's schema says so in its description.
    oracle = new SchemaOracle(document.components, ['password']);
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, operation]): Operation => {
          const content = (operation.requestBody as Json | undefined)?.content as
            Record<string, { schema: Json }> | undefined;
          const security = (operation.security as Json[] | undefined) ?? [];
          return {
            key: `${method.toUpperCase()} ${path}`,
            method: method.toUpperCase(),
            path,
            parameters: (operation.parameters as Parameter[] | undefined) ?? [],
            bodySchema: content?.['application/json']?.schema,
            multipart: content?.['multipart/form-data'] !== undefined,
            isPublic: security.length === 0 || security.some((s) => Object.keys(s).length === 0),
          };
        }),
    );
    for (const table of TABLES) before.set(table, await ids(table));
  });

  afterEach(() => {
    while (sockets.length > 0) sockets.pop()?.close();
  });

  afterAll(async () => {
    closeFuzzAgent();
    await t.close();
  });

  const insertCannedResponse = async () =>
    (
      await t.dataSource.query<{ id: string; short_code: string }[]>(
        `INSERT INTO canned_responses (short_code, title, content, created_by)
         VALUES ($1, 'Fuzz', 'Hi {{user.full_name}}', $2) RETURNING id, short_code`,
        [`fuzz_${randomUUID().slice(0, 8)}`, admin.id],
      )
    )[0]!;

  const insertWebhook = async () => {
    const [endpoint] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO webhook_endpoints (url, events, secret)
       VALUES ('https://127.0.0.1:9/fuzz', '{csat.submitted}', 'whsec_ZnV6emZ1enpmdXp6ZnV6emZ1enpmdXp6')
       RETURNING id`,
    );
    const [delivered] = await t.dataSource.query<{ id: string }[]>(
      `WITH e AS (
         INSERT INTO webhook_events (id, type, body, created_at)
         VALUES (gen_random_uuid(), 'ping', '{}', now()) RETURNING id
       )
       INSERT INTO webhook_deliveries (endpoint_id, event_id, status, finished_at)
       SELECT $1, e.id, 'failed', now() FROM e RETURNING id`,
      [endpoint!.id],
    );
    return { id: endpoint!.id, delivery_id: delivered!.id };
  };

  /** A new ticket of the admin's, resolved through the CSR route (its creation acknowledged). */
  async function resolvedTicket(fixture = false): Promise<string> {
    const { id } = await createTicket(t, admin);
    if (!fixture) acknowledged.get('tickets')?.add(id);
    await rawRequest(
      t.url,
      'PATCH',
      `/api/v1/csr/tickets/${id}`,
      { ...bearer(admin.accessToken), 'content-type': 'application/json' },
      JSON.stringify({ status: 'resolved' }),
    );
    return id;
  }

  /**
   * Operations whose success can happen once per fixture: the final baseline gets a fresh one
   * (the cases before it may have used the first up).
   */
  const FRESH_BASELINES: Record<string, () => Promise<Baseline>> = {
    'DELETE /api/v1/csr/canned-responses/{id}': async () => ({
      params: { id: (await insertCannedResponse()).id },
    }),
    'DELETE /api/v1/admin/webhooks/{id}': async () => ({
      params: { id: (await insertWebhook()).id },
    }),
    'POST /api/v1/users/tickets/{id}/satisfaction': async () => ({
      params: { id: await resolvedTicket() },
      body: { rating: 5 },
    }),
  };

  const fuzzIdentity = () => identityToken({ sub: 'fuzz-visitor', name: 'Fuzz' });

  /** A request every operation answers with success; the cases change one thing in it. */
  function baseline(op: Operation): Baseline {
    const ticket = { id: ticketId };
    switch (op.key) {
      case 'GET /health/live':
      case 'GET /health/ready':
      case 'GET /api/v1/users/me':
      case 'GET /api/v1/admin/users':
      case 'GET /api/v1/users/tickets':
      case 'GET /api/v1/csr/tickets':
        return {};
      case 'POST /api/v1/auth/signup':
        return {
          body: { email: uniqueEmail('fuzz'), password: 'plain sailing 77', full_name: 'F' },
        };
      case 'POST /api/v1/auth/login':
        return { body: { email: loginUser.email, password: loginUser.password } };
      case 'POST /api/v1/auth/refresh':
      case 'POST /api/v1/auth/logout':
        return { body: { refresh_token: refreshToken } };
      case 'POST /api/v1/admin/users':
        return {
          body: {
            email: uniqueEmail('fuzz'),
            password: 'plain sailing 77',
            full_name: 'F',
            role: 'user',
          },
        };
      case 'PATCH /api/v1/admin/users/{id}':
        return { params: { id: target.id }, body: { full_name: 'Target' } };
      case 'POST /api/v1/users/tickets':
        return { body: ticketInput() };
      case 'GET /api/v1/users/tickets/{id}':
      case 'GET /api/v1/csr/tickets/{id}':
      case 'GET /api/v1/csr/tickets/{id}/events':
      case 'GET /api/v1/tickets/{id}/messages':
      case 'GET /api/v1/tickets/{id}/reads':
      case 'GET /api/v1/csr/tickets/{id}/notes':
        return { params: ticket };
      case 'PATCH /api/v1/users/tickets/{id}':
        return { params: { id: closableId }, body: { status: 'closed' } };
      case 'PATCH /api/v1/csr/tickets/{id}':
        return { params: ticket, body: { priority: 'high' } };
      case 'POST /api/v1/csr/tickets/{id}/assign':
        return { params: ticket, body: { assignee_id: csr.id } };
      case 'POST /api/v1/tickets/{id}/messages':
        return { params: ticket, body: { content: 'fuzz baseline' } };
      case 'POST /api/v1/csr/tickets/{id}/notes':
        return { params: ticket, body: { content: 'fuzz note', mentions: [csr.id] } };
      case 'GET /api/v1/csr/agents':
        return {};
      case 'PUT /api/v1/csr/me/presence':
        return { body: { availability: 'online' } };
      case 'PUT /api/v1/csr/tickets/{id}/tags':
        return { params: ticket, body: { tags: ['fuzz', 'Baseline'] } };
      case 'GET /api/v1/csr/canned-responses':
      case 'GET /api/v1/csr/satisfaction':
      case 'GET /api/v1/admin/reports/summary':
      case 'GET /api/v1/admin/reports/agents':
        return {};
      case 'POST /api/v1/csr/canned-responses':
        return {
          body: { short_code: `f_${randomUUID().slice(0, 8)}`, title: 'Fuzz', content: 'Hello' },
        };
      case 'GET /api/v1/csr/canned-responses/{id}':
        return { params: { id: canned.id } };
      case 'DELETE /api/v1/csr/canned-responses/{id}':
        return { params: { id: deletable.id } };
      case 'PATCH /api/v1/csr/canned-responses/{id}':
        return { params: { id: canned.id }, body: { title: 'Fuzz' } };
      case 'GET /api/v1/csr/tickets/{id}/canned-responses/{short_code}':
        return { params: { ...ticket, short_code: canned.short_code } };
      case 'POST /api/v1/users/tickets/{id}/satisfaction':
        return { params: { id: ratableId }, body: { rating: 4 } };
      case 'POST /api/v1/tickets/{id}/attachments':
        return {
          params: ticket,
          multipart: Buffer.concat([part(FILE_HEADERS, 'fuzz baseline'), END]),
        };
      case 'GET /api/v1/attachments/{id}':
        return { params: { id: attachmentId } };
      case 'GET /api/v1/admin/sla':
        return {};
      case 'GET /api/v1/csr/search':
      case 'GET /api/v1/users/search':
        return { query: { q: 'printer "on fire" or -toner' } };
      case 'PUT /api/v1/admin/sla':
        return { body: { enabled: false, timezone: 'Europe/Berlin', business_hours: null } };
      case 'GET /api/v1/admin/webhooks':
        return {};
      case 'POST /api/v1/admin/webhooks':
        return { body: { url: 'https://127.0.0.1:9/fuzz', events: ['csat.submitted'] } };
      case 'GET /api/v1/admin/webhooks/{id}':
      case 'POST /api/v1/admin/webhooks/{id}/rotate-secret':
      case 'POST /api/v1/admin/webhooks/{id}/test':
      case 'GET /api/v1/admin/webhooks/{id}/deliveries':
        return { params: { id: webhook.id } };
      case 'PATCH /api/v1/admin/webhooks/{id}':
        return { params: { id: webhook.id }, body: { description: 'fuzz' } };
      case 'DELETE /api/v1/admin/webhooks/{id}':
        return { params: { id: deletableWebhook } };
      case 'GET /api/v1/admin/webhooks/{id}/deliveries/{delivery_id}':
      case 'POST /api/v1/admin/webhooks/{id}/deliveries/{delivery_id}/retry':
        return { params: webhook };
      case 'POST /api/v1/widget/session':
        return { body: { identity_token: fuzzIdentity() } };
      case 'GET /api/v1/widget/status':
        return {};
      default:
        throw new Error(`no baseline for ${op.key}: add one`);
    }
  }

  function url(op: Operation, params: Record<string, string> = {}, query = ''): string {
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(params[name] ?? ''),
    );
    return query === '' ? path : `${path}?${query}`;
  }

  const encodeQuery = (query: Record<string, string> = {}) =>
    Object.entries(query)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
      .join('&');

  const CONCURRENCY = 4;
  let active = 0;
  const waiting: (() => void)[] = [];

  /** Runs `task` when one of CONCURRENCY slots is free; a finished task hands its slot on. */
  async function inSlot<T>(task: () => Promise<T>): Promise<T> {
    if (active < CONCURRENCY) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next === undefined) active--;
      else next();
    }
  }

  interface Outcome {
    tally: StatusTally;
    failures: string[];
  }

  async function attempt(
    outcome: Outcome,
    op: Operation,
    name: string,
    path: string,
    expected: Verdict | number[],
    contentType?: string,
    body?: string | Buffer,
  ): Promise<RawResponse> {
    const headers: Record<string, string> = op.isPublic ? {} : bearer(admin.accessToken);
    if (contentType !== undefined) headers['content-type'] = contentType;
    let response: RawResponse;
    try {
      response = await inSlot(() => rawRequest(t.url, op.method, path, headers, body));
    } catch (error) {
      // A reset or hang-up is never an answer.
      outcome.tally.add('no answer');
      outcome.failures.push(`${op.key} — ${name}: ${(error as Error).message}`);
      return { status: 0, headers: {}, text: '' };
    }
    outcome.tally.add(response.status);
    const where = `${op.key} — ${name}: ${response.status}`;
    const isProblem = PROBLEM.test(String(response.headers['content-type']));
    if (response.status >= 500 || response.status < 200) {
      outcome.failures.push(`${where} ${response.text.slice(0, 200)}`);
    } else if (response.status >= 400 && !isProblem) {
      outcome.failures.push(`${where} without a problem document`);
    } else if (expected === 'invalid' && response.status < 400) {
      outcome.failures.push(`${where}, but the input breaks the schema: expected a 4xx`);
    } else if (Array.isArray(expected) && !expected.includes(response.status)) {
      outcome.failures.push(`${where}, expected ${expected.join(' or ')}`);
    }
    if (response.status < 300) {
      const table = CREATES[op.key];
      if (table !== undefined) {
        acknowledged.get(table)?.add((JSON.parse(response.text) as { id: string }).id);
      }
      // A refresh token is spent by a successful refresh or logout: take a fresh one.
      if (/\/auth\/(refresh|logout)$/.test(op.path)) {
        refreshToken = (await login(t.url, loginUser.email, loginUser.password)).refreshToken;
      }
    }
    return response;
  }

  async function fuzzOperation(op: Operation, outcome: Outcome): Promise<void> {
    const base = () => baseline(op);
    // Started at once, run four at a time; the baseline goes last, alone.
    const pending: Promise<unknown>[] = [];
    const json = 'application/json';
    const send = (name: string, path: string, expected: Verdict | number[], body?: unknown) =>
      attempt(
        outcome,
        op,
        name,
        path,
        expected,
        body === undefined ? undefined : json,
        body === undefined ? undefined : JSON.stringify(body),
      );

    // Path parameters: never a valid id of anything. A key that is not a UUID (a short code)
    // may happen to name something, so the oracle judges those.
    for (const parameter of op.parameters.filter((p) => p.in === 'path')) {
      for (const [name, value] of HOSTILE_IDS) {
        const b = base();
        pending.push(
          send(
            `path ${parameter.name} ${name}`,
            url(op, { ...b.params, [parameter.name]: value }, encodeQuery(b.query)),
            parameter.schema.format === 'uuid'
              ? 'invalid'
              : oracle.parameter(parameter.schema, true, value),
            b.body,
          ),
        );
      }
      for (const [name, raw] of RAW_IDS) {
        const b = base();
        const path = url(op, { ...b.params, [parameter.name]: 'RAW' }).replace('RAW', raw);
        pending.push(send(`path ${parameter.name} ${name}`, path, 'invalid', b.body));
      }
    }

    // Query parameters: hostile values, duplicated keys, unknown keys.
    const queryParameters = op.parameters.filter((p) => p.in === 'query');
    for (const parameter of queryParameters) {
      for (const [name, value] of HOSTILE_QUERY_VALUES) {
        const b = base();
        const query = encodeQuery({ ...b.query, [parameter.name]: value });
        pending.push(
          send(
            `query ${parameter.name} ${name}`,
            url(op, b.params, query),
            // An empty value reads as absent (or as zero): harmless, so not held against it.
            value === ''
              ? 'allowed'
              : oracle.parameter(parameter.schema, parameter.required === true, value),
            b.body,
          ),
        );
      }
      for (const [name, raw] of RAW_QUERY_VALUES) {
        const b = base();
        const query = [encodeQuery(b.query), `${parameter.name}=${raw}`].filter(Boolean).join('&');
        // Whatever the parser makes of it, the answer is a refusal or an ordinary page.
        pending.push(
          send(`query ${parameter.name} ${name}`, url(op, b.params, query), 'allowed', b.body),
        );
      }
      const b = base();
      const given = oracle.resolve(parameter.schema).example;
      const example = typeof given === 'string' || typeof given === 'number' ? String(given) : '1';
      pending.push(
        send(
          `query ${parameter.name} duplicated`,
          url(op, b.params, `${parameter.name}=${encodeURIComponent(example)}&${parameter.name}=2`),
          'allowed',
          b.body,
        ),
      );
      pending.push(
        send(
          `query ${parameter.name} as a bracket array`,
          url(op, b.params, `${parameter.name}[]=1`),
          'invalid',
          b.body,
        ),
      );
    }
    {
      const b = base();
      pending.push(
        send(
          'unknown query parameter',
          url(op, b.params, 'bogus=1'),
          // Routes without a query DTO have nothing to refuse it with.
          queryParameters.length > 0 ? 'invalid' : 'allowed',
          b.body,
        ),
      );
    }

    // Body fields: hostile values of every type, missing and unknown fields.
    const schema = op.bodySchema === undefined ? undefined : oracle.resolve(op.bodySchema);
    if (op.bodySchema !== undefined && schema !== undefined) {
      const properties = Object.keys((schema.properties as Json | undefined) ?? {});
      const required = (schema.required as string[] | undefined) ?? [];
      for (const field of properties) {
        for (const [name, value] of HOSTILE_VALUES) {
          const b = base();
          const body = { ...b.body, [field]: value };
          pending.push(
            send(
              `body ${field} ${name}`,
              url(op, b.params),
              oracle.body(op.bodySchema, body),
              body,
            ),
          );
        }
        const b = base();
        const rest = without(b.body ?? {}, field);
        pending.push(
          send(
            `body without ${field}`,
            url(op, b.params),
            required.includes(field) ? 'invalid' : oracle.body(op.bodySchema, rest),
            rest,
          ),
        );
      }
      for (const extra of ['unknown_field', 'role', 'user_id', 'is_admin']) {
        if (properties.includes(extra)) continue;
        const b = base();
        pending.push(
          send(`body with ${extra}`, url(op, b.params), 'invalid', { ...b.body, [extra]: 'x' }),
        );
      }
      for (const [name, contentType, body, expected] of BODY_SHAPES) {
        pending.push(
          attempt(outcome, op, name, url(op, base().params), expected, contentType, body),
        );
      }
      const b = base();
      const duplicated = `${JSON.stringify(b.body).slice(0, -1)},"unknown_field":1,"unknown_field":2}`;
      pending.push(
        attempt(
          outcome,
          op,
          'duplicated JSON keys',
          url(op, b.params),
          'invalid',
          json,
          duplicated,
        ),
      );
    } else if (op.multipart === true) {
      for (const [name, contentType, body, expected] of MULTIPART_SHAPES) {
        pending.push(
          attempt(outcome, op, name, url(op, base().params), expected, contentType, body),
        );
      }
    } else if (op.method === 'GET') {
      const b = base();
      pending.push(
        attempt(
          outcome,
          op,
          'a JSON body on GET',
          url(op, b.params),
          'allowed',
          json,
          '{"role":"admin"}',
        ),
      );
    }

    await Promise.all(pending);

    // Last, the untouched request must succeed: the refusals above were about what was changed.
    const fresh = FRESH_BASELINES[op.key];
    const b = fresh === undefined ? base() : await fresh();
    if (b.multipart !== undefined) {
      await attempt(outcome, op, 'baseline', url(op, b.params), [201], FZ, b.multipart);
      return;
    }
    await send('baseline', url(op, b.params, encodeQuery(b.query)), [200, 201, 202, 204], b.body);
  }

  it('answers every hostile request to every operation with a 4xx problem document, never a 5xx', async () => {
    const outcome: Outcome = { tally: new StatusTally(), failures: [] };
    for (const op of operations) await fuzzOperation(op, outcome);
    console.log(
      `fuzz (HTTP): ${outcome.tally.total} cases over ${operations.length} operations; statuses: ${outcome.tally.toString()}`,
    );
    expect(outcome.failures).toEqual([]);
    // Every operation, thousands of cases: minutes on a busy 2-core machine.
  }, 300_000);

  it('answers unknown paths and unsupported methods with a 404 or 405 problem document', async () => {
    const outcome: Outcome = { tally: new StatusTally(), failures: [] };
    const unknown: Operation = {
      key: 'unknown',
      method: 'GET',
      path: '',
      parameters: [],
      isPublic: false,
    };
    const paths = [
      '/',
      '/api',
      '/api/v1',
      '/api/v1/nope',
      '/api/v2/users/me',
      `/api/v1/users/tickets/${ticketId}/nope`,
      '/api/v1/users/me/..%2f..%2fhealth',
      '/api/v1/%00',
      `/api/v1/${'a'.repeat(5_000)}`,
      '/health',
      '/health/live/x',
    ];
    for (const path of paths) {
      await attempt(outcome, unknown, `GET ${path.slice(0, 60)}`, path, [404]);
    }
    for (const path of ['/api/v1/%zz', '/api/v1/users/tickets/%E0%A4%A', '/%']) {
      await attempt(outcome, unknown, `GET ${path} (cannot be decoded)`, path, [400]);
    }
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
    const byPath = new Map<string, Set<string>>();
    for (const op of operations) {
      byPath.set(op.path, (byPath.get(op.path) ?? new Set()).add(op.method));
    }
    for (const [path, allowed] of byPath) {
      for (const method of methods.filter((m) => !allowed.has(m))) {
        const op: Operation = {
          key: `${method} ${path}`,
          method,
          path,
          parameters: [],
          isPublic: false,
        };
        await attempt(
          outcome,
          op,
          'unsupported method',
          url(op, { id: ticketId }),
          [404, 405],
          'application/json',
          '{}',
        );
      }
    }
    console.log(
      `fuzz (unknown paths and methods): ${outcome.tally.total} cases; statuses: ${outcome.tally.toString()}`,
    );
    expect(outcome.failures).toEqual([]);
  });

  it('answers every malformed socket event with an error ack, never a crash or silence', async () => {
    const tally = new StatusTally();
    const failures: string[] = [];
    const events: Record<string, [string, Json]> = {
      join: ['JoinDto', { ticket_id: ticketId }],
      leave: ['TicketRefDto', { ticket_id: ticketId }],
      message: ['SendMessageDto', { ticket_id: ticketId, content: 'socket fuzz' }],
      typing: ['TypingDto', { ticket_id: ticketId, is_typing: true }],
      read: ['ReadDto', { ticket_id: ticketId, message_id: messageId }],
      note: ['SendNoteDto', { ticket_id: ticketId, content: 'socket fuzz note' }],
    };
    let socket = await connectChat(t.url, { token: admin.accessToken });
    sockets.push(socket);
    let sent = 0;
    const emit = async (
      event: string,
      args: unknown[],
      name: string,
      expected: Verdict | number[],
    ): Promise<void> => {
      // 20 messages per 10 s per socket: a fresh socket now and then keeps 429 out of the way.
      if ((event === 'message' || event === 'note') && ++sent % 15 === 0) {
        socket.close();
        socket = await connectChat(t.url, { token: admin.accessToken });
        sockets.push(socket);
      }
      const where = `${event} — ${name}`;
      let answer: AckBody;
      try {
        answer = (await socket.timeout(5_000).emitWithAck(event, ...args)) as AckBody;
      } catch {
        tally.add('no ack');
        failures.push(`${where}: no acknowledgement within 5 s`);
        return;
      }
      const status = answer.ok ? 200 : (answer.error?.status ?? 0);
      tally.add(status);
      if (status >= 500 || status === 0) failures.push(`${where}: ${JSON.stringify(answer)}`);
      else if (expected === 'invalid' && answer.ok)
        failures.push(`${where}: ok, expected an error`);
      else if (Array.isArray(expected) && !expected.includes(status)) {
        failures.push(`${where}: ${status}, expected ${expected.join(' or ')}`);
      }
      if (event === 'message' && answer.ok) {
        acknowledged.get('ticket_messages')?.add((answer.message as { id: string }).id);
      }
      if (event === 'note' && answer.ok) {
        acknowledged.get('ticket_notes')?.add((answer.note as { id: string }).id);
      }
    };

    for (const [event, [schemaName, base]] of Object.entries(events)) {
      const schema = { $ref: `#/components/schemas/${schemaName}` };
      const resolved = oracle.resolve(schema);
      const required = (resolved.required as string[] | undefined) ?? [];
      for (const field of Object.keys(resolved.properties as Json)) {
        for (const [name, value] of HOSTILE_VALUES) {
          const payload = { ...base, [field]: value };
          await emit(event, [payload], `${field} ${name}`, oracle.body(schema, payload));
        }
        const rest = without(base, field);
        await emit(
          event,
          [rest],
          `without ${field}`,
          required.includes(field) ? 'invalid' : 'allowed',
        );
      }
      await emit(event, [{ ...base, unknown_field: 1 }], 'unknown field', 'invalid');
      await emit(event, [{ ...base, ticket_id: randomUUID() }], 'unknown ticket', [404]);
      for (const [name, payload] of [
        ['a string', 'text'],
        ['a number', 42],
        ['null', null],
        ['true', true],
        ['an array', [base]],
        ['a deeply nested object', JSON.parse(`${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`)],
      ] as [string, unknown][]) {
        await emit(event, [payload], `payload is ${name}`, [400]);
      }
      await emit(event, [], 'no payload', [400]);
      await emit(event, [base, 'extra argument'], 'an extra argument', 'allowed');
    }
    for (const event of ['bogus', 'toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      await emit(event, [{ ticket_id: ticketId }], 'unknown event', [404]);
    }
    expect(socket.connected).toBe(true);
    // The server is still answering, on HTTP and on a fresh socket.
    const health = await rawRequest(t.url, 'GET', '/health/ready');
    expect(health.status).toBe(200);
    await emit('join', [{ ticket_id: ticketId }], 'valid join at the end', [200]);
    console.log(`fuzz (socket): ${tally.total} events; answers: ${tally.toString()}`);
    expect(failures).toEqual([]);
  });

  it('leaves in the database only the rows whose creation was acknowledged', async () => {
    for (const table of TABLES) {
      const now = await ids(table);
      const added = [...now].filter((id) => !before.get(table)?.has(id)).sort();
      expect([table, added]).toEqual([table, [...(acknowledged.get(table) ?? [])].sort()]);
    }
    const counts = TABLES.map((table) => `${table} +${acknowledged.get(table)?.size ?? 0}`);
    console.log(`fuzz: rows added, all acknowledged: ${counts.join(', ')}`);
  });
});
