// Counts failed logins per account and per client address in fixed windows, in the database so
// every instance sees one count. Rotating addresses does not reset an account's count; one address
// trying many accounts is stopped by its own. Counts expire with their window, so nobody can lock
// a real user out for longer than that.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';

export interface ThrottleKeys {
  account: string;
  address: string;
}

@Injectable()
export class LoginThrottleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  keysFor(email: string, address: string): ThrottleKeys {
    return { account: `account:${email}`, address: `ip:${address}` };
  }

  /** Seconds until these keys may try again, or 0 when neither is locked. */
  async lockedFor(keys: ThrottleKeys): Promise<number> {
    const { windowSeconds, maxFailures, maxFailuresPerAddress } = this.config.login;
    const rows = await this.dataSource.query<{ wait: number }[]>(
      `SELECT ceil(extract(epoch FROM window_started_at + make_interval(secs => $3) - now()))::int AS wait
         FROM login_throttles
        WHERE window_started_at > now() - make_interval(secs => $3)
          AND ((key = $1 AND failures >= $4) OR (key = $2 AND failures >= $5))`,
      [keys.account, keys.address, windowSeconds, maxFailures, maxFailuresPerAddress],
    );
    return Math.max(0, ...rows.map((row) => row.wait));
  }

  /** Counts one failure on both keys atomically; a window that has passed starts again at 1. */
  async recordFailure(keys: ThrottleKeys): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO login_throttles AS t (key, failures, window_started_at)
       VALUES ($1, 1, now()), ($2, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at > now() - make_interval(secs => $3)
                         THEN t.failures + 1 ELSE 1 END,
         window_started_at = CASE WHEN t.window_started_at > now() - make_interval(secs => $3)
                                  THEN t.window_started_at ELSE now() END`,
      [keys.account, keys.address, this.config.login.windowSeconds],
    );
  }

  /** A successful login clears its account's count (not its address's: one good account must not
   *  launder an address that is guessing others). */
  async reset(keys: ThrottleKeys): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_throttles WHERE key = $1`, [keys.account]);
  }

  async purgeExpired(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM login_throttles WHERE window_started_at < now() - make_interval(secs => $1)`,
      [this.config.login.windowSeconds],
    );
  }
}
