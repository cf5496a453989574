// Purges expired sessions, blacklist rows and login counters now and then.
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LoginThrottleService } from '@/auth/login-throttle.service';
import { SessionsService } from '@/auth/sessions.service';

const PURGE_EVERY_MS = 10 * 60 * 1000;

@Injectable()
export class AuthJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuthJanitor.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async purge(): Promise<void> {
    try {
      await this.sessions.purgeExpired();
      await this.throttle.purgeExpired();
    } catch (error) {
      this.logger.warn(`Purge failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
