// The messages list's next_cursor: opaque to clients, a seq inside.
import { ValidationFailed } from '@/common/errors/domain-errors';

export function encodeMessageCursor(seq: number): string {
  return Buffer.from(JSON.stringify({ s: seq })).toString('base64url');
}

export function decodeMessageCursor(cursor: string): number {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown };
    if (typeof value.s === 'number' && Number.isSafeInteger(value.s) && value.s >= 0)
      return value.s;
  } catch {
    // fall through to the validation error
  }
  throw new ValidationFailed([{ field: 'cursor', message: 'cursor is malformed' }]);
}
