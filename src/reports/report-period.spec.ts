import { DateTime } from 'luxon';
import { ValidationFailed } from '@/common/errors/domain-errors';
import {
  bucketKey,
  bucketsOf,
  formatInstant,
  parseReportRange,
  reportZone,
} from '@/reports/report-period';

const BERLIN = 'Europe/Berlin';
const now = new Date('2026-11-20T10:30:00Z');

const hours = (bucket: { start: DateTime; end: DateTime }) =>
  bucket.end.diff(bucket.start, 'hours').hours;

function refusal(query: { from?: string; to?: string }, zone = 'UTC') {
  try {
    parseReportRange(query, zone, now);
  } catch (error) {
    if (error instanceof ValidationFailed) return error.errors;
    throw error;
  }
  throw new Error('accepted');
}

describe('parseReportRange', () => {
  it('takes dates as whole local days, `to` included', () => {
    const range = parseReportRange({ from: '2026-03-01', to: '2026-03-31' }, BERLIN, now);
    expect(formatInstant(range.start)).toBe('2026-03-01T00:00:00+01:00');
    expect(formatInstant(range.end)).toBe('2026-04-01T00:00:00+02:00');
    expect(range.start.toJSDate().toISOString()).toBe('2026-02-28T23:00:00.000Z');
  });

  it('takes one date for both as that single day', () => {
    const range = parseReportRange({ from: '2026-03-29', to: '2026-03-29' }, BERLIN, now);
    expect(range.end.diff(range.start, 'hours').hours).toBe(23);
  });

  it('takes date-times as instants, `to` excluded, shown in the report zone', () => {
    const range = parseReportRange(
      { from: '2026-03-01T10:00:00Z', to: '2026-03-02T08:30:00+02:00' },
      BERLIN,
      now,
    );
    expect(range.start.toJSDate().toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(range.end.toJSDate().toISOString()).toBe('2026-03-02T06:30:00.000Z');
    expect(formatInstant(range.start)).toBe('2026-03-01T11:00:00+01:00');
  });

  it('defaults `to` to now and `from` to 30 days before `to`', () => {
    const range = parseReportRange({}, 'UTC', now);
    expect(range.end.toJSDate()).toEqual(now);
    expect(range.start.toJSDate().toISOString()).toBe('2026-10-21T10:30:00.000Z');
    const onlyTo = parseReportRange({ to: '2026-03-31' }, 'UTC', now);
    expect(onlyTo.start.toISODate()).toBe('2026-03-02');
  });

  it('allows 366 days and refuses 367', () => {
    expect(() =>
      parseReportRange({ from: '2026-01-01', to: '2027-01-01' }, 'UTC', now),
    ).not.toThrow();
    expect(refusal({ from: '2026-01-01', to: '2027-01-02' })).toEqual([
      { field: 'to', message: 'The range may span at most 366 days' },
    ]);
    // Counted in local days: DST does not move the limit.
    expect(() =>
      parseReportRange({ from: '2026-01-01', to: '2027-01-01' }, BERLIN, now),
    ).not.toThrow();
    expect(
      refusal({ from: '2026-01-01T00:00:00Z', to: '2027-01-02T00:00:00.001Z' })[0]?.field,
    ).toBe('to');
  });

  it('refuses `from` after `to`, and an empty range', () => {
    expect(refusal({ from: '2026-03-02', to: '2026-03-01' })).toEqual([
      { field: 'from', message: 'from must be before to' },
    ]);
    expect(refusal({ from: '2026-03-01T00:00:00Z', to: '2026-03-01T00:00:00Z' })[0]?.field).toBe(
      'from',
    );
  });

  it('refuses dates that are not dates', () => {
    for (const bad of [
      '2026-02-30',
      '2026-13-01',
      '01/03/2026',
      '2026-03-01T10:00:00',
      'now',
      '',
    ]) {
      expect(refusal({ from: bad, to: '2026-04-01' })[0]?.field).toBe('from');
    }
    expect(refusal({ from: '2026-03-01', to: '2026-03-01T25:00:00Z' })[0]?.field).toBe('to');
  });
});

describe('bucketsOf', () => {
  it('makes local days, 23 h on the spring DST day and 25 h on the autumn one (Berlin)', () => {
    const spring = bucketsOf(
      parseReportRange({ from: '2026-03-28', to: '2026-03-30' }, BERLIN, now),
      'day',
    );
    expect(spring.map((bucket) => [bucket.key, hours(bucket)])).toEqual([
      ['2026-03-28', 24],
      ['2026-03-29', 23],
      ['2026-03-30', 24],
    ]);
    expect(formatInstant(spring[2]!.start)).toBe('2026-03-30T00:00:00+02:00');
    const autumn = bucketsOf(
      parseReportRange({ from: '2026-10-25', to: '2026-10-25' }, BERLIN, now),
      'day',
    );
    expect(autumn.map((bucket) => [bucket.key, hours(bucket)])).toEqual([['2026-10-25', 25]]);
  });

  it('makes ISO weeks starting Monday, the ends clipped to the range', () => {
    // 2026-03-26 is a Thursday; the week of the spring change is 24 × 7 − 1 hours.
    const weeks = bucketsOf(
      parseReportRange({ from: '2026-03-26', to: '2026-04-07' }, BERLIN, now),
      'week',
    );
    expect(weeks.map((bucket) => bucket.key)).toEqual(['2026-03-23', '2026-03-30', '2026-04-06']);
    expect(formatInstant(weeks[0]!.start)).toBe('2026-03-26T00:00:00+01:00');
    expect(formatInstant(weeks[0]!.end)).toBe('2026-03-30T00:00:00+02:00');
    expect(hours(weeks[0]!)).toBe(4 * 24 - 1);
    expect(hours(weeks[1]!)).toBe(7 * 24);
    expect(formatInstant(weeks[2]!.end)).toBe('2026-04-08T00:00:00+02:00');
  });

  it('clips a range of instants into partial first and last days', () => {
    const days = bucketsOf(
      parseReportRange({ from: '2026-03-01T12:00:00Z', to: '2026-03-02T06:00:00Z' }, 'UTC', now),
      'day',
    );
    expect(days.map((bucket) => [bucket.key, hours(bucket)])).toEqual([
      ['2026-03-01', 12],
      ['2026-03-02', 6],
    ]);
  });
});

describe('bucketKey', () => {
  it('files an instant under its local day or its ISO week’s Monday', () => {
    // 23:30 UTC on Saturday 28 March is 00:30 on Sunday the 29th in Berlin.
    const at = new Date('2026-03-28T23:30:00Z');
    expect(bucketKey(at, 'day', BERLIN)).toBe('2026-03-29');
    expect(bucketKey(at, 'day', 'UTC')).toBe('2026-03-28');
    expect(bucketKey(at, 'week', BERLIN)).toBe('2026-03-23');
    expect(bucketKey(new Date('2026-03-29T22:30:00Z'), 'week', BERLIN)).toBe('2026-03-30');
  });
});

describe('reportZone', () => {
  it('keeps a known zone and falls back to UTC', () => {
    expect(reportZone(BERLIN)).toBe(BERLIN);
    expect(reportZone('Mars/Olympus')).toBe('UTC');
    expect(reportZone(undefined)).toBe('UTC');
  });
});
