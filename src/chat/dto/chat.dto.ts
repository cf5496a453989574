// Payloads of the chat events and message routes: one set of classes for the gateway, the HTTP
// routes and (later) the AsyncAPI document.
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class TicketRefDto {
  @IsUUID('all', { message: 'ticket_id must be a UUID' })
  ticket_id!: string;
}

export class JoinDto extends TicketRefDto {
  @IsOptional()
  @IsInt()
  @Min(0)
  after_seq?: number;
}

export class MessageContentDto {
  @Transform(trim)
  @IsString()
  @Length(1, 4000, { message: 'content must be 1 to 4000 characters after trimming' })
  content!: string;

  @IsOptional()
  @IsString()
  @Length(1, 64)
  @Matches(/^[\x21-\x7e]+$/, { message: 'client_id must be printable ASCII without spaces' })
  client_id?: string;
}

export class SendMessageDto extends MessageContentDto {
  @IsUUID('all', { message: 'ticket_id must be a UUID' })
  ticket_id!: string;
}

export class TypingDto extends TicketRefDto {
  @IsBoolean()
  is_typing!: boolean;
}

export class ReadDto extends TicketRefDto {
  @IsUUID('all', { message: 'message_id must be a UUID' })
  message_id!: string;
}

export class ListMessagesQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after_seq?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;
}
