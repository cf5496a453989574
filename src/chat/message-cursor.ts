// The seq-ordered lists' paging (messages, notes): next_cursor is opaque to clients, a seq inside.
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

/** Where a page starts: after the cursor's seq, or after `after_seq` (one of them, not both). */
export function pageStart(query: { cursor?: string; after_seq?: number }): number {
  if (query.cursor !== undefined && query.after_seq !== undefined) {
    throw new ValidationFailed([{ field: 'cursor', message: 'use either cursor or after_seq' }]);
  }
  return query.cursor !== undefined ? decodeMessageCursor(query.cursor) : (query.after_seq ?? 0);
}

/** The cursor after a page's last item, or null on the last page. */
export function nextPageCursor(items: readonly { seq: number }[], hasMore: boolean): string | null {
  const last = items[items.length - 1];
  return hasMore && last !== undefined ? encodeMessageCursor(last.seq) : null;
}
