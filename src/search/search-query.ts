// Pure pieces of a search: the prefix rule on the parsed query, the cursor, and decoding what
// ts_headline answers. The statements are in SearchRepository.
import { InvalidCursor } from '@/tickets/ticket.errors';
import { UUID_PATTERN } from '@/common/uuid';

/**
 * websearch_to_tsquery's output (tsquery text) with its last word matched as a prefix
 * (`refun` finds "refund"): the last lexeme gets `:*` unless it is negated (`-foo` stays an
 * exclusion of exactly foo) or already carries a suffix. A phrase's last word becomes a prefix
 * too. '' (the query had no lexemes) stays ''.
 */
export function withLastWordPrefix(tsquery: string): string {
  let lastLexemeEnd = -1;
  let negated = false;
  let previousOperator = '';
  let i = 0;
  while (i < tsquery.length) {
    const char = tsquery[i]!;
    if (char === "'") {
      let j = i + 1;
      while (j < tsquery.length) {
        if (tsquery[j] === "'") {
          if (tsquery[j + 1] === "'") j += 2;
          else break;
        } else j += 1;
      }
      negated = previousOperator === '!';
      lastLexemeEnd = j + 1;
      previousOperator = '';
      i = j + 1;
    } else {
      if (char !== ' ') {
        previousOperator = char;
        lastLexemeEnd = -1;
      }
      i += 1;
    }
  }
  if (lastLexemeEnd !== tsquery.length || negated) return tsquery;
  return `${tsquery}:*`;
}

export interface SearchCursor {
  /** The rank as PostgreSQL wrote it (real::text, exact on the way back). */
  rank: string;
  id: string;
}

const RANK_TEXT = /^(?:\d+(?:\.\d+)?(?:e[-+]?\d+)?|0)$/;

export const encodeSearchCursor = (cursor: SearchCursor): string =>
  Buffer.from(JSON.stringify({ rank: cursor.rank, id: cursor.id }), 'utf8').toString('base64url');

/** The position a next_cursor names; InvalidCursor (400) for anything this search did not issue. */
export function decodeSearchCursor(cursor: string): SearchCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor('cursor is malformed');
  }
  if (typeof parsed !== 'object' || parsed === null) throw new InvalidCursor('cursor is malformed');
  const { rank, id } = parsed as Record<string, unknown>;
  if (typeof rank !== 'string' || !RANK_TEXT.test(rank) || !Number.isFinite(Number(rank))) {
    throw new InvalidCursor('cursor is malformed');
  }
  if (typeof id !== 'string' || !UUID_PATTERN.test(id))
    throw new InvalidCursor('cursor is malformed');
  return { rank, id: id.toLowerCase() };
}

/**
 * ts_headline's output back to the stored characters: search_document() (the migration) escaped
 * '<' as U+E000 U+E002 and U+E000 as U+E000 U+E001 so the parser would not read markup.
 */
export function decodeHeadline(text: string): string {
  return text.replace(/\uE000([\uE001\uE002])/g, (_escape, code: string) =>
    code === '\uE001' ? '\uE000' : '<',
  );
}
