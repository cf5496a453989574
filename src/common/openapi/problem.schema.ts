// Swagger descriptions of the problem+json error body, shared by every route.
import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';

export class FieldErrorSchema {
  @ApiProperty({ example: 'email' })
  field!: string;

  @ApiProperty({ example: 'email must be a valid email address' })
  message!: string;
}

export class ProblemSchema {
  @ApiProperty({ example: 'about:blank' })
  type!: string;

  @ApiProperty({ example: 'Not Found' })
  title!: string;

  @ApiProperty({ example: 404 })
  status!: number;

  @ApiProperty({ example: 'Ticket not found' })
  detail!: string;

  @ApiProperty({ example: '/api/v1/users/tickets/3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d' })
  instance!: string;

  @ApiPropertyOptional({
    type: [FieldErrorSchema],
    description: 'Present on validation errors (400).',
  })
  errors?: FieldErrorSchema[];

  @ApiPropertyOptional({
    description: 'Present on 500 answers, to quote when reporting.',
    example: '0b6f8c9e-3c1d-4a5e-9f7a-2d4c6b8e0a1f',
  })
  request_id?: string;
}

export const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (problem+json with `errors`)',
  401: 'Missing, invalid, expired or revoked access token',
  403: 'The caller’s role may not use this route',
  404: 'Not found (or not visible to the caller)',
  409: 'Conflict with the current state',
  413: 'Request body too large: JSON over 100 kB, an upload over ATTACHMENT_MAX_BYTES',
  415: 'Request body is not JSON (uploads: not multipart, or the file’s detected type is not accepted)',
  416: 'Range not satisfiable (Content-Range names the size)',
  422: 'Semantically invalid input',
  429: 'Too many requests; see Retry-After',
  500: 'Unexpected error (quote request_id)',
  503: 'The database is unavailable; see Retry-After',
};

/** Declares problem+json responses for these statuses. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) => ApiProblem(status, PROBLEM_DESCRIPTIONS[status] ?? 'Error')),
  );
}

/** Declares one problem+json response, described by the route's own reasons for it. */
export function ApiProblem(status: number, description: string) {
  return applyDecorators(
    ApiExtraModels(ProblemSchema),
    ApiResponse({
      status,
      description,
      content: {
        'application/problem+json': { schema: { $ref: getSchemaPath(ProblemSchema) } },
      },
    }),
  );
}
