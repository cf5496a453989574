import { ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

export const PASSWORD_MIN_BYTES = 8;
/** bcrypt reads at most 72 bytes; a longer password would be silently truncated, so refuse it. */
export const PASSWORD_MAX_BYTES = 72;

@ValidatorConstraint({ name: 'passwordBytes' })
export class PasswordBytes implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const bytes = Buffer.byteLength(value, 'utf8');
    return bytes >= PASSWORD_MIN_BYTES && bytes <= PASSWORD_MAX_BYTES;
  }

  defaultMessage(): string {
    return `password must be between ${PASSWORD_MIN_BYTES} and ${PASSWORD_MAX_BYTES} bytes long`;
  }
}
