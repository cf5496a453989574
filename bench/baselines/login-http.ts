// Baseline of B4: the API's login (throttle check, user lookup, bcrypt compare, throttle reset,
// session + refresh token in one transaction, two signed tokens) on raw node:http + pg, with
// bcryptjs comparing on the main thread at the same cost, next to `GET /health/live`.
import { compare, hashSync } from 'bcryptjs';
import { sign, SignOptions } from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveChild } from '../lib/child';
import {
  closeServer,
  createPool,
  listen,
  readJson,
  sendJson,
  sendProblem,
  settings,
} from './shared';

const s = settings();
const pool = createPool(s);
const rounds = Number(process.env.BCRYPT_ROUNDS ?? '12');
const windowSeconds = Number(process.env.LOGIN_WINDOW_MINUTES ?? '15') * 60;
const maxFailures = Number(process.env.LOGIN_MAX_FAILURES ?? '10');
const maxFailuresPerAddress = Number(process.env.LOGIN_MAX_FAILURES_PER_IP ?? '100');
const accessTtl = Number(process.env.ACCESS_TOKEN_EXPIRE_MINUTES ?? '15') * 60;
const refreshTtl = Number(process.env.REFRESH_TOKEN_EXPIRE_DAYS ?? '7') * 24 * 3600;
let dummyHash: string | undefined;

interface UserRow {
  id: string;
  email: string;
  full_name: string;
  password_hash: string;
  role: string;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

function signAsync(payload: object, options: SignOptions): Promise<string> {
  return new Promise((resolve, reject) =>
    sign(payload, s.secret, { ...options, algorithm: s.algorithm }, (error, token) =>
      error !== null || token === undefined
        ? reject(error ?? new Error('no token'))
        : resolve(token),
    ),
  );
}

async function login(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const instance = '/api/v1/auth/login';
  const body = await readJson(request);
  const email = typeof body?.email === 'string' ? body.email.trim() : undefined;
  const password = body?.password;
  const extra =
    body === undefined ? [] : Object.keys(body).filter((k) => k !== 'email' && k !== 'password');
  if (
    email === undefined ||
    email.length < 1 ||
    email.length > 254 ||
    typeof password !== 'string' ||
    password.length < 1 ||
    password.length > 1024 ||
    extra.length > 0
  ) {
    return sendProblem(response, 400, 'Validation failed', instance);
  }
  const normalized = email.toLowerCase();
  const keys = [`account:${normalized}`, `ip:${request.socket.remoteAddress ?? ''}`];
  const locked = await pool.query<{ wait: number }>(
    `SELECT ceil(extract(epoch FROM window_started_at + make_interval(secs => $3) - now()))::int AS wait
         FROM login_throttles
        WHERE window_started_at > now() - make_interval(secs => $3)
          AND ((key = $1 AND failures >= $4) OR (key = $2 AND failures >= $5))`,
    [keys[0], keys[1], windowSeconds, maxFailures, maxFailuresPerAddress],
  );
  if (locked.rows.length > 0) {
    return sendProblem(response, 429, 'Too many failed login attempts; try again later', instance);
  }
  const found = await pool.query<UserRow>(
    `SELECT id, email, full_name, password_hash, role, is_active, created_at, updated_at
       FROM users WHERE email = $1 AND external_id IS NULL AND NOT is_guest LIMIT 1`,
    [normalized],
  );
  const user = found.rows[0];
  // As the API does, an unknown email is compared against a dummy hash of the same cost.
  const hash = user?.password_hash ?? (dummyHash ??= hashSync('dummy-password-for-timing', rounds));
  const matches = await compare(password, hash);
  if (user === undefined || !matches || !user.is_active) {
    await pool.query(
      `INSERT INTO login_throttles AS t (key, failures, window_started_at)
       VALUES ($1, 1, now()), ($2, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at > now() - make_interval(secs => $3)
                         THEN t.failures + 1 ELSE 1 END,
         window_started_at = CASE WHEN t.window_started_at > now() - make_interval(secs => $3)
                                  THEN t.window_started_at ELSE now() END`,
      [keys[0], keys[1], windowSeconds],
    );
    return sendProblem(response, 401, 'Invalid credentials', instance);
  }
  await pool.query(`DELETE FROM login_throttles WHERE key = $1`, [keys[0]]);
  const sessionId = randomUUID();
  const refreshId = randomUUID();
  const client = await pool.connect();
  try {
    await client.query('START TRANSACTION');
    await client.query(
      `INSERT INTO auth_sessions (id, user_id, expires_at)
         VALUES ($1, $2, now() + make_interval(secs => $3))`,
      [sessionId, user.id, refreshTtl],
    );
    await client.query(
      `INSERT INTO refresh_tokens (id, session_id, expires_at)
         VALUES ($1, $2, now() + make_interval(secs => $3))`,
      [refreshId, sessionId, refreshTtl],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  const [access, refresh] = await Promise.all([
    signAsync(
      { sub: user.id, role: user.role, sid: sessionId, type: 'access' },
      { jwtid: randomUUID(), expiresIn: accessTtl },
    ),
    signAsync(
      { sub: user.id, role: user.role, sid: sessionId, type: 'refresh' },
      { jwtid: refreshId, expiresIn: refreshTtl },
    ),
  ]);
  sendJson(response, 200, {
    access_token: access,
    refresh_token: refresh,
    token_type: 'bearer',
    expires_in: accessTtl,
  });
}

serveChild(async () => {
  const { server, port } = await listen(async (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/health/live' && request.method === 'GET') {
      return sendJson(response, 200, { status: 'ok' });
    }
    if (path === '/api/v1/auth/login' && request.method === 'POST') return login(request, response);
    sendProblem(response, 404, 'Not found', path ?? '/');
  });
  return {
    port,
    close: async () => {
      await closeServer(server);
      await pool.end();
    },
  };
});
