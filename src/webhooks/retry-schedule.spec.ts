import {
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
});
