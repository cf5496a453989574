// Validation and acknowledgement shapes for socket events: the same DTO rules as HTTP, answered
// as `{ok: false, error: {status, detail}}` instead of a problem document.
import { Logger } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError, ValidationFailed } from '@/common/errors/domain-errors';
import { toFieldErrors } from '@/common/errors/validation';
import { toProblem } from '@/common/filters/problem-details.filter';
import { jsonBodyProblem } from '@/common/json-body';
import { hasFastParse } from '@/common/pipes/validation.pipe';

export interface AckError {
  ok: false;
  error: { status: number; detail: string; errors?: { field: string; message: string }[] };
}

export type Ack<T extends object> = ({ ok: true } & T) | AckError;

/** Validates an event payload like the HTTP pipe does (whitelist, forbid unknown, and a DTO's
 *  parseFast shortcut for a plainly valid payload). */
export async function parsePayload<T extends object>(
  type: ClassConstructor<T>,
  payload: unknown,
): Promise<T> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new ValidationFailed([{ field: 'payload', message: 'payload must be an object' }]);
  }
  // As for HTTP bodies: no deep nesting, and no lone surrogate, which would be stored as U+FFFD.
  const problem = jsonBodyProblem(payload, 'payload');
  if (problem !== undefined) throw new ValidationFailed([{ field: 'payload', message: problem }]);
  if (hasFastParse(type)) {
    const parsed = type.parseFast(payload);
    if (parsed !== undefined) return parsed as T;
  }
  const instance = plainToInstance(type, payload);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new ValidationFailed(toFieldErrors(errors));
  return instance;
}

const logger = new Logger('ChatGateway');

/** Runs a handler and turns whatever it throws into an error ack; nothing escapes to the socket. */
export async function acknowledge<T extends object>(handler: () => Promise<T>): Promise<Ack<T>> {
  try {
    return { ok: true, ...(await handler()) };
  } catch (error) {
    const mapped = toProblem(error, '/chat');
    // A 503 (the database is unavailable) is expected too: the client retries, as over HTTP.
    const mappedStatus = mapped?.body.status ?? 500;
    const expected = error instanceof DomainError || mappedStatus < 500 || mappedStatus === 503;
    if (mapped === undefined || !expected) {
      logger.error(
        'Unhandled error in a chat event',
        error instanceof Error ? error.stack : String(error),
      );
      return { ok: false, error: { status: 500, detail: 'An unexpected error occurred' } };
    }
    const { status, detail, errors } = mapped.body;
    return {
      ok: false,
      error: errors === undefined ? { status, detail } : { status, detail, errors },
    };
  }
}
