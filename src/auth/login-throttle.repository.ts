// Every SQL statement on the failed-login counters (login_throttles). The B4 baseline
// (bench/baselines/login-http.ts) sends copies of these: change both together.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Two keys counted together, each with its own limit. */
export interface ThrottleQuery {
  account: string;
  address: string;
  windowSeconds: number;
  maxAccountFailures: number;
  maxAddressFailures: number;
}

@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Seconds until the later of the two locks ends, or 0 when neither key is locked. */
  async lockedFor(query: ThrottleQuery): Promise<number> {
    const rows = await this.dataSource.query<{ wait: number }[]>(
      `SELECT ceil(extract(epoch FROM window_started_at + make_interval(secs => $3) - now()))::int AS wait
         FROM login_throttles
        WHERE window_started_at > now() - make_interval(secs => $3)
          AND ((key = $1 AND failures >= $4) OR (key = $2 AND failures >= $5))`,
      [
        query.account,
        query.address,
        query.windowSeconds,
        query.maxAccountFailures,
        query.maxAddressFailures,
      ],
    );
    return Math.max(0, ...rows.map((row) => row.wait));
  }

  /** Counts one failure on both keys atomically; a window that has passed starts again at 1. */
  async recordFailure(account: string, address: string, windowSeconds: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO login_throttles AS t (key, failures, window_started_at)
       VALUES ($1, 1, now()), ($2, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at > now() - make_interval(secs => $3)
                         THEN t.failures + 1 ELSE 1 END,
         window_started_at = CASE WHEN t.window_started_at > now() - make_interval(secs => $3)
                                  THEN t.window_started_at ELSE now() END`,
      [account, address, windowSeconds],
    );
  }

  /**
   * Counts one attempt on a key in a fixed window, atomically (the row lock of the upsert
   * serialises concurrent counts, on every instance): the count so far and the seconds until
   * the window ends.
   */
  async countAttempt(
    key: string,
    windowSeconds: number,
  ): Promise<{ count: number; retryAfterSeconds: number }> {
    const rows = await this.dataSource.query<{ count: number; wait: number }[]>(
      `INSERT INTO login_throttles AS t (key, failures, window_started_at)
       VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at > now() - make_interval(secs => $2)
                         THEN t.failures + 1 ELSE 1 END,
         window_started_at = CASE WHEN t.window_started_at > now() - make_interval(secs => $2)
                                  THEN t.window_started_at ELSE now() END
       RETURNING failures AS count,
         ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS wait`,
      [key, windowSeconds],
    );
    const row = rows[0]!;
    return { count: row.count, retryAfterSeconds: Math.max(1, row.wait) };
  }

  async delete(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_throttles WHERE key = $1`, [key]);
  }

  async purgeOlderThan(windowSeconds: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM login_throttles WHERE window_started_at < now() - make_interval(secs => $1)`,
      [windowSeconds],
    );
  }
}
