// The one DataSource definition, shared by the app (DatabaseModule) and the TypeORM CLI (ormconfig.ts).
import { DataSourceOptions } from 'typeorm';
import { entities } from '@/database/entities';
import { SnakeNamingStrategy } from '@/database/snake-naming.strategy';
import { migrations } from '@/database/migrations';

export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+ and PGlite; never CREATE EXTENSION at runtime.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, connectionTimeoutMillis: 10_000 },
  };
}
