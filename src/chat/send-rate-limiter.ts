// At most `limit` sends per `windowMs` from one socket (a sliding window over send times).
export const SEND_LIMIT = 20;
export const SEND_WINDOW_MS = 10_000;

export class SendRateLimiter {
  private readonly times: number[] = [];

  constructor(
    private readonly limit = SEND_LIMIT,
    private readonly windowMs = SEND_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a send; returns 0 when allowed, else the seconds until the next one would be. */
  take(): number {
    const now = this.now();
    while (this.times.length > 0 && (this.times[0] ?? 0) <= now - this.windowMs) this.times.shift();
    if (this.times.length >= this.limit) {
      return Math.max(1, Math.ceil(((this.times[0] ?? now) + this.windowMs - now) / 1000));
    }
    this.times.push(now);
    return 0;
  }
}
