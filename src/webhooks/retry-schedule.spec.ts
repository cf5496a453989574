import {
  attemptVerdict,
  DEFAULT_RETRY_SCHEDULE,
  nextDelaySeconds,
  parseRetryAfter,
  parseRetrySchedule,
} from '@/webhooks/retry-schedule';

describe('webhook retry schedule', () => {
  it.each([
    ['5,300,1800,7200,18000,36000,36000', [...DEFAULT_RETRY_SCHEDULE]],
    ['1, 1 ,2', [1, 1, 2]],
    ['60', [60]],
  ])('reads %j', (text, schedule) => {
    expect(parseRetrySchedule(text)).toEqual(schedule);
  });

  it.each(['', '5,,6', '0,5', '-1', '1.5', 'five', '5;6'])('refuses %j', (text) => {
    expect(parseRetrySchedule(text)).toBeNull();
  });

  it('waits each step, moved by at most 20%, and gives up after the last', () => {
    const schedule = [5, 300, 1800];
    expect(nextDelaySeconds(schedule, 1, null, 0)).toBeCloseTo(4);
    expect(nextDelaySeconds(schedule, 1, null, 0.5)).toBeCloseTo(5);
    expect(nextDelaySeconds(schedule, 2, null, 0.999999)).toBeCloseTo(360);
    expect(nextDelaySeconds(schedule, 3, null, 0.5)).toBeCloseTo(1800);
    expect(nextDelaySeconds(schedule, 4, null, 0.5)).toBeNull();
  });

  it('honours Retry-After up to the next step', () => {
    const schedule = [5, 300, 1800];
    expect(nextDelaySeconds(schedule, 1, 120, 0.5)).toBe(120);
    expect(nextDelaySeconds(schedule, 1, 3600, 0.5)).toBe(300);
    expect(nextDelaySeconds(schedule, 3, 7200, 0.5)).toBe(1800);
    expect(nextDelaySeconds(schedule, 4, 10, 0.5)).toBeNull();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Tue, 01 Dec 2026 10:05:00 GMT', now)).toBe(300);
    expect(parseRetryAfter('Tue, 01 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });

  describe('after an attempt', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const schedule = [5, 300, 1800];
    const answer = (
      statusCode: number | null,
      retryAfter?: string,
      error: string | null = null,
    ) => ({
      statusCode,
      retryAfter,
      error,
    });

    it.each([
      ['200', answer(200), 1, { status: 'succeeded', delaySeconds: null, error: null }],
      ['204', answer(204), 3, { status: 'succeeded', delaySeconds: null, error: null }],
      ['500, first try', answer(500), 1, { status: 'pending', delaySeconds: 5, error: 'HTTP 500' }],
      [
        '500, schedule spent',
        answer(500),
        4,
        { status: 'failed', delaySeconds: null, error: 'HTTP 500' },
      ],
      [
        'a redirect',
        answer(302),
        1,
        { status: 'pending', delaySeconds: 5, error: 'HTTP 302: redirects are not followed' },
      ],
      [
        'no answer',
        answer(null, undefined, 'timed out'),
        2,
        { status: 'pending', delaySeconds: 300, error: 'timed out' },
      ],
      [
        '429 Retry-After below the next step',
        answer(429, '60'),
        1,
        { status: 'pending', delaySeconds: 60, error: 'HTTP 429' },
      ],
      [
        '503 Retry-After past the next step',
        answer(503, '99999'),
        1,
        { status: 'pending', delaySeconds: 300, error: 'HTTP 503' },
      ],
      [
        '400 Retry-After is ignored',
        answer(400, '60'),
        1,
        { status: 'pending', delaySeconds: 5, error: 'HTTP 400' },
      ],
    ] as const)('%s', (_name, outcome, attempts, expected) => {
      // random 0.5: no jitter, so the table can name the delay.
      expect(attemptVerdict(outcome, schedule, attempts, now, 0.5)).toEqual(expected);
    });
  });
});
