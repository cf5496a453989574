// Owns the database connection: the embedded PGlite server or a real PostgreSQL, migrations at
// start, and an orderly close (pool first, then the embedded server).
import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import { dataSourceOptions } from '@/database/data-source-options';
import { embeddedConnectionLimit, startEmbeddedPostgres } from '@/database/embedded-postgres';

export const DATABASE_SERVER = Symbol('DATABASE_SERVER');

export interface DatabaseServer {
  readonly url: string;
  readonly embedded: boolean;
  stop(): Promise<void>;
}

// Any constant works; it only has to be the same for every instance of this app.
const MIGRATION_LOCK_ID = 7_302_115;

async function openDatabaseServer(config: AppConfig): Promise<DatabaseServer> {
  if (config.databaseUrl !== undefined) {
    return { url: config.databaseUrl, embedded: false, stop: () => Promise.resolve() };
  }
  const logger = new Logger('Database');
  const embedded = await startEmbeddedPostgres(
    config.dataDir,
    embeddedConnectionLimit(config.databasePoolSize),
  );
  logger.log(`Embedded PostgreSQL (PGlite) in ${config.dataDir}`);
  return { url: embedded.url, embedded: true, stop: () => embedded.stop() };
}

/**
 * Migrations of this build not yet recorded in TypeORM's migrations table. Read directly, because
 * TypeORM looks the table up in information_schema first, which costs a quarter of a second on a
 * freshly opened PGlite, on every start.
 */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const known = dataSource.migrations.map(
    (migration) => migration.name ?? migration.constructor.name,
  );
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const [found] = await dataSource.query<{ exists: boolean }[]>(
    'SELECT to_regclass($1) IS NOT NULL AS "exists"',
    [table],
  );
  if (found?.exists !== true) return known;
  const applied = await dataSource.query<{ name: string }[]>(`SELECT name FROM "${table}"`);
  const names = new Set(applied.map((row) => row.name));
  return known.filter((name) => !names.has(name));
}

/**
 * Applies pending migrations; on a real server an advisory lock keeps instances from racing.
 * Nothing pending (every start but the first after an upgrade): nothing to lock or run.
 */
export async function runMigrations(dataSource: DataSource, embedded: boolean): Promise<void> {
  if ((await pendingMigrations(dataSource)).length === 0) return;
  if (embedded) {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}

@Module({
  providers: [{ provide: DATABASE_SERVER, inject: [APP_CONFIG], useFactory: openDatabaseServer }],
  exports: [DATABASE_SERVER],
})
class DatabaseServerModule {}

@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DATABASE_SERVER) private readonly server: DatabaseServer,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.server.stop();
  }
}

/** Applies migrations before any other module starts using the database. */
@Injectable()
class MigrationRunner implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DATABASE_SERVER) private readonly server: DatabaseServer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.migrationsRun) await runMigrations(this.dataSource, this.server.embedded);
  }
}

@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        DatabaseServerModule,
        TypeOrmModule.forRootAsync({
          imports: [DatabaseServerModule],
          inject: [APP_CONFIG, DATABASE_SERVER],
          useFactory: (config: AppConfig, server: DatabaseServer) => ({
            ...dataSourceOptions(server.url, config.databasePoolSize),
            migrationsRun: false,
          }),
          dataSourceFactory: async (options) => {
            if (options === undefined) throw new Error('Missing data source options');
            return new DataSource(options).initialize();
          },
        }),
      ],
      providers: [DatabaseCloser, MigrationRunner],
      exports: [DatabaseServerModule],
    };
  }
}
