// Payloads of the chat events and message routes: one set of classes for the gateway, the HTTP
// routes and (later) the AsyncAPI document.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  isUUID,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { plainText, TrimmedText } from '@/common/plain-text';
import {
  MESSAGE_ATTACHMENTS_MAX,
  MESSAGE_CLIENT_ID_MAX,
  MESSAGE_CLIENT_ID_PATTERN,
  MESSAGE_CONTENT_MAX,
  MESSAGE_CURSOR_MAX,
  MESSAGE_PAGE_DEFAULT,
  MESSAGE_PAGE_MAX,
} from '@/chat/message-limits';

/** Optional, but not nullable: IsOptional would take null for absent where the schema says not. */
const isPresent = (_body: object, value: unknown) => value !== undefined;

@ValidatorConstraint({ name: 'noNulCharacter' })
class NoNulCharacter implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value !== 'string' || !value.includes('\u0000');
  }

  defaultMessage(): string {
    return 'content must not contain NUL characters';
  }
}

export class TicketRefDto {
  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d' })
  @IsUUID('all', { message: 'ticket_id must be a UUID' })
  ticket_id!: string;
}

export class JoinDto extends TicketRefDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description: 'The last seq the client saw; default: the last 50 messages',
    example: 41,
  })
  @ValidateIf(isPresent)
  @IsInt()
  @Min(0)
  after_seq?: number;
}

/** A message carrying attachments may have empty content; any other needs some text. */
const needsContent = (body: object, value: unknown) =>
  !(value === '' && hasAttachments((body as { attachment_ids?: unknown }).attachment_ids));
const hasAttachments = (ids: unknown) => Array.isArray(ids) && ids.length > 0;

export class MessageContentDto {
  @TrimmedText(
    MESSAGE_CONTENT_MAX,
    {
      minLength: 0,
      description: `Plain text, trimmed: 1 to ${MESSAGE_CONTENT_MAX} characters, or empty when attachment_ids is not`,
      example: 'The printer is on fire again.',
    },
    { message: `content must be 1 to ${MESSAGE_CONTENT_MAX} characters after trimming` },
  )
  @ValidateIf(needsContent)
  // PostgreSQL text cannot hold NUL; refuse it here rather than fail the write.
  @Validate(NoNulCharacter)
  content!: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: MESSAGE_CLIENT_ID_MAX,
    pattern: MESSAGE_CLIENT_ID_PATTERN.source,
    description:
      'Client-made id; resending with it returns the stored message instead of a new one',
    example: 'c0a8012e-7d1f-4a55-8f0e-5a2b9c3d4e6f',
  })
  @ValidateIf(isPresent)
  @IsString()
  @Length(1, MESSAGE_CLIENT_ID_MAX)
  @Matches(MESSAGE_CLIENT_ID_PATTERN, {
    message: 'client_id must be printable ASCII without spaces',
  })
  client_id?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MESSAGE_ATTACHMENTS_MAX,
    uniqueItems: true,
    description:
      'Attachments you uploaded to this ticket that no message carries yet; else 422 (the message is not stored)',
    example: ['5a7c9e1b-3d5f-4a6b-8c9d-0e1f2a3b4c5d'],
  })
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayMaxSize(MESSAGE_ATTACHMENTS_MAX)
  @IsUUID('all', { each: true, message: 'attachment_ids must be UUIDs' })
  @ArrayUnique((id: unknown) => (typeof id === 'string' ? id.toLowerCase() : id))
  attachment_ids?: string[];
}

const SEND_MESSAGE_KEYS: ReadonlySet<string> = new Set(['ticket_id', 'content', 'client_id']);
const isClientId = (value: unknown): value is string =>
  typeof value === 'string' &&
  value.length >= 1 &&
  value.length <= MESSAGE_CLIENT_ID_MAX &&
  MESSAGE_CLIENT_ID_PATTERN.test(value);

export class SendMessageDto extends MessageContentDto {
  /**
   * `message` is the event sent at chat speed: a payload that plainly passes the rules below is
   * taken without class-transformer and class-validator; undefined sends anything else, and
   * every payload that would be refused, through them.
   */
  static parseFast(value: unknown): SendMessageDto | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const body = value as Record<string, unknown>;
    for (const key of Object.keys(body)) if (!SEND_MESSAGE_KEYS.has(key)) return undefined;
    const { ticket_id: ticketId, content, client_id: clientId } = body;
    if (typeof ticketId !== 'string' || !isUUID(ticketId, 'all')) return undefined;
    const trimmed = plainText(content, MESSAGE_CONTENT_MAX);
    if (trimmed === undefined) return undefined;
    if (clientId !== undefined && !isClientId(clientId)) return undefined;
    const dto = new SendMessageDto();
    dto.ticket_id = ticketId;
    dto.content = trimmed;
    if (clientId !== undefined) dto.client_id = clientId;
    return dto;
  }

  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d' })
  @IsUUID('all', { message: 'ticket_id must be a UUID' })
  ticket_id!: string;
}

export class TypingDto extends TicketRefDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  is_typing!: boolean;
}

export class ReadDto extends TicketRefDto {
  @ApiProperty({ format: 'uuid', example: '9d2e4f6a-1b3c-4d5e-8f7a-6b5c4d3e2f1a' })
  @IsUUID('all', { message: 'message_id must be a UUID' })
  message_id!: string;
}

export class ListMessagesQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    default: 0,
    description: 'Items after this seq (exclusive)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after_seq?: number;

  @ApiPropertyOptional({
    maxLength: MESSAGE_CURSOR_MAX,
    description: 'next_cursor of the previous page (instead of after_seq)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MESSAGE_CURSOR_MAX)
  cursor?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MESSAGE_PAGE_MAX,
    default: MESSAGE_PAGE_DEFAULT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MESSAGE_PAGE_MAX)
  limit: number = MESSAGE_PAGE_DEFAULT;
}
