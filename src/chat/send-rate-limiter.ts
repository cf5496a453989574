// At most `limit` sends per `windowMs` from one socket (a sliding window over send times); a
// limit of 0 means no limit.
export const SEND_WINDOW_MS = 10_000;

export class SendRateLimiter {
  private readonly times: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs = SEND_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a send; returns 0 when allowed, else the seconds until the next one would be. */
  take(): number {
    if (this.limit === 0) return 0;
    const now = this.now();
    while (this.times.length > 0 && (this.times[0] ?? 0) <= now - this.windowMs) this.times.shift();
    if (this.times.length >= this.limit) {
      return Math.max(1, Math.ceil(((this.times[0] ?? now) + this.windowMs - now) / 1000));
    }
    this.times.push(now);
    return 0;
  }
}
