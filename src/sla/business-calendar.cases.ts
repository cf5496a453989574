// Case tables for business-calendar.spec.ts, written as local times with offsets so each can be
// checked by hand. DST in 2026: EU 03-29 02:00→03:00 and 10-25 03:00→02:00; US 03-08 02:00→03:00
// and 11-01 02:00→01:00.
import type { CalendarSpec, Period, WeekHours } from '@/sla/business-calendar';

const weekdays = (periods: Period[]): WeekHours => ({
  mon: periods,
  tue: periods,
  wed: periods,
  thu: periods,
  fri: periods,
  sat: [],
  sun: [],
});
const everyDay = (periods: Period[]): WeekHours => ({
  ...weekdays(periods),
  sat: periods,
  sun: periods,
});
const closed = weekdays([]);

export const calendars = {
  /** Mon–Fri 09:00–12:00 and 13:00–18:00 (8 h a day); Good Friday, Easter Monday, Christmas. */
  berlinOffice: {
    timezone: 'Europe/Berlin',
    businessHours: weekdays([
      ['09:00', '12:00'],
      ['13:00', '18:00'],
    ]),
    holidays: ['2026-04-03', '2026-04-06', '2026-12-25'],
  },
  /** Every night 01:00–04:00, so both EU DST changes fall inside a period. */
  berlinNights: {
    timezone: 'Europe/Berlin',
    businessHours: everyDay([['01:00', '04:00']]),
    holidays: [],
  },
  /** Sundays 02:00–02:30 and 02:30–05:00: boundaries inside the skipped and repeated hours. */
  berlinSundayEarly: {
    timezone: 'Europe/Berlin',
    businessHours: {
      ...closed,
      sun: [
        ['02:00', '02:30'],
        ['02:30', '05:00'],
      ],
    },
    holidays: [],
  },
  /** Only Monday 09:00–10:00: a sparse week for long walks. */
  berlinMondayHour: {
    timezone: 'Europe/Berlin',
    businessHours: { ...closed, mon: [['09:00', '10:00']] },
    holidays: [],
  },
  /** Around the clock except Christmas Day. */
  berlinAroundTheClock: {
    timezone: 'Europe/Berlin',
    businessHours: null,
    holidays: ['2026-12-25'],
  },
  /** Mon–Fri 09:00–17:00; Independence Day (observed Friday 07-03) and Thanksgiving. */
  newYorkOffice: {
    timezone: 'America/New_York',
    businessHours: weekdays([['09:00', '17:00']]),
    holidays: ['2026-07-03', '2026-11-26'],
  },
  /** Every night 00:00–03:00, so both US DST changes fall inside a period. */
  newYorkNights: {
    timezone: 'America/New_York',
    businessHours: everyDay([['00:00', '03:00']]),
    holidays: [],
  },
  newYorkAroundTheClock: { timezone: 'America/New_York', businessHours: null, holidays: [] },
  /** Mon–Sat 10:00–14:00 and 14:00–18:00 (touching periods) at +05:30. */
  kolkataOffice: {
    timezone: 'Asia/Kolkata',
    businessHours: {
      ...everyDay([
        ['10:00', '14:00'],
        ['14:00', '18:00'],
      ]),
      sun: [],
    },
    holidays: [],
  },
  /** Every day 00:00–01:00 and 08:00–12:00; Chile's DST changes happen at midnight. */
  santiagoMornings: {
    timezone: 'America/Santiago',
    businessHours: everyDay([
      ['00:00', '01:00'],
      ['08:00', '12:00'],
    ]),
    holidays: ['2026-04-07'],
  },
} satisfies Record<string, CalendarSpec>;

export type CalendarName = keyof typeof calendars;

export interface AddCase {
  name: string;
  calendar: CalendarName;
  start: string;
  minutes: number;
  due: string;
}

// One case a line (prettier-ignore on each table), so the tables read as tables.
// prettier-ignore
export const addCases: AddCase[] = [
  // Berlin office: +01:00 until 2026-03-29, +02:00 after.
  { name: 'within one period', calendar: 'berlinOffice', start: '2026-03-03T10:00:00+01:00', minutes: 30, due: '2026-03-03T10:30:00+01:00' },
  { name: 'across the lunch break', calendar: 'berlinOffice', start: '2026-03-03T11:30:00+01:00', minutes: 60, due: '2026-03-03T13:30:00+01:00' },
  { name: 'to exactly the end of the morning period', calendar: 'berlinOffice', start: '2026-03-03T09:00:00+01:00', minutes: 180, due: '2026-03-03T12:00:00+01:00' },
  { name: 'to exactly the end of the day', calendar: 'berlinOffice', start: '2026-03-03T09:00:00+01:00', minutes: 480, due: '2026-03-03T18:00:00+01:00' },
  { name: 'one minute past the end of the day', calendar: 'berlinOffice', start: '2026-03-03T09:00:00+01:00', minutes: 481, due: '2026-03-04T09:01:00+01:00' },
  { name: 'across a night', calendar: 'berlinOffice', start: '2026-03-03T17:30:00+01:00', minutes: 60, due: '2026-03-04T09:30:00+01:00' },
  { name: 'across a weekend', calendar: 'berlinOffice', start: '2026-03-06T17:30:00+01:00', minutes: 60, due: '2026-03-09T09:30:00+01:00' },
  { name: 'across the spring-forward weekend: Monday is on summer time', calendar: 'berlinOffice', start: '2026-03-27T17:30:00+01:00', minutes: 60, due: '2026-03-30T09:30:00+02:00' },
  { name: 'across Good Friday, the weekend and Easter Monday', calendar: 'berlinOffice', start: '2026-04-02T17:00:00+02:00', minutes: 120, due: '2026-04-07T10:00:00+02:00' },
  { name: 'starting on a holiday', calendar: 'berlinOffice', start: '2026-04-03T10:00:00+02:00', minutes: 30, due: '2026-04-07T09:30:00+02:00' },
  { name: 'starting before opening', calendar: 'berlinOffice', start: '2026-03-03T07:00:00+01:00', minutes: 30, due: '2026-03-03T09:30:00+01:00' },
  { name: 'starting in the lunch break', calendar: 'berlinOffice', start: '2026-03-03T12:15:00+01:00', minutes: 15, due: '2026-03-03T13:15:00+01:00' },
  { name: 'starting on a Saturday', calendar: 'berlinOffice', start: '2026-03-07T10:00:00+01:00', minutes: 30, due: '2026-03-09T09:30:00+01:00' },
  { name: 'zero minutes in business time: the start itself', calendar: 'berlinOffice', start: '2026-03-03T10:00:00+01:00', minutes: 0, due: '2026-03-03T10:00:00+01:00' },
  { name: 'zero minutes at the end of the morning: the afternoon opening', calendar: 'berlinOffice', start: '2026-03-03T12:00:00+01:00', minutes: 0, due: '2026-03-03T13:00:00+01:00' },
  { name: 'zero minutes at closing: the next opening', calendar: 'berlinOffice', start: '2026-03-03T18:00:00+01:00', minutes: 0, due: '2026-03-04T09:00:00+01:00' },
  { name: 'fractional minutes, to the millisecond', calendar: 'berlinOffice', start: '2026-03-03T10:00:00+01:00', minutes: 0.5005, due: '2026-03-03T10:00:30.030+01:00' },
  { name: '40 hours of 8-hour weekdays: exactly one week later', calendar: 'berlinOffice', start: '2026-03-02T11:00:00+01:00', minutes: 2400, due: '2026-03-09T11:00:00+01:00' },
  // Wed 03-18 + 20 business days, two of them Easter holidays, across the DST change.
  { name: '160 hours: four weeks plus the two Easter holidays later', calendar: 'berlinOffice', start: '2026-03-18T10:00:00+01:00', minutes: 9600, due: '2026-04-17T10:00:00+02:00' },

  // New York office: -05:00 until 2026-03-08, -04:00 until 2026-11-01, then -05:00.
  { name: 'Friday 17:00 + 30 min is Monday 09:30, after spring forward', calendar: 'newYorkOffice', start: '2026-03-06T17:00:00-05:00', minutes: 30, due: '2026-03-09T09:30:00-04:00' },
  { name: 'across the fall-back weekend', calendar: 'newYorkOffice', start: '2026-10-30T16:00:00-04:00', minutes: 120, due: '2026-11-02T10:00:00-05:00' },
  { name: 'across Independence Day observed on Friday', calendar: 'newYorkOffice', start: '2026-07-02T16:30:00-04:00', minutes: 60, due: '2026-07-06T09:30:00-04:00' },
  { name: 'across Thanksgiving', calendar: 'newYorkOffice', start: '2026-11-25T16:00:00-05:00', minutes: 120, due: '2026-11-27T10:00:00-05:00' },
  { name: '40 hours across spring forward: same wall time a week later, new offset', calendar: 'newYorkOffice', start: '2026-03-03T13:00:00-05:00', minutes: 2400, due: '2026-03-10T13:00:00-04:00' },

  // DST inside a period: real elapsed time counts.
  { name: 'the spring-forward night 01:00–04:00 holds 2 real hours', calendar: 'berlinNights', start: '2026-03-29T01:00:00+01:00', minutes: 120, due: '2026-03-29T04:00:00+02:00' },
  { name: 'an hour from 01:30 on spring-forward night ends at 03:30 summer time', calendar: 'berlinNights', start: '2026-03-29T01:30:00+01:00', minutes: 60, due: '2026-03-29T03:30:00+02:00' },
  { name: '150 minutes from spring-forward night run into the next night', calendar: 'berlinNights', start: '2026-03-29T01:00:00+01:00', minutes: 150, due: '2026-03-30T01:30:00+02:00' },
  { name: 'across the night before spring forward', calendar: 'berlinNights', start: '2026-03-28T03:30:00+01:00', minutes: 60, due: '2026-03-29T01:30:00+01:00' },
  { name: 'the fall-back night 01:00–04:00 holds 4 real hours', calendar: 'berlinNights', start: '2026-10-25T01:00:00+02:00', minutes: 240, due: '2026-10-25T04:00:00+01:00' },
  { name: '90 minutes on fall-back night reach the first 02:30', calendar: 'berlinNights', start: '2026-10-25T01:00:00+02:00', minutes: 90, due: '2026-10-25T02:30:00+02:00' },
  { name: '150 minutes on fall-back night reach the second 02:30', calendar: 'berlinNights', start: '2026-10-25T01:00:00+02:00', minutes: 150, due: '2026-10-25T02:30:00+01:00' },
  { name: 'starting in the repeated hour', calendar: 'berlinNights', start: '2026-10-25T02:30:00+01:00', minutes: 60, due: '2026-10-25T03:30:00+01:00' },
  { name: 'the US spring-forward night 00:00–03:00 holds 2 real hours', calendar: 'newYorkNights', start: '2026-03-08T00:00:00-05:00', minutes: 120, due: '2026-03-08T03:00:00-04:00' },
  { name: 'one minute more is the next night', calendar: 'newYorkNights', start: '2026-03-08T00:00:00-05:00', minutes: 121, due: '2026-03-09T00:01:00-04:00' },
  { name: 'the US fall-back night 00:00–03:00 holds 4 real hours', calendar: 'newYorkNights', start: '2026-11-01T00:00:00-04:00', minutes: 240, due: '2026-11-01T03:00:00-05:00' },
  { name: '90 minutes on US fall-back night reach the first 01:30', calendar: 'newYorkNights', start: '2026-11-01T00:00:00-04:00', minutes: 90, due: '2026-11-01T01:30:00-04:00' },
  { name: '150 minutes on US fall-back night reach the second 01:30', calendar: 'newYorkNights', start: '2026-11-01T00:00:00-04:00', minutes: 150, due: '2026-11-01T01:30:00-05:00' },

  // Boundaries that do not exist (skipped) or exist twice (repeated).
  { name: 'a period starting at skipped 02:30 opens when the clocks jump to 03:00', calendar: 'berlinSundayEarly', start: '2026-03-29T00:00:00+01:00', minutes: 0, due: '2026-03-29T03:00:00+02:00' },
  { name: 'a period 02:00–02:30 holds nothing on spring-forward day', calendar: 'berlinSundayEarly', start: '2026-03-29T00:00:00+01:00', minutes: 10, due: '2026-03-29T03:10:00+02:00' },
  { name: 'a boundary at repeated 02:30 is its first occurrence', calendar: 'berlinSundayEarly', start: '2026-10-25T00:00:00+02:00', minutes: 30, due: '2026-10-25T02:30:00+02:00' },
  { name: 'the period after a repeated boundary holds the repeated hour', calendar: 'berlinSundayEarly', start: '2026-10-25T00:00:00+02:00', minutes: 90, due: '2026-10-25T02:30:00+01:00' },

  { name: 'a period skipped outright by spring forward holds nothing', calendar: 'santiagoMornings', start: '2026-09-05T12:00:00-04:00', minutes: 0, due: '2026-09-06T08:00:00-03:00' },

  { name: 'a non-hour offset: Saturday evening to Monday morning', calendar: 'kolkataOffice', start: '2026-03-07T17:30:00+05:30', minutes: 60, due: '2026-03-09T10:30:00+05:30' },
  { name: 'across touching periods', calendar: 'kolkataOffice', start: '2026-03-09T13:30:00+05:30', minutes: 60, due: '2026-03-09T14:30:00+05:30' },

  // Around the clock: business minutes are real minutes; holidays still drop whole local days.
  { name: 'around the clock across the Christmas holiday', calendar: 'berlinAroundTheClock', start: '2026-12-24T23:30:00+01:00', minutes: 60, due: '2026-12-26T00:30:00+01:00' },
  { name: 'around the clock, starting on the holiday: the next midnight', calendar: 'berlinAroundTheClock', start: '2026-12-25T10:00:00+01:00', minutes: 0, due: '2026-12-26T00:00:00+01:00' },
  { name: 'around the clock, 24 real hours across fall back move the wall clock 23 hours', calendar: 'berlinAroundTheClock', start: '2026-10-24T12:00:00+02:00', minutes: 1440, due: '2026-10-25T11:00:00+01:00' },
  { name: 'around the clock, 24 real hours across US spring forward move the wall clock 25 hours', calendar: 'newYorkAroundTheClock', start: '2026-03-07T12:00:00-05:00', minutes: 1440, due: '2026-03-08T13:00:00-04:00' },

  // 166 full Mondays (9,960 min) and 40 minutes of the 167th: 2026-01-05 + 166 weeks.
  { name: '10,000 minutes of Monday 09:00–10:00 alone', calendar: 'berlinMondayHour', start: '2026-01-05T09:00:00+01:00', minutes: 10000, due: '2029-03-12T09:40:00+01:00' },
];

export interface BetweenCase {
  name: string;
  calendar: CalendarName;
  from: string;
  to: string;
  minutes: number;
}

// prettier-ignore
export const betweenCases: BetweenCase[] = [
  { name: 'a full business day', calendar: 'berlinOffice', from: '2026-03-03T00:00:00+01:00', to: '2026-03-04T00:00:00+01:00', minutes: 480 },
  { name: 'a weekend holds none', calendar: 'berlinOffice', from: '2026-03-07T00:00:00+01:00', to: '2026-03-09T00:00:00+01:00', minutes: 0 },
  { name: 'a holiday holds none', calendar: 'berlinOffice', from: '2026-04-03T00:00:00+02:00', to: '2026-04-04T00:00:00+02:00', minutes: 0 },
  { name: 'to before from is 0', calendar: 'berlinOffice', from: '2026-03-04T10:00:00+01:00', to: '2026-03-03T10:00:00+01:00', minutes: 0 },
  { name: 'an empty range is 0', calendar: 'berlinOffice', from: '2026-03-03T10:00:00+01:00', to: '2026-03-03T10:00:00+01:00', minutes: 0 },
  { name: 'thirty milliseconds', calendar: 'berlinOffice', from: '2026-03-03T10:00:00+01:00', to: '2026-03-03T10:00:00.030+01:00', minutes: 0.0005 },
  { name: 'a business week across the spring-forward weekend', calendar: 'berlinOffice', from: '2026-03-23T00:00:00+01:00', to: '2026-03-30T00:00:00+02:00', minutes: 2400 },
  { name: 'Friday 17:00 to Monday 09:30 across spring forward', calendar: 'newYorkOffice', from: '2026-03-06T17:00:00-05:00', to: '2026-03-09T09:30:00-04:00', minutes: 30 },
  { name: 'the spring-forward night', calendar: 'berlinNights', from: '2026-03-29T00:00:00+01:00', to: '2026-03-29T12:00:00+02:00', minutes: 120 },
  { name: 'the fall-back night', calendar: 'berlinNights', from: '2026-10-25T00:00:00+02:00', to: '2026-10-25T12:00:00+01:00', minutes: 240 },
  { name: 'the repeated hour counts twice', calendar: 'berlinNights', from: '2026-10-25T02:00:00+02:00', to: '2026-10-25T03:00:00+01:00', minutes: 120 },
  { name: 'spring-forward Sunday with skipped boundaries', calendar: 'berlinSundayEarly', from: '2026-03-29T00:00:00+01:00', to: '2026-03-30T00:00:00+02:00', minutes: 120 },
  { name: 'fall-back Sunday with repeated boundaries', calendar: 'berlinSundayEarly', from: '2026-10-25T00:00:00+02:00', to: '2026-10-26T00:00:00+01:00', minutes: 240 },
  { name: 'around the clock, the spring-forward day is 23 hours', calendar: 'berlinAroundTheClock', from: '2026-03-29T00:00:00+01:00', to: '2026-03-30T00:00:00+02:00', minutes: 1380 },
  { name: 'around the clock, the fall-back day is 25 hours', calendar: 'berlinAroundTheClock', from: '2026-10-25T00:00:00+02:00', to: '2026-10-26T00:00:00+01:00', minutes: 1500 },
  { name: 'around the clock, Christmas Day is left out', calendar: 'berlinAroundTheClock', from: '2026-12-24T00:00:00+01:00', to: '2026-12-27T00:00:00+01:00', minutes: 2880 },
  { name: 'Saturday to Tuesday at +05:30', calendar: 'kolkataOffice', from: '2026-03-07T00:00:00+05:30', to: '2026-03-10T00:00:00+05:30', minutes: 960 },
  // 2026 starts on a Thursday and has 365 days: 52 Mondays.
  { name: 'a year of the Monday hour', calendar: 'berlinMondayHour', from: '2026-01-01T00:00:00+01:00', to: '2027-01-01T00:00:00+01:00', minutes: 3120 },
];

// prettier-ignore
export const businessTimeCases: [CalendarName, string, boolean, string][] = [
  ['berlinOffice', '2026-03-03T09:00:00+01:00', true, 'the opening minute (start inclusive)'],
  ['berlinOffice', '2026-03-03T08:59:59.999+01:00', false, 'a millisecond before opening'],
  ['berlinOffice', '2026-03-03T11:59:59.999+01:00', true, 'the last millisecond of the morning'],
  ['berlinOffice', '2026-03-03T12:00:00+01:00', false, 'the end of the morning (end exclusive)'],
  ['berlinOffice', '2026-03-03T13:00:00+01:00', true, 'the afternoon opening'],
  ['berlinOffice', '2026-03-03T18:00:00+01:00', false, 'closing time'],
  ['berlinOffice', '2026-03-07T10:00:00+01:00', false, 'a Saturday'],
  ['berlinOffice', '2026-04-03T10:00:00+02:00', false, 'a holiday'],
  ['kolkataOffice', '2026-03-09T14:00:00+05:30', true, 'where two periods touch'],
  ['berlinNights', '2026-03-29T00:59:59.999+01:00', false, 'just before the spring-forward night'],
  ['berlinNights', '2026-03-29T03:00:00+02:00', true, 'right after the clocks jump'],
  ['berlinNights', '2026-03-29T04:00:00+02:00', false, 'the end of the spring-forward night'],
  ['berlinNights', '2026-10-25T02:30:00+02:00', true, 'the first 02:30 on fall-back night'],
  ['berlinNights', '2026-10-25T02:30:00+01:00', true, 'the second 02:30 on fall-back night'],
  ['berlinSundayEarly', '2026-10-25T01:59:59.999+02:00', false, 'just before a repeated-hour period'],
  ['berlinSundayEarly', '2026-10-25T02:00:00+02:00', true, 'the first 02:00 on fall-back day'],
  ['berlinAroundTheClock', '2026-12-24T23:59:59.999+01:00', true, 'around the clock, the eve of a holiday'],
  ['berlinAroundTheClock', '2026-12-25T00:00:00+01:00', false, 'around the clock, the holiday'],
  ['berlinAroundTheClock', '2026-12-26T00:00:00+01:00', true, 'around the clock, after the holiday'],
];

/** Business-time starts and amounts for the inverse property: minutesBetween undoes addMinutes. */
export const inverseStarts: [CalendarName, string][] = [
  ['berlinOffice', '2026-03-03T09:00:00+01:00'],
  ['berlinOffice', '2026-03-27T17:59:00+01:00'],
  ['berlinOffice', '2026-10-23T11:59:59.999+02:00'],
  ['berlinNights', '2026-03-29T01:59:00+01:00'],
  ['berlinNights', '2026-10-25T02:15:00+01:00'],
  ['berlinSundayEarly', '2026-10-25T02:29:00+02:00'],
  ['newYorkOffice', '2026-03-06T16:59:30-05:00'],
  ['newYorkNights', '2026-11-01T01:45:00-04:00'],
  ['kolkataOffice', '2026-03-07T13:59:00+05:30'],
  ['berlinAroundTheClock', '2026-12-24T23:00:00+01:00'],
  ['berlinMondayHour', '2026-03-30T09:30:00+02:00'],
];
// Up to 30 eight-hour days.
export const inverseAmounts = [0, 0.5, 1, 59, 61.25, 180, 480, 2400, 10000, 14400];

/**
 * Weeks around DST changes in which minutesBetween must agree with counting, minute by minute,
 * the real minutes whose local wall clock Luxon places inside a period. Santiago changes its
 * clocks at midnight: on 2026-09-06 the 00:00–01:00 period is skipped outright, on 2026-04-04
 * the hour before midnight repeats.
 */
export const oracleWeeks: [CalendarName, string, string][] = [
  ['berlinOffice', '2026-03-26T00:00:00+01:00', '2026-04-02T00:00:00+02:00'],
  ['berlinNights', '2026-10-22T00:00:00+02:00', '2026-10-29T00:00:00+01:00'],
  ['newYorkNights', '2026-03-05T00:00:00-05:00', '2026-03-12T00:00:00-04:00'],
  ['newYorkNights', '2026-10-29T00:00:00-04:00', '2026-11-05T00:00:00-05:00'],
  ['santiagoMornings', '2026-04-02T00:00:00-03:00', '2026-04-09T00:00:00-04:00'],
  ['santiagoMornings', '2026-09-03T00:00:00-04:00', '2026-09-10T00:00:00-03:00'],
];

const base: CalendarSpec = calendars.berlinOffice;
const withHours = (day: keyof WeekHours, periods: unknown): CalendarSpec => ({
  ...base,
  businessHours: { ...base.businessHours!, [day]: periods as Period[] },
});
const datesFrom = (first: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) =>
    new Date(Date.parse(first) + i * 86_400_000).toISOString().slice(0, 10),
  );
const badZone = 'timezone: must be an IANA time zone name such as "Europe/Berlin"';
const badStart = (at: string) => `${at}: start must be a "HH:MM" time from 00:00 to 23:59`;
const badEnd = (at: string) => `${at}: end must be a "HH:MM" time from 00:01 to 24:00`;
const spansMidnight = (at: string) =>
  `${at}: end must be after start (a period cannot span midnight)`;

// prettier-ignore
export const problemCases: [string, CalendarSpec, string[]][] = [
  ['a valid calendar', base, []],
  ['around the clock', { ...base, businessHours: null }, []],
  ['UTC', { ...base, timezone: 'UTC' }, []],
  ['a fixed offset by its IANA name', { ...base, timezone: 'Etc/GMT-5' }, []],
  ['unsorted periods that do not overlap', withHours('mon', [['13:00', '18:00'], ['09:00', '12:00']]), []],
  ['touching periods', withHours('mon', [['09:00', '12:00'], ['12:00', '13:00']]), []],
  ['a period ending at 24:00', withHours('mon', [['20:00', '24:00']]), []],
  ['a leap day', { ...base, holidays: ['2028-02-29'] }, []],
  [`${366} holidays`, { ...base, holidays: datesFrom('2026-01-01', 366) }, []],
  ['an unknown zone', { ...base, timezone: 'Mars/Olympus' }, [badZone]],
  ["Luxon's 'local'", { ...base, timezone: 'local' }, [badZone]],
  ["Luxon's 'system'", { ...base, timezone: 'system' }, [badZone]],
  ['an offset string', { ...base, timezone: '+05:30' }, [badZone]],
  ['UTC+3', { ...base, timezone: 'UTC+3' }, [badZone]],
  ['an empty zone', { ...base, timezone: '' }, [badZone]],
  ['an end at 25:00', withHours('mon', [['09:00', '25:00']]), [badEnd('business_hours.mon[0]')]],
  ['a start at 25:00', withHours('tue', [['25:00', '26:00']]), [badStart('business_hours.tue[0]')]],
  ['a one-digit hour', withHours('mon', [['9:00', '17:00']]), [badStart('business_hours.mon[0]')]],
  ['minute 60', withHours('mon', [['09:00', '09:60']]), [badEnd('business_hours.mon[0]')]],
  ['a start at 24:00', withHours('mon', [['24:00', '24:00']]), [badStart('business_hours.mon[0]')]],
  ['24:30', withHours('mon', [['09:00', '24:30']]), [badEnd('business_hours.mon[0]')]],
  ['a period spanning midnight', withHours('fri', [['22:00', '06:00']]), [spansMidnight('business_hours.fri[0]')]],
  ['an empty period', withHours('mon', [['09:00', '12:00'], ['13:00', '13:00']]), [spansMidnight('business_hours.mon[1]')]],
  ['overlapping periods', withHours('mon', [['09:00', '12:00'], ['11:00', '13:00']]), ['business_hours.mon[1]: overlaps business_hours.mon[0]']],
  ['overlapping unsorted periods', withHours('wed', [['11:00', '13:00'], ['14:00', '15:00'], ['09:00', '12:00']]), ['business_hours.wed[2]: overlaps business_hours.wed[0]']],
  ['two periods inside a long one', withHours('mon', [['09:00', '17:00'], ['10:00', '11:00'], ['12:00', '13:00']]), ['business_hours.mon[1]: overlaps business_hours.mon[0]', 'business_hours.mon[2]: overlaps business_hours.mon[0]']],
  ['the same period twice', withHours('mon', [['09:00', '12:00'], ['09:00', '12:00']]), ['business_hours.mon[1]: overlaps business_hours.mon[0]']],
  ['a period of three times', withHours('mon', [['09:00', '10:00', '11:00']]), ['business_hours.mon[0]: must be a [start, end] pair of "HH:MM" times']],
  ['a day that is not a list', withHours('mon', '09:00-17:00'), ['business_hours.mon: must be a list of periods']],
  ['eleven periods in a day', withHours('mon', Array.from({ length: 11 }, (_, h) => [`0${h}:00`.slice(-5), `0${h}:30`.slice(-5)])), ['business_hours.mon: at most 10 periods per day']],
  ['a missing weekday', { ...base, businessHours: { ...base.businessHours!, sun: undefined } as unknown as WeekHours }, ['business_hours.sun: missing (use [] for a closed day)']],
  ['an unknown weekday', { ...base, businessHours: { ...base.businessHours!, funday: [] } as unknown as WeekHours }, ['business_hours.funday: not a weekday (mon, tue, wed, thu, fri, sat, sun)']],
  ['an empty week', { ...base, businessHours: closed }, ['business_hours: no business time in the week']],
  ['February 30', { ...base, holidays: ['2026-04-03', '2026-02-30'] }, ['holidays[1]: must be a real "YYYY-MM-DD" date']],
  ['a one-digit month', { ...base, holidays: ['2026-4-3'] }, ['holidays[0]: must be a real "YYYY-MM-DD" date']],
  ['month 13', { ...base, holidays: ['2026-13-01'] }, ['holidays[0]: must be a real "YYYY-MM-DD" date']],
  ['a duplicate holiday', { ...base, holidays: ['2026-04-03', '2026-04-06', '2026-04-03'] }, ['holidays[2]: duplicates holidays[0]']],
  [`${367} holidays`, { ...base, holidays: datesFrom('2026-01-01', 367) }, ['holidays: at most 366 dates']],
  ['several problems at once', { timezone: 'Nowhere', businessHours: { ...closed, mon: [['17:00', '09:00']] }, holidays: ['2026-02-29'] }, [badZone, spansMidnight('business_hours.mon[0]'), 'holidays[0]: must be a real "YYYY-MM-DD" date']],
];
