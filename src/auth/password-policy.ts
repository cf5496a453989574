// Passwords we refuse: the 10,000 most common ones (SecLists' top list, shipped in data/), compared
// case-insensitively. Loaded once, on first use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

let common: Set<string> | undefined;

export function isCommonPassword(password: string): boolean {
  common ??= new Set(
    readFileSync(join(__dirname, 'data', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter((line) => line.length > 0),
  );
  return common.has(password.toLowerCase());
}

@ValidatorConstraint({ name: 'notCommonPassword' })
export class NotCommonPassword implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && !isCommonPassword(value);
  }

  defaultMessage(): string {
    return 'password is too common; choose another';
  }
}
