// Turns every error into RFC 9457 application/problem+json; unknown errors become a bare 500.
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from '@/common/errors/database-unavailable';
import {
  DomainError,
  DomainErrorKind,
  TooManyRequests,
  ValidationFailed,
} from '@/common/errors/domain-errors';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: { field: string; message: string }[];
  [extra: string]: unknown;
}

const KIND_STATUS: Record<DomainErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
};

export function problem(status: number, detail: string, instance: string): ProblemDocument {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, instance };
}

interface Mapped {
  body: ProblemDocument;
  headers: Record<string, string>;
}

/** Maps any thrown value to a problem document; `undefined` means "unexpected, log it". */
export function toProblem(error: unknown, instance: string): Mapped | undefined {
  if (error instanceof DomainError) {
    const status = KIND_STATUS[error.kind];
    const body = { ...problem(status, error.message, instance), ...error.extra };
    const headers: Record<string, string> = {};
    if (error instanceof ValidationFailed) body.errors = error.errors;
    if (error instanceof TooManyRequests) headers['retry-after'] = String(error.retryAfterSeconds);
    if (status === 401) headers['www-authenticate'] = 'Bearer';
    return { body, headers };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const detail =
      typeof response === 'string'
        ? response
        : typeof (response as { message?: unknown }).message === 'string'
          ? (response as { message: string }).message
          : (STATUS_CODES[status] ?? 'Error');
    const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer' } : {};
    return { body: problem(status, detail, instance), headers };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      body: problem(503, 'The database is unavailable; try again shortly', instance),
      headers: { 'retry-after': '5' },
    };
  }
  if (error instanceof QueryFailedError) {
    const code = (error.driverError as { code?: string } | undefined)?.code;
    if (code === '23505')
      return { body: problem(409, 'Resource already exists', instance), headers: {} };
    // Invalid text representation, too long, out of range, NUL or bad encoding in text.
    if (code === '22P02' || code === '22001' || code === '22003' || code === '22021') {
      return { body: problem(400, 'Invalid value', instance), headers: {} };
    }
    return undefined;
  }
  // Errors raised by Fastify itself (body parsing, size limit, media type) carry a 4xx statusCode.
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { body: problem(statusCode, fastifyDetail(error, statusCode), instance), headers: {} };
  }
  return undefined;
}

function fastifyDetail(error: unknown, status: number): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'Request body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported content type; send application/json';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'Request body is empty';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'Malformed JSON body';
    default:
      return status === 400 && error instanceof SyntaxError
        ? 'Malformed JSON body'
        : (STATUS_CODES[status] ?? 'Bad request');
  }
}

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  error: unknown,
  logger: Logger,
): void {
  const instance = request.url.split('?')[0] ?? '/';
  let mapped = toProblem(error, instance);
  if (mapped === undefined) {
    logger.error(
      `Unhandled error on ${request.method} ${instance} (request ${request.id})`,
      error instanceof Error ? error.stack : String(error),
    );
    mapped = {
      body: { ...problem(500, 'An unexpected error occurred', instance), request_id: request.id },
      headers: {},
    };
  }
  void reply
    .status(mapped.body.status)
    .headers(mapped.headers)
    .type('application/problem+json')
    .send(mapped.body);
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    sendProblem(
      http.getResponse<FastifyReply>(),
      http.getRequest<FastifyRequest>(),
      error,
      this.logger,
    );
  }
}
