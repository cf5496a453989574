import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsInt,
  Length,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  ValidationArguments,
} from 'class-validator';
import {
  CANNED_CONTENT_MAX,
  CANNED_CURSOR_MAX,
  CANNED_PAGE_DEFAULT,
  CANNED_PAGE_MAX,
  CANNED_SHORT_CODE_MAX,
  CANNED_SHORT_CODE_PATTERN,
  CANNED_SHORT_CODE_SOURCE,
  CANNED_TITLE_MAX,
} from '@/canned-responses/canned-response-limits';
import { TrimmedText } from '@/common/plain-text';
import { trim } from '@/common/transforms';

const SHORT_CODE_MESSAGE = `short_code must be 1 to ${CANNED_SHORT_CODE_MAX} letters, digits, _ or -`;
const CONTENT_DESCRIPTION =
  'Plain text; {{ticket.number}}, {{ticket.title}}, {{user.full_name}} and {{agent.full_name}} are filled in when rendered for a ticket';

function ShortCode(required: boolean): PropertyDecorator {
  const docs = {
    pattern: CANNED_SHORT_CODE_SOURCE,
    maxLength: CANNED_SHORT_CODE_MAX,
    description: 'Unique in any letter case; kept as written',
    example: 'refund_policy',
  };
  return (target, key) => {
    (required ? ApiProperty(docs) : ApiPropertyOptional(docs))(target, key);
    Matches(CANNED_SHORT_CODE_PATTERN, { message: SHORT_CODE_MESSAGE })(target, key);
    IsString({ message: SHORT_CODE_MESSAGE })(target, key);
    // PATCH: the caller adds the ValidateIf (not IsOptional, which would let null through).
  };
}

/** TrimmedText that may be absent but not null (IsOptional would let null through to a NOT NULL column). */
function OptionalText(max: number, docs: ApiPropertyOptions): PropertyDecorator {
  return applyDecorators(
    Length(1, max),
    IsString(),
    Transform(trim),
    ValidateIf((body: object, value: unknown) => value !== undefined),
    ApiPropertyOptional({ minLength: 1, maxLength: max, ...docs }),
  );
}

export class CreateCannedResponseDto {
  @ShortCode(true)
  short_code!: string;

  @TrimmedText(CANNED_TITLE_MAX, { example: 'Refund policy' })
  title!: string;

  @TrimmedText(CANNED_CONTENT_MAX, {
    description: CONTENT_DESCRIPTION,
    example:
      'Hi {{user.full_name}}, about #{{ticket.number}}: refunds take 5 days. {{agent.full_name}}',
  })
  content!: string;
}

@ValidatorConstraint({ name: 'anyCannedField' })
class AnyCannedField implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    const body = args.object as UpdateCannedResponseDto;
    return body.short_code !== undefined || body.title !== undefined || body.content !== undefined;
  }

  defaultMessage(): string {
    return 'at least one of short_code, title or content is required';
  }
}

export class UpdateCannedResponseDto {
  @ShortCode(false)
  // Checked also when every field is missing, so that an empty body is refused.
  @ValidateIf(
    (body: UpdateCannedResponseDto) =>
      body.short_code !== undefined || (body.title === undefined && body.content === undefined),
  )
  @Validate(AnyCannedField)
  short_code?: string;

  @OptionalText(CANNED_TITLE_MAX, { example: 'Refund policy' })
  title?: string;

  @OptionalText(CANNED_CONTENT_MAX, { description: CONTENT_DESCRIPTION })
  content?: string;
}

export class ListCannedResponsesQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: CANNED_PAGE_MAX,
    default: CANNED_PAGE_DEFAULT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(CANNED_PAGE_MAX)
  limit: number = CANNED_PAGE_DEFAULT;

  @ApiPropertyOptional({
    maxLength: CANNED_CURSOR_MAX,
    description: 'next_cursor of the previous page',
  })
  @IsOptional()
  @IsString()
  @MaxLength(CANNED_CURSOR_MAX)
  cursor?: string;

  @TrimmedText(CANNED_TITLE_MAX, {
    required: false,
    description: 'A short_code prefix or a part of the title, any letter case',
    example: 'refund',
  })
  q?: string;
}
