// For DTO shortcuts (parseFast): text that a trimmed `@Length(1, max)` field surely accepts.

/** NUL (PostgreSQL text cannot hold it) and the variation selectors validator.js does not count. */
const hasUncountedOrNul = (text: string) =>
  text.includes('\u0000') || text.includes('\uFE0E') || text.includes('\uFE0F');

/**
 * The trimmed text when `value` is a string whose trimmed length is plainly within 1..max, else
 * undefined (the caller then leaves the value to class-validator). validator.js counts a
 * surrogate pair once, so a string within max UTF-16 units is within max characters.
 */
export function plainText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > max || hasUncountedOrNul(trimmed)) return undefined;
  return trimmed;
}
