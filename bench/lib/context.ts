// What every workload is handed: the run's mode and durations, the database and a SQL session on
// it, the API under test, a way to start baselines, and the token settings the API verifies with.
import type { Client } from 'pg';
import type { BenchDatabase } from './database';
import type { BenchChild } from './processes';
import type { ResultRow } from './report';
import type { JwtSettings } from './seed';

export interface Phases {
  /** Seconds of unmeasured load on each side before its first round. */
  warmup: number;
  /** Measured rounds per side; the sides alternate (see rounds.ts). */
  rounds: number;
  /** Seconds of one side's round. */
  roundSeconds: number;
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
  /** With BENCH_BEFORE, the API of that other checkout on the same database (B1 measures it). */
  before: BenchChild | undefined;
  /** Another instance of the API, new and clean (stopped again at the end of its workload). */
  freshApi(name: string, env?: Record<string, string>): Promise<BenchChild>;
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
