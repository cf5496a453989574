// Counts failed logins per key in a fixed window, in the database so every instance sees one count.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';

@Injectable()
export class LoginThrottleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Seconds until the key may try again, or 0 when it is not locked. */
  async lockedFor(key: string): Promise<number> {
    const rows = await this.dataSource.query<{ wait: number }[]>(
      `SELECT ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now()))::int AS wait
         FROM login_throttles
        WHERE key = $1 AND failures >= $3 AND window_started_at > now() - make_interval(secs => $2)`,
      [key, this.config.login.windowSeconds, this.config.login.maxFailures],
    );
    return Math.max(rows[0]?.wait ?? 0, 0);
  }

  /** Counts one failure atomically; a window that has passed starts again at 1. */
  async recordFailure(key: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO login_throttles AS t (key, failures, window_started_at) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at > now() - make_interval(secs => $2)
                         THEN t.failures + 1 ELSE 1 END,
         window_started_at = CASE WHEN t.window_started_at > now() - make_interval(secs => $2)
                                  THEN t.window_started_at ELSE now() END`,
      [key, this.config.login.windowSeconds],
    );
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_throttles WHERE key = $1`, [key]);
  }

  async purgeExpired(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM login_throttles WHERE window_started_at < now() - make_interval(secs => $1)`,
      [this.config.login.windowSeconds],
    );
  }
}
