import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  ValidationArguments,
} from 'class-validator';
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TicketPriority,
  TicketStatus,
} from '@/tickets/ticket.entity';
import { DEFAULT_SORT, SORTS, TicketSort } from '@/tickets/ticket-sort';
import type { TicketListQuery } from '@/tickets/ticket-page';
import { plainText } from '@/common/plain-text';
import { trim } from '@/common/transforms';

/** `a,b` and a repeated parameter (`?status=a&status=b`) both become ['a', 'b']. */
export const toList = ({ value }: { value: unknown }) => {
  const parts: unknown[] = Array.isArray(value) ? value : [value];
  if (!parts.every((part): part is string => typeof part === 'string')) return value;
  return parts.flatMap((part) => part.split(',')).map((part) => part.trim());
};

const CREATE_TICKET_KEYS: ReadonlySet<string> = new Set([
  'title',
  'description',
  'category',
  'type',
]);

export class CreateTicketDto {
  /**
   * A body of exactly the four fields, each plainly valid, as the global ValidationPipe would
   * transform it; undefined sends anything else (and every error) through the pipe itself.
   */
  static parseFast(value: unknown): CreateTicketDto | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const body = value as Record<string, unknown>;
    for (const key of Object.keys(body)) if (!CREATE_TICKET_KEYS.has(key)) return undefined;
    const title = plainText(body.title, 200);
    const description = plainText(body.description, 10_000);
    const category = plainText(body.category, 50);
    const type = plainText(body.type, 50);
    if (title === undefined || description === undefined) return undefined;
    if (category === undefined || type === undefined) return undefined;
    return Object.assign(new CreateTicketDto(), { title, description, category, type });
  }

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Printer on fire' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ minLength: 1, maxLength: 10_000, example: 'It started after the last update.' })
  @Transform(trim)
  @IsString()
  @Length(1, 10_000)
  description!: string;

  @ApiProperty({ minLength: 1, maxLength: 50, description: 'Free text', example: 'hardware' })
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  category!: string;

  @ApiProperty({ minLength: 1, maxLength: 50, description: 'Free text', example: 'incident' })
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  type!: string;
}

export class UpdateOwnTicketDto {
  @ApiProperty({
    enum: TICKET_STATUSES,
    enumName: 'TicketStatus',
    description: 'The owner may close an open ticket or reopen (open) a resolved one',
    example: 'closed',
  })
  @IsIn(TICKET_STATUSES, { message: `status must be one of: ${TICKET_STATUSES.join(', ')}` })
  status!: TicketStatus;
}

@ValidatorConstraint({ name: 'cursorWithoutOffset' })
class CursorWithoutOffset implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return (args.object as { offset?: unknown }).offset === undefined;
  }

  defaultMessage(): string {
    return 'cursor and offset cannot be combined';
  }
}

// What parseFast accepts: values the rules below take without question, written the one way
// (no sign, no leading zero, no exponent). Anything else goes through class-validator.
const PLAIN_LIMIT = /^(?:[1-9]\d?|100)$/;
const PLAIN_OFFSET = /^(?:0|[1-9]\d{0,8})$/;
const SORT_SET: ReadonlySet<string> = new Set(SORTS);

/** Paging, sorting and the filters both ticket lists share. */
export class ListTicketsQuery {
  /**
   * The hot case — only limit, offset and sort, each a single well-formed value — as the global
   * ValidationPipe would transform it; undefined sends anything else through the pipe itself.
   */
  static parseFast(value: unknown): ListTicketsQuery | undefined {
    if (typeof value !== 'object' || value === null) return undefined;
    const query = new ListTicketsQuery();
    for (const [key, text] of Object.entries(value)) {
      if (typeof text !== 'string') return undefined;
      if (key === 'limit' && PLAIN_LIMIT.test(text)) query.limit = Number(text);
      else if (key === 'offset' && PLAIN_OFFSET.test(text)) query.offset = Number(text);
      else if (key === 'sort' && SORT_SET.has(text)) query.sort = text as TicketSort;
      else return undefined;
    }
    return query;
  }

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Offset paging (gives total)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be an integer' })
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({
    maxLength: 512,
    description: 'next_cursor of the previous page (keyset paging)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  @Validate(CursorWithoutOffset)
  cursor?: string;

  @ApiPropertyOptional({ enum: SORTS, enumName: 'TicketSort', default: DEFAULT_SORT })
  @IsOptional()
  @IsIn(SORTS, { message: `sort must be one of: ${SORTS.join(', ')}` })
  sort: TicketSort = DEFAULT_SORT;

  @ApiPropertyOptional({
    type: String,
    description: `One or more of ${TICKET_STATUSES.join(', ')}, comma-separated`,
    example: 'open,in_progress',
  })
  @IsOptional()
  @Transform(toList)
  @ArrayNotEmpty()
  @IsIn(TICKET_STATUSES, {
    each: true,
    message: `status must be one or more of: ${TICKET_STATUSES.join(', ')}`,
  })
  status?: TicketStatus[];

  @ApiPropertyOptional({
    type: String,
    description: `One or more of ${TICKET_PRIORITIES.join(', ')}, comma-separated`,
    example: 'high,urgent',
  })
  @IsOptional()
  @Transform(toList)
  @ArrayNotEmpty()
  @IsIn(TICKET_PRIORITIES, {
    each: true,
    message: `priority must be one or more of: ${TICKET_PRIORITIES.join(', ')}`,
  })
  priority?: TicketPriority[];

  @ApiPropertyOptional({ minLength: 1, maxLength: 50, example: 'hardware' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  category?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 50, example: 'incident' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  type?: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 200,
    description: 'Case-insensitive match in title or description',
    example: 'printer',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  q?: string;
}

/** The service's view of a list query; the queue's extra filters are absent on the user route. */
export function toTicketListQuery(
  query: ListTicketsQuery & { unassigned?: boolean; assignee_id?: string; user_id?: string },
): TicketListQuery {
  return {
    statuses: query.status,
    priorities: query.priority,
    category: query.category,
    type: query.type,
    q: query.q,
    unassigned: query.unassigned,
    assigneeId: query.assignee_id,
    userId: query.user_id,
    limit: query.limit,
    sort: query.sort,
    offset: query.offset,
    cursor: query.cursor,
  };
}
