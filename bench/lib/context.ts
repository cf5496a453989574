// What every workload is handed: the run's mode and durations, the database and a SQL session on
// it, the API under test, a way to start baselines, and the token settings the API verifies with.
import type { Client } from 'pg';
import type { BenchDatabase } from './database';
import type { BenchChild } from './processes';
import type { ResultRow } from './report';
import type { JwtSettings } from './seed';

export interface Phases {
  /** Seconds of unmeasured load before each measurement. */
  warmup: number;
  /** Seconds measured. */
  measure: number;
}

export interface BenchContext {
  quick: boolean;
  phases: Phases;
  /** Present for every workload that declares `usesDatabase`. */
  db: BenchDatabase;
  sql: Client;
  jwt: JwtSettings;
  bcryptRounds: number;
  tmpDir: string;
  /** The API under test, started once for the run. */
  api: BenchChild;
  /** Starts a baseline (stopped again at the end of its workload). */
  baseline(name: string, script: string, env?: Record<string, string>): Promise<BenchChild>;
  log(message: string): void;
}

export interface Workload {
  id: string;
  name: string;
  title: string;
  usesDatabase: boolean;
  run(ctx: BenchContext): Promise<ResultRow[]>;
}
