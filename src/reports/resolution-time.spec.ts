import { calendarMinutes, resolutionTimes, StatusChange } from '@/reports/resolution-time';

const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 9, 0) + minutes * 60_000);
const created = at(0);
let id = 0;
const change = (minute: number, from: string, to: string): StatusChange => ({
  eventId: String(++id),
  at: at(minute),
  from,
  to,
});

describe('resolutionTimes', () => {
  it('measures a single resolution from creation, through in progress', () => {
    const changes = [change(30, 'open', 'in_progress'), change(90, 'in_progress', 'resolved')];
    expect(resolutionTimes(created, changes, calendarMinutes)).toEqual([
      { eventId: changes[1]!.eventId, at: at(90), minutes: 90 },
    ]);
  });

  it('leaves the resolved stretch out of a resolution after a reopening', () => {
    const changes = [
      change(60, 'open', 'resolved'),
      // Resolved for 240 minutes, then reopened by the owner.
      change(300, 'resolved', 'open'),
      change(330, 'open', 'in_progress'),
      change(345, 'in_progress', 'resolved'),
    ];
    expect(
      resolutionTimes(created, changes, calendarMinutes).map((entry) => entry.minutes),
    ).toEqual([60, 60 + 45]);
  });

  it('counts nothing for a ticket closed without a resolution, nor after closing', () => {
    expect(resolutionTimes(created, [change(10, 'open', 'closed')], calendarMinutes)).toEqual([]);
    const closedFromResolved = [change(10, 'open', 'resolved'), change(20, 'resolved', 'closed')];
    expect(resolutionTimes(created, closedFromResolved, calendarMinutes)).toHaveLength(1);
  });

  it('ignores a resolution while already resolved (a timeline that skipped a reopening)', () => {
    const changes = [change(10, 'open', 'resolved'), change(20, 'in_progress', 'resolved')];
    expect(resolutionTimes(created, changes, calendarMinutes).map((r) => r.minutes)).toEqual([10]);
  });

  it('measures each open stretch with the measure given (business minutes)', () => {
    const stretches: [number, number][] = [];
    const measure = (from: Date, to: Date) => {
      stretches.push([from.getTime(), to.getTime()]);
      return 1;
    };
    const changes = [
      change(60, 'open', 'resolved'),
      change(300, 'resolved', 'in_progress'),
      change(400, 'in_progress', 'resolved'),
    ];
    expect(resolutionTimes(created, changes, measure).map((r) => r.minutes)).toEqual([1, 2]);
    expect(stretches).toEqual([
      [at(0).getTime(), at(60).getTime()],
      [at(300).getTime(), at(400).getTime()],
    ]);
  });
});
