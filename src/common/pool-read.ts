// Hot single-statement reads straight on the pg pool under the DataSource: no query runner, no
// subscriber broadcast per call. Errors come out as TypeORM's would, so the problem filter maps
// them the same way (22P02 → 400, a lost database → 503).
//
// The pool is TypeORM's internal `PostgresDriver.master`; this file is the only place that
// reaches it, and test/pool-read.e2e-spec.ts fails if a TypeORM upgrade moves or replaces it.
import { Pool, QueryResultRow } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** The pg Pool TypeORM's own queries take their connections from. */
export function driverPool(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as Partial<PostgresDriver>).master as unknown;
  if (!(pool instanceof Pool)) {
    throw new Error(
      'TypeORM no longer exposes its pg Pool as PostgresDriver.master: update src/common/pool-read.ts',
    );
  }
  return pool;
}

/** The rows of one statement; for reads only (writes belong in a transaction via TypeORM). */
export async function poolRead<T extends QueryResultRow>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const pool = driverPool(dataSource);
  try {
    const result = await pool.query<T>(text, values);
    return result.rows;
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
