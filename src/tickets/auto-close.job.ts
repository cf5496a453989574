// Closes tickets left resolved for AUTO_CLOSE_AFTER_HOURS, on a timer in every instance; row
// locks with SKIP LOCKED (not advisory locks, which PGlite does not enforce) keep instances apart.
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import { TicketsService } from '@/tickets/tickets.service';

@Injectable()
export class AutoCloseJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AutoCloseJob.name);
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tickets: TicketsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.tick(),
      this.config.tickets.autoCloseCheckSeconds * 1000,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Runs one pass now; returns how many tickets it closed. */
  closeStale(): Promise<number> {
    return this.tickets.closeStale();
  }

  private async tick(): Promise<void> {
    // A slow pass must not overlap the next one in the same process.
    if (this.running) return;
    this.running = true;
    try {
      const closed = await this.closeStale();
      if (closed > 0) this.logger.log(`Auto-closed ${closed} resolved ticket(s)`);
    } catch (error) {
      this.logger.warn(
        `Auto-close failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.running = false;
    }
  }
}
