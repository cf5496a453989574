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

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const trim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value;

export const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** `a,b` and a repeated parameter (`?status=a&status=b`) both become ['a', 'b']. */
export const toList = ({ value }: { value: unknown }) => {
  const parts: unknown[] = Array.isArray(value) ? value : [value];
  if (!parts.every((part): part is string => typeof part === 'string')) return value;
  return parts.flatMap((part) => part.split(',')).map((part) => part.trim());
};

export class CreateTicketDto {
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  title!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 10_000)
  description!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 50)
  category!: string;

  @Transform(trim)
  @IsString()
  @Length(1, 50)
  type!: string;
}

export class UpdateOwnTicketDto {
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

/** Paging, sorting and the filters both ticket lists share. */
export class ListTicketsQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(100)
  limit: number = 20;

  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be an integer' })
  @Min(0)
  offset?: number;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  @Validate(CursorWithoutOffset)
  cursor?: string;

  @IsOptional()
  @IsIn(SORTS, { message: `sort must be one of: ${SORTS.join(', ')}` })
  sort: TicketSort = DEFAULT_SORT;

  @IsOptional()
  @Transform(toList)
  @ArrayNotEmpty()
  @IsIn(TICKET_STATUSES, {
    each: true,
    message: `status must be one or more of: ${TICKET_STATUSES.join(', ')}`,
  })
  status?: TicketStatus[];

  @IsOptional()
  @Transform(toList)
  @ArrayNotEmpty()
  @IsIn(TICKET_PRIORITIES, {
    each: true,
    message: `priority must be one or more of: ${TICKET_PRIORITIES.join(', ')}`,
  })
  priority?: TicketPriority[];

  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  category?: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  type?: string;

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
