// Hot single-statement reads straight on the pg pool under the DataSource: no query runner, no
// subscriber broadcast per call. Errors come out as TypeORM's would, so the problem filter maps
// them the same way (22P02 → 400, a lost database → 503).
import type { Pool, QueryResultRow } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** The rows of one statement; for reads only (writes belong in a transaction via TypeORM). */
export async function poolRead<T extends QueryResultRow>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  try {
    const result = await pool.query<T>(text, values);
    return result.rows;
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
