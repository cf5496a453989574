// poolRead relies on a TypeORM internal (PostgresDriver.master being the pg Pool its queries
// use). These fail loudly when a TypeORM upgrade changes that, instead of B1's hot reads
// breaking or quietly opening a second pool.
import { Pool } from 'pg';
import { QueryFailedError } from 'typeorm';
import { driverPool, poolRead } from '@/common/pool-read';
import { startTestApp, TestApp } from './support/test-app';

describe('poolRead on the DataSource pool', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('finds a pg Pool at PostgresDriver.master, sized as configured', () => {
    const pool = driverPool(t.dataSource);
    expect(pool).toBeInstanceOf(Pool);
    expect(pool.options.max).toBe(t.config.databasePoolSize);
  });

  it('is the pool TypeORM takes its own connections from', async () => {
    const pool = driverPool(t.dataSource);
    const busy = () => pool.totalCount - pool.idleCount;
    const before = busy();
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      expect(busy()).toBe(before + 1);
    } finally {
      await runner.release();
    }
    expect(busy()).toBe(before);
  });

  it('returns rows and raises a failed statement as a QueryFailedError with its driver code', async () => {
    await expect(poolRead(t.dataSource, 'SELECT $1::int + 1 AS n', [41])).resolves.toEqual([
      { n: 42 },
    ]);
    const failed = poolRead(t.dataSource, 'SELECT $1::uuid AS id', ['not-a-uuid']);
    await expect(failed).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failed).rejects.toMatchObject({ driverError: { code: '22P02' } });
  });

  it('says which file to update when the driver has no such pool', () => {
    const changed = Object.create(t.dataSource, { driver: { value: {} } }) as typeof t.dataSource;
    expect(() => driverPool(changed)).toThrow(/PostgresDriver\.master.*src\/common\/pool-read\.ts/);
  });
});
