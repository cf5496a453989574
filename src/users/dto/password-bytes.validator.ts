import { ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

/** bcrypt reads at most 72 bytes; a longer password would be silently truncated, so refuse it. */
@ValidatorConstraint({ name: 'passwordBytes' })
export class PasswordBytes implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const bytes = Buffer.byteLength(value, 'utf8');
    return bytes >= 8 && bytes <= 72;
  }

  defaultMessage(): string {
    return 'password must be between 8 and 72 bytes long';
  }
}
