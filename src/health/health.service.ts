// Readiness: the database answers and no migration is pending.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { pendingMigrations } from '@/database/database.module';

export interface Readiness {
  status: 'ok' | 'unavailable';
  database: 'ok' | 'down';
  migrations: 'applied' | 'pending' | 'unknown';
}

@Injectable()
export class HealthService {
  private migrationsApplied = false;
  /** Set at the start of a graceful shutdown: not ready, so a load balancer moves away. */
  draining = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async readiness(): Promise<Readiness> {
    if (this.draining) return { status: 'unavailable', database: 'ok', migrations: 'applied' };
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      return { status: 'unavailable', database: 'down', migrations: 'unknown' };
    }
    // Once applied they stay applied for this process; skip the check afterwards.
    if (!this.migrationsApplied) {
      this.migrationsApplied = (await pendingMigrations(this.dataSource)).length === 0;
    }
    return this.migrationsApplied
      ? { status: 'ok', database: 'ok', migrations: 'applied' }
      : { status: 'unavailable', database: 'ok', migrations: 'pending' };
  }
}
