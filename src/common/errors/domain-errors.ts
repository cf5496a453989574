// Errors services throw. They carry no HTTP types; ProblemDetailsFilter maps each kind to a status.

export type DomainErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'too_many_requests';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** Extra members for the problem document (e.g. retry_after). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFound extends DomainError {
  constructor(what: string) {
    super('not_found', `${what} not found`);
  }
}

export class Conflict extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export class Unauthorized extends DomainError {
  constructor(message = 'Not authenticated') {
    super('unauthorized', message);
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'Forbidden') {
    super('forbidden', message);
  }
}

export class Unprocessable extends DomainError {
  constructor(message: string) {
    super('unprocessable', message);
  }
}

export class BadRequest extends DomainError {
  constructor(message: string) {
    super('bad_request', message);
  }
}

export class PayloadTooLarge extends DomainError {
  constructor(message: string) {
    super('payload_too_large', message);
  }
}

export class UnsupportedMediaType extends DomainError {
  constructor(message: string) {
    super('unsupported_media_type', message);
  }
}

export class TooManyRequests extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('too_many_requests', message);
  }
}

export interface FieldError {
  field: string;
  message: string;
}

export class ValidationFailed extends DomainError {
  constructor(readonly errors: FieldError[]) {
    super('bad_request', 'Request validation failed');
  }
}
