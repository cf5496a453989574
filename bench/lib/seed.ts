// Seeds what the workloads need straight into the database with SQL (generate_series), far
// faster than through the API: users with a bcrypt hash made once, sessions with access tokens
// signed like the app signs them, and tickets.
import { hashSync } from 'bcryptjs';
import { sign } from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';

export const BENCH_PASSWORD = 'bench password 0123';

export interface JwtSettings {
  secret: string;
  algorithm: 'HS256' | 'HS384' | 'HS512';
}

export type Role = 'user' | 'csr' | 'admin';

export interface BenchUser {
  id: string;
  email: string;
  role: Role;
  sessionId: string;
  /** An access token of that session: `sub`, `role`, `sid`, `jti`, `type: "access"`. */
  token: string;
}

const hashes = new Map<number, string>();

/** One hash of BENCH_PASSWORD per cost for the whole run: hashing is what is slow. */
export function passwordHash(rounds: number): string {
  let hash = hashes.get(rounds);
  if (hash === undefined) {
    hash = hashSync(BENCH_PASSWORD, rounds);
    hashes.set(rounds, hash);
  }
  return hash;
}

export function accessToken(jwt: JwtSettings, user: Omit<BenchUser, 'token'>): string {
  return sign({ sub: user.id, role: user.role, sid: user.sessionId, type: 'access' }, jwt.secret, {
    algorithm: jwt.algorithm,
    jwtid: randomUUID(),
    expiresIn: 4 * 3600,
  });
}

/**
 * `count` users named `<prefix>-<n>@bench.test`, in creation order (which is the round-robin
 * cycle order for CSRs), each with one live session and an access token for it.
 */
export async function createUsers(
  db: Client,
  jwt: JwtSettings,
  options: { prefix: string; count: number; role: Role; rounds: number },
): Promise<BenchUser[]> {
  const { rows } = await db.query<{ id: string; email: string }>(
    `INSERT INTO users (email, full_name, password_hash, role, created_at, updated_at)
     SELECT $1 || '-' || n || '@bench.test', 'Bench ' || $1 || ' ' || n, $2, $3::user_role,
            now() + make_interval(secs => n / 1000.0), now()
       FROM generate_series(1, $4::int) AS n
     RETURNING id, email`,
    [options.prefix, passwordHash(options.rounds), options.role, options.count],
  );
  const users = rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: options.role,
    sessionId: randomUUID(),
  }));
  await db.query(
    `INSERT INTO auth_sessions (id, user_id, expires_at)
     SELECT s, u, now() + interval '1 day' FROM unnest($1::uuid[], $2::uuid[]) AS x(s, u)`,
    [users.map((user) => user.sessionId), users.map((user) => user.id)],
  );
  return users
    .sort((a, b) => order(a.email) - order(b.email))
    .map((user) => ({ ...user, token: accessToken(jwt, user) }));
}

const order = (email: string) => Number(/-(\d+)@/.exec(email)?.[1] ?? 0);

const DESCRIPTION =
  'The printer on the third floor shows a paper jam although the tray is empty; restarting it ' +
  'did not help and the queue keeps growing.';

/**
 * `count` open tickets, spread round-robin over `owners` and `assignees`, one second apart going
 * back from now (offset by `secondsBack`), so every sort has distinct values. Returns the ids
 * when `returning` is set.
 */
export async function createTickets(
  db: Client,
  options: {
    count: number;
    owners: readonly string[];
    assignees: readonly (string | null)[];
    secondsBack?: number;
    chunk?: number;
    onProgress?: (done: number) => void;
  },
): Promise<void> {
  const chunk = options.chunk ?? 100_000;
  const assignees = options.assignees.length === 0 ? [null] : options.assignees;
  for (let from = 1; from <= options.count; from += chunk) {
    const to = Math.min(options.count, from + chunk - 1);
    await db.query(
      `INSERT INTO tickets (title, description, category, type, user_id, assigned_to_id,
                            created_at, updated_at)
       SELECT 'Printer jam on floor ' || (n % 7) || ' #' || n, $1, 'hardware', 'incident',
              ($2::uuid[])[1 + n % cardinality($2::uuid[])],
              ($3::uuid[])[1 + n % cardinality($3::uuid[])],
              at, at
         FROM generate_series($4::int, $5::int) AS n,
              LATERAL (SELECT now() - make_interval(secs => $6 + n) AS at) t`,
      [DESCRIPTION, options.owners, assignees, from, to, options.secondsBack ?? 0],
    );
    options.onProgress?.(to);
  }
}
