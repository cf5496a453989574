// The global ValidationPipe, with a shortcut for DTOs that can vouch for a well-formed input
// cheaply: a hot route's query is then not put through class-transformer and class-validator.
import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';

/**
 * A DTO class may declare `static parseFast(value)`: the instance the full pipe would return, or
 * undefined whenever it is not certain. Undefined always falls back to the full pipe, so every
 * error response (and every unusual input) is still worded by class-validator.
 */
export interface FastParsed<T> {
  parseFast(value: unknown): T | undefined;
}

export function hasFastParse(metatype: unknown): metatype is FastParsed<unknown> {
  // Own property only: a subclass (with rules of its own) does not inherit the shortcut.
  return typeof metatype === 'function' && Object.hasOwn(metatype, 'parseFast');
}

export class AppValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (hasFastParse(metadata.metatype)) {
      const parsed = metadata.metatype.parseFast(value);
      if (parsed !== undefined) return Promise.resolve(parsed);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}
