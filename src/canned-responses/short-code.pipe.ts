import { PipeTransform } from '@nestjs/common';
import { ValidationFailed } from '@/common/errors/domain-errors';
import { CANNED_SHORT_CODE_PATTERN } from '@/canned-responses/canned-response-limits';

/** A path short code that could never exist is a 400 naming `short_code`, before any lookup. */
export class ShortCodePipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value === 'string' && CANNED_SHORT_CODE_PATTERN.test(value)) return value;
    throw new ValidationFailed([
      { field: 'short_code', message: 'short_code must be 1 to 32 letters, digits, _ or -' },
    ]);
  }
}
