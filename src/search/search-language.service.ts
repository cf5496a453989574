// Keeps the search vectors built with SEARCH_LANGUAGE. At startup it refuses a configuration
// PostgreSQL does not have; when the recorded one (search_settings.config) differs, or a rebuild
// was interrupted, it rebuilds the vectors in batches in the background and records the new
// configuration when done. Until then queries keep the recorded one, which most vectors still
// use, and new rows already get the new one (the triggers read search_build_config()).
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import { SEARCH_REBUILD_BATCH } from '@/search/search-limits';
import { SEARCH_TABLES, SearchRepository } from '@/search/search.repository';

export class UnknownSearchLanguage extends Error {
  constructor(name: string) {
    super(
      `Invalid configuration: SEARCH_LANGUAGE: the database has no text search configuration "${name}" (see pg_ts_config)`,
    );
  }
}

function isUndefinedTable(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '42P01';
}

@Injectable()
export class SearchLanguageService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Search');
  private rebuilding: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly search: SearchRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const wanted = this.config.search.language;
    if ((await this.search.findConfiguration(wanted)) === null) {
      throw new UnknownSearchLanguage(wanted);
    }
    const settings = await this.search.settings().catch((error: unknown) => {
      // Started without its migrations (MIGRATIONS_RUN=false, readiness says so): nothing to
      // rebuild yet; the next start after they ran checks again.
      if (isUndefinedTable(error)) return null;
      throw error;
    });
    if (settings === null) {
      this.logger.warn('Search settings are missing until the migrations run');
      return;
    }
    if (settings.config === wanted && settings.building === null) return;
    await this.search.startRebuild(wanted);
    this.logger.log(`Rebuilding the search vectors: ${settings.config} -> ${wanted}`);
    this.rebuilding = this.rebuild(wanted).catch((error: unknown) => {
      this.logger.error(`Search rebuild failed: ${String(error)}; it restarts at the next start`);
    });
  }

  /** Resolves when the rebuild this instance started (if any) has ended. */
  whenRebuilt(): Promise<void> {
    return this.rebuilding;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.rebuilding;
  }

  private async rebuild(config: string): Promise<void> {
    for (const table of SEARCH_TABLES) {
      let after: string | null = null;
      do {
        if (this.stopping) return;
        after = await this.search.rebuildBatch(table, config, after, SEARCH_REBUILD_BATCH);
      } while (after !== null);
      this.logger.log(`Search vectors of ${table} rebuilt`);
    }
    if (await this.search.finishRebuild(config)) {
      this.logger.log(`Search uses the text search configuration ${config}`);
    } else {
      // Finished by another instance with the same SEARCH_LANGUAGE, or taken over by one
      // started since with another (the last to start a rebuild finishes it).
      this.logger.warn(`The search rebuild towards ${config} ended elsewhere`);
    }
  }
}
