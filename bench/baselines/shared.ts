// What the raw node:http + pg baselines share: the same access-token check as the API (jsonwebtoken
// verify, then the session/role SQL of SessionsRepository.checkAccess), JSON in and out, and the
// settings the bench passes in the environment.
import { createSecretKey, KeyObject } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from 'jsonwebtoken';
import { Pool } from 'pg';

export interface BaselineSettings {
  databaseUrl: string;
  poolSize: number;
  /**
   * The HMAC key as a KeyObject: given a string, jsonwebtoken first tries (and fails) to parse it
   * as a public key on every call, an exception per request.
   */
  secret: KeyObject;
  algorithm: 'HS256' | 'HS384' | 'HS512';
}

export function settings(): BaselineSettings {
  const env = process.env;
  const algorithm = env.ALGORITHM ?? 'HS256';
  if (algorithm !== 'HS256' && algorithm !== 'HS384' && algorithm !== 'HS512') {
    throw new Error(`unsupported ALGORITHM ${algorithm}`);
  }
  return {
    databaseUrl: env.DATABASE_URL ?? '',
    poolSize: Number(env.DATABASE_POOL_SIZE ?? '10'),
    secret: createSecretKey(Buffer.from(env.JWT_SECRET_KEY ?? '', 'utf8')),
    algorithm,
  };
}

export function createPool(s: BaselineSettings): Pool {
  return new Pool({
    connectionString: s.databaseUrl,
    max: s.poolSize,
    connectionTimeoutMillis: 10_000,
  });
}

export interface Actor {
  id: string;
  role: 'user' | 'csr' | 'admin';
  sessionId: string;
  tokenId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BEARER = /^Bearer\s+(\S+)$/i;

export interface Claims {
  sub?: unknown;
  role?: unknown;
  sid?: unknown;
  jti?: unknown;
  type?: unknown;
  exp?: unknown;
}

/** Signature, algorithm, expiry and claim shapes: what passport-jwt and isClaims check. */
export function verifyAccessToken(token: string, s: BaselineSettings): Claims | null {
  try {
    const claims = verify(token, s.secret, { algorithms: [s.algorithm] }) as Claims | string;
    if (typeof claims === 'string') return null;
    const ok =
      claims.type === 'access' &&
      typeof claims.sub === 'string' &&
      UUID.test(claims.sub) &&
      typeof claims.sid === 'string' &&
      UUID.test(claims.sid) &&
      typeof claims.jti === 'string' &&
      UUID.test(claims.jti) &&
      typeof claims.exp === 'number';
    return ok ? claims : null;
  } catch {
    return null;
  }
}

/** The Bearer token checked as the API checks it, including its per-request SQL. */
export async function authenticate(
  request: IncomingMessage,
  pool: Pool,
  s: BaselineSettings,
): Promise<Actor | null> {
  const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
  if (token === undefined) return null;
  const claims = verifyAccessToken(token, s);
  if (claims === null) return null;
  const [sub, sid, jti] = [claims.sub as string, claims.sid as string, claims.jti as string];
  const { rows } = await pool.query<{ role: Actor['role']; is_active: boolean }>(
    `SELECT u.role, u.is_active
         FROM auth_sessions s
         JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM revoked_tokens r WHERE r.jti = $3)`,
    [sid, sub, jti],
  );
  const row = rows[0];
  if (row === undefined || !row.is_active) return null;
  return { id: sub, role: row.role, sessionId: sid, tokenId: jti };
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type':
      status >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function sendProblem(
  response: ServerResponse,
  status: number,
  detail: string,
  instance: string,
): void {
  if (status === 401) response.setHeader('www-authenticate', 'Bearer');
  sendJson(response, status, problemBody(status, detail, instance));
}

export function problemBody(status: number, detail: string, instance: string) {
  return { type: 'about:blank', title: 'Error', status, detail, instance };
}

const BODY_LIMIT = 100 * 1024;

/** The parsed JSON body, or undefined when it is not a JSON object within the limit. */
export function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    request.on('error', reject);
    request.on('end', () => {
      if (size > BODY_LIMIT) return resolve(undefined);
      try {
        const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        resolve(
          typeof value === 'object' && value !== null && !Array.isArray(value)
            ? (value as Record<string, unknown>)
            : undefined,
        );
      } catch {
        resolve(undefined);
      }
    });
  });
}

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** An http server whose handler errors become a bare 500, listening on an ephemeral port. */
export async function listen(handler: Handler): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      if (!response.headersSent) sendProblem(response, 500, 'An unexpected error occurred', '');
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 72_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
