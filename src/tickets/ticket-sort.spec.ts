import { decodeCursor, encodeCursor, parseSort, SORTS, TicketSort } from '@/tickets/ticket-sort';
import { InvalidCursor } from '@/tickets/ticket.errors';

const ID = '0b6c3f4e-8d0a-4c55-9e0e-1f2a3b4c5d6e';
const raw = (payload: unknown) =>
  Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');

describe('ticket sorts', () => {
  it('offers each key ascending and descending, and the queue and SLA orders one way', () => {
    expect(SORTS).toHaveLength(12);
    expect(SORTS).not.toContain('-queue');
    expect(SORTS).not.toContain('-sla_due');
    expect(parseSort('-priority')).toEqual({ key: 'priority', descending: true });
    expect(parseSort('number')).toEqual({ key: 'number', descending: false });
  });
});

describe('ticket cursors', () => {
  it.each<[TicketSort, string | null]>([
    ['-created_at', '2025-03-01T10:20:30.123456Z'],
    ['updated_at', '1999-12-31T23:59:59.000001Z'],
    ['priority', 'urgent'],
    ['-priority', null],
    ['status', 'in_progress'],
    ['-number', '9223372036854775807'],
    ['queue', '0|2025-03-01T10:20:30.123456Z'],
    ['queue', '4|1999-12-31T23:59:59.000001Z'],
    ['sla_due', '2026-12-01T09:30:00.000000Z'],
    ['sla_due', null],
  ])('round-trips a %s position (%s)', (sort, value) => {
    const cursor = encodeCursor(sort, { value, id: ID });
    expect(cursor).toMatch(/^[\w-]+$/);
    expect(decodeCursor(cursor, sort)).toEqual({ value, id: ID });
  });

  it('refuses a cursor issued for another sort', () => {
    const cursor = encodeCursor('created_at', { value: '2025-03-01T10:20:30.123456Z', id: ID });
    expect(() => decodeCursor(cursor, '-created_at')).toThrow(InvalidCursor);
    expect(() => decodeCursor(cursor, 'updated_at')).toThrow(InvalidCursor);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/=='],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['a JSON array', raw([1, 2])],
    ['JSON null', raw(null)],
    ['a missing value', raw({ s: 'created_at', id: ID })],
    ['a bad id', raw({ s: 'created_at', v: '2025-03-01T10:20:30.123456Z', id: 'x' })],
    ['a millisecond timestamp', raw({ s: 'created_at', v: '2025-03-01T10:20:30.123Z', id: ID })],
    ['an impossible date', raw({ s: 'created_at', v: '2025-13-45T10:20:30.123456Z', id: ID })],
    ['February 30', raw({ s: 'created_at', v: '2025-02-30T10:20:30.123456Z', id: ID })],
    ['an unknown priority', raw({ s: 'priority', v: 'critical', id: ID })],
    ['a null status', raw({ s: 'status', v: null, id: ID })],
    ['a number out of range', raw({ s: 'number', v: '9223372036854775808', id: ID })],
    ['a number with SQL', raw({ s: 'number', v: '1; DROP TABLE tickets', id: ID })],
    ['a numeric JSON value', raw({ s: 'number', v: 5, id: ID })],
    ['an overlong cursor', 'a'.repeat(600)],
  ])('refuses %s', (_what, cursor) => {
    const sort = (/"s":"([-\w]+)"/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))?.[1] ??
      'created_at') as TicketSort;
    expect(() => decodeCursor(cursor, sort)).toThrow(InvalidCursor);
  });

  it('names the cursor parameter in its validation error', () => {
    try {
      decodeCursor('garbage!', '-created_at');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidCursor);
      expect((error as InvalidCursor).errors).toEqual([
        { field: 'cursor', message: expect.any(String) },
      ]);
    }
  });
});
