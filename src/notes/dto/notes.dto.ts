// Payloads of the note route and the `note` socket event: the content rules are the messages'
// (MessageContentDto), plus the staff a note mentions.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsUUID, ValidateIf } from 'class-validator';
import { ListMessagesQuery, MessageContentDto } from '@/chat/dto/chat.dto';

/** At most this many people per note (each one is a watcher write and a `mention` event). */
export const NOTE_MENTIONS_MAX = 20;

/** Optional, but not nullable: IsOptional would take null for absent where the schema says not. */
const isPresent = (_body: object, value: unknown) => value !== undefined;

export class CreateNoteDto extends MessageContentDto {
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: NOTE_MENTIONS_MAX,
    description:
      'Active staff (CSR or admin) to notify; each becomes a watcher of the ticket. Anyone else: 422',
    example: ['9d2e4f6a-1b3c-4d5e-8f7a-6b5c4d3e2f1a'],
  })
  @ValidateIf(isPresent)
  @IsArray({ message: 'mentions must be an array of user ids' })
  @ArrayMaxSize(NOTE_MENTIONS_MAX)
  @IsUUID('all', { each: true, message: 'each mention must be a UUID' })
  mentions?: string[];
}

export class SendNoteDto extends CreateNoteDto {
  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d' })
  @IsUUID('all', { message: 'ticket_id must be a UUID' })
  ticket_id!: string;
}

/** Paged like the messages: `after_seq` or the previous page's `cursor`, and `limit`. */
export class ListNotesQuery extends ListMessagesQuery {}
