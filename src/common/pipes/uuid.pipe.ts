import { PipeTransform } from '@nestjs/common';
import { ValidationFailed } from '@/common/errors/domain-errors';
import { UUID_PATTERN } from '@/common/uuid';

/** A malformed path id is a 400 naming `id`, before any lookup (a lookup would 404). */
export class UuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value === 'string' && UUID_PATTERN.test(value)) return value.toLowerCase();
    throw new ValidationFailed([{ field: 'id', message: 'id must be a UUID' }]);
  }
}
