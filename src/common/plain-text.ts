// A trimmed text field's rule, and the check DTO shortcuts (parseFast) derive from it: plainText
// takes only what TrimmedText surely accepts, and leaves everything else to class-validator.
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, type ValidationOptions } from 'class-validator';
import { trim } from '@/common/transforms';

/**
 * A string of 1 to `max` characters after trimming, documented as such; `required: false` in
 * the docs makes it optional. Applied bottom-up, as the decorators it replaces were stacked.
 */
export function TrimmedText(
  max: number,
  docs: ApiPropertyOptions = {},
  validation?: ValidationOptions,
): PropertyDecorator {
  const rules = [Length(1, max, validation), IsString(), Transform(trim)];
  if (docs.required === false) rules.push(IsOptional());
  return applyDecorators(...rules, ApiProperty({ minLength: 1, maxLength: max, ...docs }));
}

/** NUL (PostgreSQL text cannot hold it) and the variation selectors validator.js does not count. */
const hasUncountedOrNul = (text: string) =>
  text.includes('\u0000') || text.includes('\uFE0E') || text.includes('\uFE0F');

/**
 * The trimmed text when `value` is a string whose trimmed length is plainly within 1..max, else
 * undefined. validator.js counts a surrogate pair once, so a string within max UTF-16 units is
 * within max characters.
 */
export function plainText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > max || hasUncountedOrNul(trimmed)) return undefined;
  return trimmed;
}

// Digits written the one way (no sign, no leading zero, no exponent), few enough to be exact.
const PLAIN_DIGITS = /^(?:0|[1-9]\d{0,8})$/;

/** The number a query value spells when `@Type(() => Number) @IsInt() @Min(min) @Max(max)`
 *  surely takes it, else undefined. */
export function plainInteger(text: string, min: number, max: number): number | undefined {
  if (!PLAIN_DIGITS.test(text)) return undefined;
  const number = Number(text);
  return number >= min && number <= max ? number : undefined;
}
