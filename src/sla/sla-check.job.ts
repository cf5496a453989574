// Looks for due SLA warnings and breaches every SLA_CHECK_SECONDS, on every instance; row locks
// with SKIP LOCKED and sla_alerts' key keep instances from firing one twice.
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import { SlaService } from '@/sla/sla.service';

@Injectable()
export class SlaCheckJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SlaCheckJob.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sla: SlaService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.sla.checkSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Runs one pass now (or joins the one running); returns how many alerts it fired. */
  check(): Promise<number> {
    // A slow pass must not overlap the next one in the same process.
    this.running ??= this.sla.check().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async tick(): Promise<void> {
    try {
      const fired = await this.check();
      if (fired > 0) this.logger.log(`Fired ${fired} SLA alert(s)`);
    } catch (error) {
      this.logger.warn(
        `SLA check failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
