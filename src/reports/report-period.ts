// A report's period: `from`/`to` as whole local days or as instants, checked and turned into a
// half-open range [start, end) in the report's time zone, and cut into local days or ISO weeks
// (Monday first). Luxon does the calendar, so a DST day is 23 or 25 hours long.
import { DateTime, IANAZone } from 'luxon';
import { ValidationFailed } from '@/common/errors/domain-errors';
import { GroupBy, REPORT_DEFAULT_DAYS, REPORT_MAX_DAYS } from '@/reports/report-limits';

/** A whole local day: `from` is its start, `to` includes it. */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** An instant (RFC 3339 with an offset): `from` includes it, `to` does not. */
export const DATE_TIME_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export interface ReportRange {
  /** Inclusive. */
  start: DateTime;
  /** Exclusive. */
  end: DateTime;
  zone: string;
}

export interface Bucket {
  /** The local date the bucket (day, or the week's Monday) starts on, as the SQL groups it. */
  key: string;
  /** Clipped to the range, like its contents. */
  start: DateTime;
  end: DateTime;
}

/** The zone if Luxon knows it, else UTC (a report never fails on a stored policy). */
export function reportZone(zone: string | undefined): string {
  return zone !== undefined && IANAZone.isValidZone(zone) ? zone : 'UTC';
}

const MESSAGE = (field: string) =>
  `${field} must be a date (YYYY-MM-DD) or a date-time with an offset (e.g. 2026-11-01T00:00:00Z)`;

function parseBound(
  field: 'from' | 'to',
  value: string,
  zone: string,
): DateTime | ValidationFailed {
  if (DATE_PATTERN.test(value)) {
    const day = DateTime.fromISO(value, { zone });
    if (!day.isValid) return new ValidationFailed([{ field, message: MESSAGE(field) }]);
    const start = day.startOf('day');
    return field === 'to' ? start.plus({ days: 1 }).startOf('day') : start;
  }
  if (DATE_TIME_PATTERN.test(value)) {
    const instant = DateTime.fromISO(value, { zone });
    if (instant.isValid) return instant;
  }
  return new ValidationFailed([{ field, message: MESSAGE(field) }]);
}

/**
 * [start, end) from the query. Without `to`: now; without `from`: REPORT_DEFAULT_DAYS before
 * `to`. Refuses an empty or reversed range and one longer than REPORT_MAX_DAYS local days.
 */
export function parseReportRange(
  query: { from?: string; to?: string },
  zone: string,
  now: Date,
): ReportRange {
  const end =
    query.to === undefined ? DateTime.fromJSDate(now, { zone }) : parseBound('to', query.to, zone);
  if (end instanceof ValidationFailed) throw end;
  const start =
    query.from === undefined
      ? end.minus({ days: REPORT_DEFAULT_DAYS })
      : parseBound('from', query.from, zone);
  if (start instanceof ValidationFailed) throw start;
  if (start >= end) {
    throw new ValidationFailed([{ field: 'from', message: 'from must be before to' }]);
  }
  if (end > start.plus({ days: REPORT_MAX_DAYS })) {
    throw new ValidationFailed([
      { field: 'to', message: `The range may span at most ${REPORT_MAX_DAYS} days` },
    ]);
  }
  return { start, end, zone };
}

const UNIT = { day: 'day', week: 'week' } as const;

/** The local date `at` falls on (a day) or the Monday of its ISO week, in the zone. */
export function bucketKey(at: Date, groupBy: GroupBy, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).startOf(UNIT[groupBy]).toISODate()!;
}

/** Every local day or ISO week the range touches, in order, each clipped to the range. */
export function bucketsOf(range: ReportRange, groupBy: GroupBy): Bucket[] {
  const buckets: Bucket[] = [];
  let cursor = range.start.startOf(UNIT[groupBy]);
  while (cursor < range.end) {
    const next = cursor.plus(groupBy === 'day' ? { days: 1 } : { weeks: 1 }).startOf(UNIT[groupBy]);
    buckets.push({
      key: cursor.toISODate()!,
      start: cursor < range.start ? range.start : cursor,
      end: next > range.end ? range.end : next,
    });
    cursor = next;
  }
  return buckets;
}

/** An instant as the reports write it: ISO 8601 with the zone's offset at that moment. */
export function formatInstant(at: DateTime): string {
  return at.toISO({ suppressMilliseconds: true })!;
}
