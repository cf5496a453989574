import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { trim } from '@/common/transforms';
import { UUID_PATTERN } from '@/common/uuid';
import { RATING_COMMENT_MAX, RATING_MAX, RATING_MIN } from '@/satisfaction/satisfaction-limits';

export class RateTicketDto {
  @ApiProperty({ type: 'integer', minimum: RATING_MIN, maximum: RATING_MAX, example: 5 })
  @IsInt({ message: `rating must be an integer from ${RATING_MIN} to ${RATING_MAX}` })
  @Min(RATING_MIN, { message: `rating must be an integer from ${RATING_MIN} to ${RATING_MAX}` })
  @Max(RATING_MAX, { message: `rating must be an integer from ${RATING_MIN} to ${RATING_MAX}` })
  rating!: number;

  @ApiPropertyOptional({
    maxLength: RATING_COMMENT_MAX,
    description: 'Plain text, trimmed; empty means none',
    example: 'Quick and friendly, thank you!',
  })
  // Not IsOptional: that would let null through; leave the field out for no comment.
  @ValidateIf((body: { comment?: unknown }) => body.comment !== undefined)
  @MaxLength(RATING_COMMENT_MAX)
  @IsString({ message: 'comment must be a string' })
  @Transform(trim)
  comment?: string;
}

/** RFC 3339 with a time and an offset, as OpenAPI's date-time; then a real instant. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

@ValidatorConstraint({ name: 'dateTime' })
class IsDateTime implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
  }

  defaultMessage(): string {
    return '$property must be an RFC 3339 date-time, e.g. 2026-11-01T00:00:00Z';
  }
}

export class SatisfactionReportQuery {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Ratings given at or after this instant',
    example: '2026-11-01T00:00:00Z',
  })
  @IsOptional()
  @Validate(IsDateTime)
  from?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Ratings given before this instant',
    example: '2026-12-01T00:00:00Z',
  })
  @IsOptional()
  @Validate(IsDateTime)
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only ratings of tickets this CSR had' })
  @IsOptional()
  @IsString()
  @Matches(UUID_PATTERN, { message: 'assignee_id must be a UUID' })
  assignee_id?: string;
}
