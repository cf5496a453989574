// The business-time calendar behind SLA clocks: which instants count as business time in a time
// zone with weekly opening hours and holidays, and how far a number of business minutes reaches.
import { IANAZone } from 'luxon';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** ["09:00","12:30"]: local wall-clock start and end, "HH:MM" 24h; end may be "24:00"; end > start (a period spanning midnight is refused). */
export type Period = [string, string];
export type WeekHours = Record<Weekday, Period[]>;
export interface CalendarSpec {
  /** IANA name, e.g. "Europe/Berlin". */
  timezone: string;
  /** null: around the clock, every minute of every non-holiday day counts. */
  businessHours: WeekHours | null;
  /** 'YYYY-MM-DD' dates in the zone: the whole local day has no business time. */
  holidays: string[];
}

export const MAX_PERIODS_PER_DAY = 10;
export const MAX_HOLIDAYS = 366;
/**
 * How many local days a calculation may walk (about ten years). A valid week is not empty and at
 * most MAX_HOLIDAYS days are taken out, so even a one-day week reopens within about seven years:
 * this only stops absurd amounts or spans instead of letting them run on.
 */
export const MAX_HORIZON_DAYS = 3660;

const DAY_CACHE_SIZE = 4000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DAY_MINUTES = 1440;
const TIME = /^(\d{2}):(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Luxon keywords and offset strings are not zone names; a stored calendar must name a real zone
// so that its DST rules travel with it.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;
const NOT_IANA = new Set(['local', 'system']);

/** Minutes after local midnight, or null when `value` is not "HH:MM" (00:00–23:59, or 24:00). */
function parseTime(value: unknown): number | null {
  const match = typeof value === 'string' ? TIME.exec(value) : null;
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date, or null when it is not a real calendar date. */
function parseDate(value: unknown): number | null {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2026-02-30 over to March 2: a real date survives the round trip.
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1) return null;
  return ms / DAY_MS;
}

function periodProblems(day: Weekday, periods: unknown): string[] {
  const field = `business_hours.${day}`;
  if (!Array.isArray(periods)) return [`${field}: must be a list of periods`];
  if (periods.length > MAX_PERIODS_PER_DAY) {
    return [`${field}: at most ${MAX_PERIODS_PER_DAY} periods per day`];
  }
  const problems: string[] = [];
  const valid: { index: number; start: number; end: number }[] = [];
  periods.forEach((period: unknown, index) => {
    const at = `${field}[${index}]`;
    if (!Array.isArray(period) || period.length !== 2) {
      problems.push(`${at}: must be a [start, end] pair of "HH:MM" times`);
      return;
    }
    const start = parseTime(period[0]);
    const end = parseTime(period[1]);
    if (start === null || start === DAY_MINUTES) {
      problems.push(`${at}: start must be a "HH:MM" time from 00:00 to 23:59`);
    } else if (end === null) {
      problems.push(`${at}: end must be a "HH:MM" time from 00:01 to 24:00`);
    } else if (end <= start) {
      problems.push(`${at}: end must be after start (a period cannot span midnight)`);
    } else {
      valid.push({ index, start, end });
    }
  });
  // Touching periods (09:00–12:00, 12:00–13:00) are fine: ends are exclusive. Each period is
  // compared with the one reaching furthest so far, so a long period cannot hide two overlaps.
  valid.sort((a, b) => a.start - b.start || a.index - b.index);
  let reach = valid[0];
  for (const period of valid.slice(1)) {
    if (reach && period.start < reach.end) {
      const [earlier, later] = [reach.index, period.index].sort((a, b) => a - b);
      problems.push(`${field}[${later}]: overlaps ${field}[${earlier}]`);
    }
    if (!reach || period.end > reach.end) reach = period;
  }
  return problems;
}

/**
 * Problems with a spec, as short sentences naming the field; [] when valid. The zone must be an
 * IANA name Intl knows ("Etc/GMT-5" and "UTC" are; "+05:30", "UTC+3", Luxon's "local" and
 * "system" are not). Times are "HH:MM" with two-digit hours; periods may touch but not overlap,
 * in any order. A week without any period is refused, since no SLA clock could ever finish.
 */
export function calendarProblems(spec: CalendarSpec): string[] {
  const problems: string[] = [];
  const zone: unknown = spec.timezone;
  if (
    typeof zone !== 'string' ||
    !ZONE_NAME.test(zone) ||
    NOT_IANA.has(zone.toLowerCase()) ||
    !IANAZone.isValidZone(zone)
  ) {
    problems.push('timezone: must be an IANA time zone name such as "Europe/Berlin"');
  }

  const hours: unknown = spec.businessHours;
  if (hours !== null) {
    if (typeof hours !== 'object' || Array.isArray(hours)) {
      problems.push(
        'business_hours: must be null or an object with one list of periods per weekday',
      );
    } else {
      const week = hours as Record<string, unknown>;
      for (const key of Object.keys(week)) {
        if (!(WEEKDAYS as readonly string[]).includes(key)) {
          problems.push(`business_hours.${key}: not a weekday (${WEEKDAYS.join(', ')})`);
        }
      }
      const before = problems.length;
      let anyPeriod = false;
      for (const day of WEEKDAYS) {
        if (week[day] === undefined) {
          problems.push(`business_hours.${day}: missing (use [] for a closed day)`);
          continue;
        }
        const dayProblems = periodProblems(day, week[day]);
        problems.push(...dayProblems);
        anyPeriod ||= dayProblems.length === 0 && (week[day] as unknown[]).length > 0;
      }
      // Only for an otherwise valid week: addMinutes could never finish on it.
      if (!anyPeriod && problems.length === before) {
        problems.push('business_hours: no business time in the week');
      }
    }
  }

  const holidays: unknown = spec.holidays;
  if (!Array.isArray(holidays)) {
    problems.push('holidays: must be a list of "YYYY-MM-DD" dates');
  } else if (holidays.length > MAX_HOLIDAYS) {
    problems.push(`holidays: at most ${MAX_HOLIDAYS} dates`);
  } else {
    const seen = new Map<unknown, number>();
    holidays.forEach((holiday: unknown, index) => {
      const first = seen.get(holiday);
      if (parseDate(holiday) === null) {
        problems.push(`holidays[${index}]: must be a real "YYYY-MM-DD" date`);
      } else if (first !== undefined) {
        problems.push(`holidays[${index}]: duplicates holidays[${first}]`);
      } else {
        seen.set(holiday, index);
      }
    });
  }
  return problems;
}

/** A [start, end) range of epoch milliseconds. */
type Interval = [number, number];

const AROUND_THE_CLOCK: [number, number][] = [[0, DAY_MINUTES]];

/**
 * Business time is real elapsed time inside the wall-clock periods of each local day, so DST
 * changes make a period shorter or longer. Wall-clock boundaries map to instants with one
 * monotonic rule (see `instantOf`), which keeps touching periods touching across DST changes.
 * Without business hours every day is one 00:00–24:00 period; holidays still take out whole
 * local days. Calculations walk at most MAX_HORIZON_DAYS local days and throw a RangeError
 * beyond.
 */
export class BusinessCalendar {
  private readonly zone: IANAZone;
  /** Periods as [start, end) minutes after local midnight, sorted, indexed Monday = 0. */
  private readonly week: [number, number][][];
  /** Holidays as local day numbers (days since 1970-01-01). */
  private readonly holidays: Set<number>;
  /**
   * Each open day's intervals once computed: a zone offset look-up costs tens of microseconds
   * and an SLA job asks about the same few weeks for every ticket. Cleared when full.
   */
  private readonly days = new Map<number, Interval[]>();

  constructor(spec: CalendarSpec) {
    const problems = calendarProblems(spec);
    if (problems.length > 0) throw new Error(`Invalid business calendar: ${problems.join('; ')}`);
    this.zone = IANAZone.create(spec.timezone);
    const hours = spec.businessHours;
    this.week = WEEKDAYS.map((day) =>
      hours === null
        ? AROUND_THE_CLOCK
        : hours[day]
            .map(([start, end]): [number, number] => [parseTime(start)!, parseTime(end)!])
            .sort((a, b) => a[0] - b[0]),
    );
    this.holidays = new Set(spec.holidays.map((date) => parseDate(date)!));
  }

  /**
   * The instant at which `minutes` (fractional, >= 0) of business time after `start` have
   * elapsed, rounded to the millisecond. Outside business time counting starts at the next
   * business moment, so 0 minutes gives `start` or the next business moment; a target that
   * fills a period exactly is that period's end.
   */
  addMinutes(start: Date, minutes: number): Date {
    if (!Number.isFinite(minutes) || minutes < 0) {
      throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
    }
    let remaining = minutes * MINUTE_MS;
    for (const [from, to] of this.intervalsFrom(instant(start, 'start'))) {
      if (remaining <= to - from) return new Date(Math.round(from + remaining));
      remaining -= to - from;
    }
    throw new Error('unreachable: intervalsFrom ends by throwing');
  }

  /** Business minutes (fractional, exact to the millisecond) elapsed in [from, to); 0 when to <= from. */
  minutesBetween(from: Date, to: Date): number {
    const [begin, end] = [instant(from, 'from'), instant(to, 'to')];
    let total = 0;
    if (end <= begin) return total;
    for (const [start, stop] of this.intervalsFrom(begin)) {
      if (start >= end) break;
      total += Math.min(stop, end) - start;
    }
    return total / MINUTE_MS;
  }

  /** Whether `at` falls inside a business period (start inclusive, end exclusive) on a non-holiday. */
  isBusinessTime(at: Date): boolean {
    // The next business moment at or after `at` is `at` itself exactly when `at` is inside.
    const ms = instant(at, 'at');
    const next = this.intervalsFrom(ms).next();
    return !next.done && next.value[0] === ms;
  }

  /**
   * The business intervals that end after `ms`, in order, the first clipped to start at `ms`.
   * Walks local day by day (cheap: closed days and holidays cost no zone look-up) from the day of
   * `ms`: earlier days' intervals end by that day's first midnight, which is not after `ms`.
   */
  private *intervalsFrom(ms: number): Generator<Interval> {
    const first = this.localDay(ms);
    for (let day = first; day <= first + MAX_HORIZON_DAYS; day++) {
      for (const [start, end] of this.intervalsOf(day)) {
        if (end > ms) yield [Math.max(start, ms), end];
      }
    }
    throw new RangeError(`business time calculation goes beyond ${MAX_HORIZON_DAYS} days`);
  }

  /** One local day's business intervals, in order; empty ones (inside a DST gap) left out. */
  private intervalsOf(day: number): Interval[] {
    const periods = this.week[weekdayIndex(day)]!;
    if (periods.length === 0 || this.holidays.has(day)) return [];
    let intervals = this.days.get(day);
    if (!intervals) {
      intervals = periods
        .map(([start, end]): Interval => [this.instantOf(day, start), this.instantOf(day, end)])
        .filter(([start, end]) => end > start);
      if (this.days.size >= DAY_CACHE_SIZE) this.days.clear();
      this.days.set(day, intervals);
    }
    return intervals;
  }

  private localDay(ms: number): number {
    return Math.floor((ms + this.zone.offset(ms) * MINUTE_MS) / DAY_MS);
  }

  /**
   * The instant of a local wall-clock time. A time repeated by a fall-back change is its earlier
   * occurrence; a time skipped by a spring-forward change is the instant the clocks jump (Luxon
   * itself would shift 02:30 to 03:30, which would move business time outside its window).
   */
  private instantOf(day: number, minute: number): number {
    const wall = day * DAY_MS + minute * MINUTE_MS;
    // The offsets in force well before and well after: any DST change near `wall` is between.
    const offsets = [this.zone.offset(wall - DAY_MS), this.zone.offset(wall + DAY_MS)];
    const candidates = offsets
      .map((offset) => wall - offset * MINUTE_MS)
      .filter((ms) => wall - this.zone.offset(ms) * MINUTE_MS === ms);
    if (candidates.length > 0) return Math.min(...candidates);
    // In a gap neither offset fits: read with the offset after the change `wall` lands before
    // the change, read with the offset before it lands after. Bisect for the change itself.
    let before = wall - Math.max(...offsets) * MINUTE_MS;
    let after = wall - Math.min(...offsets) * MINUTE_MS;
    const later = this.zone.offset(after);
    while (after - before > 1) {
      const middle = Math.floor((before + after) / 2);
      if (this.zone.offset(middle) === later) after = middle;
      else before = middle;
    }
    return after;
  }
}

/** Monday = 0; 1970-01-01 (day 0) was a Thursday. */
function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

function instant(date: Date, name: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${name} is an invalid Date`);
  return ms;
}
