import { DateTime } from 'luxon';
import {
  BusinessCalendar,
  calendarProblems,
  type CalendarSpec,
  MAX_HORIZON_DAYS,
  WEEKDAYS,
} from '@/sla/business-calendar';
import {
  addCases,
  betweenCases,
  businessTimeCases,
  type CalendarName,
  calendars,
  inverseAmounts,
  inverseStarts,
  oracleWeeks,
  problemCases,
} from '@/sla/business-calendar.cases';

/** Business minutes in [from, to) counted one real minute at a time, the slow obvious way. */
function countMinuteByMinute(name: CalendarName, from: Date, to: Date): number {
  const { timezone, businessHours, holidays }: CalendarSpec = calendars[name];
  let count = 0;
  for (let at = from.getTime(); at < to.getTime(); at += 60_000) {
    const wall = DateTime.fromMillis(at, { zone: timezone });
    const hhmm = wall.toFormat('HH:mm');
    const periods = businessHours?.[WEEKDAYS[wall.weekday - 1]!] ?? [['00:00', '24:00']];
    const open = periods.some(([start, end]) => start <= hhmm && hhmm < end);
    if (open && !holidays.includes(wall.toISODate()!)) count++;
  }
  return count;
}

const calendar = (name: CalendarName) => new BusinessCalendar(calendars[name]);
/** The instant as local time with its offset in the calendar's zone, like the case tables. */
const local = (name: CalendarName, at: Date) =>
  DateTime.fromJSDate(at, { zone: calendars[name].timezone }).toISO({ suppressMilliseconds: true });

describe('BusinessCalendar.addMinutes', () => {
  it.each(addCases)('$name ($calendar, $start + $minutes min)', (c) => {
    expect(local(c.calendar, calendar(c.calendar).addMinutes(new Date(c.start), c.minutes))).toBe(
      c.due,
    );
  });

  it('refuses negative, infinite and NaN amounts and invalid dates', () => {
    const office = calendar('berlinOffice');
    const start = new Date('2026-03-03T10:00:00+01:00');
    for (const minutes of [-1, Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(() => office.addMinutes(start, minutes)).toThrow(RangeError);
    }
    expect(() => office.addMinutes(new Date('nope'), 1)).toThrow(RangeError);
  });

  it('refuses a target further away than the horizon instead of walking on', () => {
    const mondays = calendar('berlinMondayHour');
    // One hour a week: the horizon holds about 523 hours.
    expect(() => mondays.addMinutes(new Date('2026-01-05T09:00:00+01:00'), 600 * 60)).toThrow(
      `beyond ${MAX_HORIZON_DAYS} days`,
    );
  });

  it('skips a year in which every open day is a holiday', () => {
    const mondays = '2026-01-05';
    const holidays = Array.from({ length: 52 }, (_, week) =>
      DateTime.fromISO(mondays).plus({ weeks: week }).toISODate()!,
    );
    const sparse = new BusinessCalendar({ ...calendars.berlinMondayHour, holidays });
    expect(
      local('berlinMondayHour', sparse.addMinutes(new Date('2026-01-05T09:00:00+01:00'), 1)),
    ).toBe('2027-01-04T09:01:00+01:00');
  });
});

describe('BusinessCalendar.minutesBetween', () => {
  it.each(betweenCases)('$name ($calendar)', (c) => {
    expect(calendar(c.calendar).minutesBetween(new Date(c.from), new Date(c.to))).toBeCloseTo(
      c.minutes,
      9,
    );
  });

  // A correctness check on long walks, not a timing test.
  it.each(inverseStarts)('undoes addMinutes from a business instant (%s, %s)', (name, start) => {
    const cal = calendar(name);
    const from = new Date(start);
    expect(cal.isBusinessTime(from)).toBe(true);
    for (const minutes of inverseAmounts) {
      const due = cal.addMinutes(from, minutes);
      expect(Math.abs(cal.minutesBetween(from, due) - minutes)).toBeLessThan(1e-6);
    }
  });

  it.each(oracleWeeks)('agrees with a minute-by-minute count (%s, %s to %s)', (name, from, to) => {
    const [start, end] = [new Date(from), new Date(to)];
    expect(calendar(name).minutesBetween(start, end)).toBe(countMinuteByMinute(name, start, end));
  });

  it('refuses a span longer than the horizon', () => {
    const office = calendar('berlinOffice');
    const from = new Date('2026-01-01T00:00:00+01:00');
    expect(office.minutesBetween(from, new Date('2035-12-31T00:00:00+01:00'))).toBeGreaterThan(0);
    expect(() => office.minutesBetween(from, new Date('2037-01-01T00:00:00+01:00'))).toThrow(
      `beyond ${MAX_HORIZON_DAYS} days`,
    );
  });

  it('undoes addMinutes from outside business time too', () => {
    const office = calendar('berlinOffice');
    const saturday = new Date('2026-03-07T10:00:00+01:00');
    expect(office.isBusinessTime(saturday)).toBe(false);
    for (const minutes of inverseAmounts) {
      expect(office.minutesBetween(saturday, office.addMinutes(saturday, minutes))).toBeCloseTo(
        minutes,
        6,
      );
    }
  });
});

describe('BusinessCalendar.isBusinessTime', () => {
  it.each(businessTimeCases)('%s at %s is %s: %s', (name, at, expected) => {
    expect(calendar(name).isBusinessTime(new Date(at))).toBe(expected);
  });
});

describe('calendarProblems', () => {
  it.each(problemCases)('%s', (_case, spec, problems) => {
    expect(calendarProblems(spec)).toEqual(problems);
  });

  it('is checked by the constructor', () => {
    expect(
      () => new BusinessCalendar({ ...calendars.berlinOffice, timezone: 'Mars/Olympus' }),
    ).toThrow('Invalid business calendar: timezone: must be an IANA time zone name');
  });
});
