// A ticket's tags as stored: lower-case, each matching TICKET_TAG_PATTERN, no duplicates, sorted.
import { TICKET_TAG_MAX, TICKET_TAG_PATTERN } from '@/tickets/ticket-limits';

/**
 * What a client may send for one tag: the stored pattern in either letter case. Not trimmed: a
 * tag with spaces around it is refused rather than guessed at.
 */
export const TICKET_TAG_INPUT_PATTERN = new RegExp(TICKET_TAG_PATTERN.source, 'i');
/** The same as text, for the OpenAPI document (it has no flags). */
export const TICKET_TAG_INPUT_SOURCE = `^[A-Za-z0-9][A-Za-z0-9_-]{0,${TICKET_TAG_MAX - 1}}$`;

/** Lower-cases, collapses duplicates and sorts; the caller has checked each tag's pattern. */
export function normalizeTags(tags: readonly string[]): string[] {
  // Code-unit order, the same as PostgreSQL's "C" collation, for the ASCII the pattern allows.
  return [...new Set(tags.map((tag) => tag.toLowerCase()))].sort();
}

/** Whether a tag is acceptable input (before lower-casing). */
export function isTagInput(value: unknown): value is string {
  return typeof value === 'string' && TICKET_TAG_INPUT_PATTERN.test(value);
}

/** What a change of tags adds and removes, both sorted (inputs are normalised). */
export function diffTags(
  before: readonly string[],
  after: readonly string[],
): { added: string[]; removed: string[] } {
  const old = new Set(before);
  const now = new Set(after);
  return {
    added: after.filter((tag) => !old.has(tag)),
    removed: before.filter((tag) => !now.has(tag)),
  };
}
