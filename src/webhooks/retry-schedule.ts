// When a failed webhook delivery is tried again (issue 15), pure. Groundwork: the dispatcher that
// uses it is not built yet. The schedule is delays in seconds after the first attempt
// (WEBHOOK_RETRY_SCHEDULE); each delay moves by up to ±20% so a receiver that was down is not hit
// by every retry at once; a 429 or 503's Retry-After is honoured, but never past the next step.

export const DEFAULT_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 36000] as const;
const JITTER = 0.2;

/** `"5,300,1800"` → [5, 300, 1800]; null when it is not a list of positive whole seconds. */
export function parseRetrySchedule(text: string): number[] | null {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length === 0 || parts.some((part) => !/^[1-9]\d{0,6}$/.test(part))) return null;
  return parts.map(Number);
}

/**
 * Seconds until the next attempt after `attempts` failed ones, or null when the schedule is
 * spent (the delivery has failed). `random` in [0, 1) picks the jitter.
 */
export function nextDelaySeconds(
  schedule: readonly number[],
  attempts: number,
  retryAfterSeconds: number | null,
  random: number,
): number | null {
  const step = schedule[attempts - 1];
  if (step === undefined) return null;
  if (retryAfterSeconds !== null) {
    const cap = schedule[attempts] ?? step;
    return Math.min(Math.max(0, retryAfterSeconds), cap);
  }
  return step * (1 - JITTER + 2 * JITTER * random);
}

/** A Retry-After header (delta-seconds or an HTTP date) as seconds from `now`; null if absent or bad. */
export function parseRetryAfter(header: string | undefined, now: Date): number | null {
  if (header === undefined) return null;
  const value = header.trim();
  if (/^\d{1,9}$/.test(value)) return Number(value);
  const at = Date.parse(value);
  if (Number.isNaN(at) || !/[a-z]/i.test(value)) return null;
  return Math.max(0, (at - now.getTime()) / 1000);
}

/** What becomes of a delivery after an attempt: done, failed, or tried again in delaySeconds. */
export interface AttemptVerdict {
  status: 'pending' | 'succeeded' | 'failed';
  delaySeconds: number | null;
  /** The attempt's error for the log; null on success. */
  error: string | null;
}

/**
 * Any 2xx succeeds; anything else (no answer, 3xx as redirects are not followed, 4xx, 5xx) is
 * retried by the schedule after the `attempts`-th attempt, with 429's and 503's Retry-After.
 */
export function attemptVerdict(
  outcome: { statusCode: number | null; retryAfter: string | undefined; error: string | null },
  schedule: readonly number[],
  attempts: number,
  now: Date,
  random: number,
): AttemptVerdict {
  const { statusCode } = outcome;
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
    return { status: 'succeeded', delaySeconds: null, error: null };
  }
  let error = outcome.error ?? `HTTP ${String(statusCode)}`;
  if (statusCode !== null && statusCode >= 300 && statusCode < 400) {
    error = `HTTP ${statusCode}: redirects are not followed`;
  }
  const retryAfter =
    statusCode === 429 || statusCode === 503 ? parseRetryAfter(outcome.retryAfter, now) : null;
  const delaySeconds = nextDelaySeconds(schedule, attempts, retryAfter, random);
  return delaySeconds === null
    ? { status: 'failed', delaySeconds: null, error }
    : { status: 'pending', delaySeconds, error };
}
