// Counts failed logins per account and per client address in fixed windows, in the database so
// every instance sees one count. Rotating addresses does not reset an account's count; one address
// trying many accounts is stopped by its own. Counts expire with their window, so nobody can lock
// a real user out for longer than that. The same counters limit other per-address attempts
// (new widget guests), under keys of their own.
import { Inject, Injectable } from '@nestjs/common';
import { LoginThrottleRepository } from '@/auth/login-throttle.repository';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';

export interface ThrottleKeys {
  account: string;
  address: string;
}

@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly throttles: LoginThrottleRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  keysFor(email: string, address: string): ThrottleKeys {
    return { account: `account:${email}`, address: `ip:${address}` };
  }

  /** Seconds until these keys may try again, or 0 when neither is locked. */
  lockedFor(keys: ThrottleKeys): Promise<number> {
    const { windowSeconds, maxFailures, maxFailuresPerAddress } = this.config.login;
    return this.throttles.lockedFor({
      ...keys,
      windowSeconds,
      maxAccountFailures: maxFailures,
      maxAddressFailures: maxFailuresPerAddress,
    });
  }

  /** Counts one failure on both keys; a window that has passed starts again at 1. */
  recordFailure(keys: ThrottleKeys): Promise<void> {
    return this.throttles.recordFailure(
      keys.account,
      keys.address,
      this.config.login.windowSeconds,
    );
  }

  /** A successful login clears its account's count (not its address's: one good account must not
   *  launder an address that is guessing others). */
  reset(keys: ThrottleKeys): Promise<void> {
    return this.throttles.delete(keys.account);
  }

  /**
   * Counts an attempt of another kind under `key` (a prefix of its own, e.g. `widget-guest:ip:…`)
   * in a fixed window: the count so far and the seconds until the window ends. The janitor purges
   * these with the login counters (their windows must not outlast LOGIN_WINDOW_MINUTES).
   */
  countAttempt(
    key: string,
    windowSeconds: number,
  ): Promise<{ count: number; retryAfterSeconds: number }> {
    return this.throttles.countAttempt(key, windowSeconds);
  }

  purgeExpired(): Promise<void> {
    return this.throttles.purgeOlderThan(this.config.login.windowSeconds);
  }
}
