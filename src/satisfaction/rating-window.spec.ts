import { ratingVerdict } from '@/satisfaction/rating-window';

const DAY = 24 * 3600;
const resolvedAt = new Date('2026-11-20T10:00:00.000Z');
const at = (days: number) => new Date(resolvedAt.getTime() + days * DAY * 1000);

describe('ratingVerdict', () => {
  it('allows a resolved ticket however long ago', () => {
    expect(
      ratingVerdict(
        { status: 'resolved', resolvedAt, lastChangeFrom: 'in_progress' },
        at(30),
        7 * DAY,
      ),
    ).toBe('allowed');
  });

  it('allows a ticket closed from resolved up to the end of the window, not after', () => {
    const closed = { status: 'closed' as const, resolvedAt, lastChangeFrom: 'resolved' };
    expect(ratingVerdict(closed, at(1), 7 * DAY)).toBe('allowed');
    expect(ratingVerdict(closed, at(7), 7 * DAY)).toBe('allowed');
    expect(ratingVerdict(closed, new Date(at(7).getTime() + 1), 7 * DAY)).toBe('window_passed');
  });

  it('refuses a ticket closed from anything but resolved', () => {
    expect(
      ratingVerdict({ status: 'closed', resolvedAt, lastChangeFrom: 'open' }, at(0), 7 * DAY),
    ).toBe('not_resolved');
  });

  it('refuses a ticket never resolved, or reopened since', () => {
    expect(
      ratingVerdict({ status: 'open', resolvedAt: null, lastChangeFrom: null }, at(0), 7 * DAY),
    ).toBe('not_resolved');
    expect(
      ratingVerdict({ status: 'open', resolvedAt, lastChangeFrom: 'resolved' }, at(0), 7 * DAY),
    ).toBe('not_resolved');
    expect(
      ratingVerdict({ status: 'closed', resolvedAt: null, lastChangeFrom: 'open' }, at(0), 7 * DAY),
    ).toBe('not_resolved');
  });
});
