// Validation and acknowledgement shapes for socket events: the same DTO rules as HTTP, answered
// as `{ok: false, error: {status, detail}}` instead of a problem document.
import { Logger } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { isUUID, validate } from 'class-validator';
import { SendMessageDto } from '@/chat/dto/chat.dto';
import { DomainError, ValidationFailed } from '@/common/errors/domain-errors';
import { toFieldErrors } from '@/common/errors/validation';
import { toProblem } from '@/common/filters/problem-details.filter';
import { jsonBodyProblem } from '@/common/json-body';

export interface AckError {
  ok: false;
  error: { status: number; detail: string; errors?: { field: string; message: string }[] };
}

export type Ack<T extends object> = ({ ok: true } & T) | AckError;

/** Validates an event payload like the HTTP ValidationPipe does (whitelist, forbid unknown). */
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
  const instance = plainToInstance(type, payload);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new ValidationFailed(toFieldErrors(errors));
  return instance;
}

const SEND_MESSAGE_KEYS = new Set(['ticket_id', 'content', 'client_id']);
const CLIENT_ID = /^[\x21-\x7e]{1,64}$/;
/** NUL, which the DTO refuses, and the variation selectors its length check does not count. */
const hasUncountedOrNul = (text: string) =>
  text.includes('\u0000') || text.includes('\uFE0E') || text.includes('\uFE0F');

/**
 * `message` is the one event sent at chat speed. A payload that plainly passes SendMessageDto's
 * rules is taken here without class-transformer and class-validator (a third of a send's CPU);
 * anything else, including every payload that would be refused, goes through parsePayload, so
 * the answers (and their wording) are the DTO's own. socket-payload.spec.ts holds the two
 * paths to the same verdicts.
 */
export function parseSendMessage(payload: unknown): Promise<SendMessageDto> | SendMessageDto {
  return acceptPlainly(payload) ?? parsePayload(SendMessageDto, payload);
}

function acceptPlainly(payload: unknown): SendMessageDto | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return;
  const body = payload as Record<string, unknown>;
  for (const key of Object.keys(body)) if (!SEND_MESSAGE_KEYS.has(key)) return;
  const { ticket_id: ticketId, content, client_id: clientId } = body;
  if (typeof ticketId !== 'string' || !isUUID(ticketId, 'all')) return;
  if (jsonBodyProblem(body) !== undefined) return;
  if (typeof content !== 'string') return;
  const trimmed = content.trim();
  // Surrogate pairs count once there, so a string this long in UTF-16 units is within 1..4000.
  if (trimmed.length < 1 || trimmed.length > 4000 || hasUncountedOrNul(trimmed)) return;
  if (clientId !== undefined && (typeof clientId !== 'string' || !CLIENT_ID.test(clientId))) return;
  const dto = new SendMessageDto();
  dto.ticket_id = ticketId;
  dto.content = trimmed;
  if (clientId !== undefined) dto.client_id = clientId;
  return dto;
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
