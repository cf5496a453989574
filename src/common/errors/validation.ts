import { ValidationError } from 'class-validator';
import { FieldError, ValidationFailed } from '@/common/errors/domain-errors';

/** Flattens class-validator's tree into `[{field, message}]` with dotted field paths. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return own.concat(toFieldErrors(error.children ?? [], field));
  });
}

export function validationExceptionFactory(errors: ValidationError[]): ValidationFailed {
  return new ValidationFailed(toFieldErrors(errors));
}
