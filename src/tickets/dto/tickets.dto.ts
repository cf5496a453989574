import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
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
import type { SlaFilter } from '@/tickets/ticket-sla';
import { plainInteger, plainText, TrimmedText } from '@/common/plain-text';
import {
  TICKET_CATEGORY_MAX,
  TICKET_CURSOR_MAX,
  TICKET_DESCRIPTION_MAX,
  TICKET_PAGE_DEFAULT,
  TICKET_PAGE_MAX,
  TICKET_SEARCH_MAX,
  TICKET_TAGS_MAX,
  TICKET_TITLE_MAX,
  TICKET_TYPE_MAX,
} from '@/tickets/ticket-limits';
import { isTagInput, normalizeTags, TICKET_TAG_INPUT_SOURCE } from '@/tickets/ticket-tags';

/** `a,b` and a repeated parameter (`?status=a&status=b`) both become ['a', 'b']. */
export const toList = ({ value }: { value: unknown }) => {
  const parts: unknown[] = Array.isArray(value) ? value : [value];
  if (!parts.every((part): part is string => typeof part === 'string')) return value;
  return parts.flatMap((part) => part.split(',')).map((part) => part.trim());
};

/**
 * Tags as the request gives them (a JSON list; in a query, `a,b`) to their stored form:
 * lower-cased, deduplicated, sorted. Anything the validators must refuse — a non-string, a tag
 * breaking the pattern, more than TICKET_TAGS_MAX entries — passes through unchanged for them.
 */
const normalizedTags = (tags: unknown[]) =>
  tags.length <= TICKET_TAGS_MAX && tags.every(isTagInput) ? normalizeTags(tags) : tags;

/** A body's `tags`: only a list is one. */
export const toTags = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? normalizedTags(value) : value;

/** A query's `tag=a,b` or `tag=a&tag=b` (split on commas only: no trimming, as in a tag). */
const toTagQuery = ({ value }: { value: unknown }) => {
  const parts: unknown[] = Array.isArray(value) ? value : [value];
  if (!parts.every((part): part is string => typeof part === 'string')) return value;
  return normalizedTags(parts.flatMap((part) => part.split(',')));
};

const TAG = TICKET_TAG_INPUT_SOURCE.slice(1, -1);

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
    const title = plainText(body.title, TICKET_TITLE_MAX);
    const description = plainText(body.description, TICKET_DESCRIPTION_MAX);
    const category = plainText(body.category, TICKET_CATEGORY_MAX);
    const type = plainText(body.type, TICKET_TYPE_MAX);
    if (title === undefined || description === undefined) return undefined;
    if (category === undefined || type === undefined) return undefined;
    return Object.assign(new CreateTicketDto(), { title, description, category, type });
  }

  @TrimmedText(TICKET_TITLE_MAX, { example: 'Printer on fire' })
  title!: string;

  @TrimmedText(TICKET_DESCRIPTION_MAX, { example: 'It started after the last update.' })
  description!: string;

  @TrimmedText(TICKET_CATEGORY_MAX, { description: 'Free text', example: 'hardware' })
  category!: string;

  @TrimmedText(TICKET_TYPE_MAX, { description: 'Free text', example: 'incident' })
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

export const TAG_RULE = 'each a letter or digit, then up to 31 letters, digits, _ or -';

@ValidatorConstraint({ name: 'tagList' })
export class TagList implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return Array.isArray(value) && value.every(isTagInput);
  }

  defaultMessage(): string {
    return `tags must be a list of tags: ${TAG_RULE}`;
  }
}

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
      if (key === 'limit') {
        const limit = plainInteger(text, 1, TICKET_PAGE_MAX);
        if (limit === undefined) return undefined;
        query.limit = limit;
      } else if (key === 'offset') {
        const offset = plainInteger(text, 0, Number.MAX_SAFE_INTEGER);
        if (offset === undefined) return undefined;
        query.offset = offset;
      } else if (key === 'sort' && SORT_SET.has(text)) query.sort = text as TicketSort;
      else return undefined;
    }
    return query;
  }

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: TICKET_PAGE_MAX,
    default: TICKET_PAGE_DEFAULT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(TICKET_PAGE_MAX)
  limit: number = TICKET_PAGE_DEFAULT;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Offset paging (gives total)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be an integer' })
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({
    maxLength: TICKET_CURSOR_MAX,
    description: 'next_cursor of the previous page (keyset paging)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(TICKET_CURSOR_MAX)
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

  @TrimmedText(TICKET_CATEGORY_MAX, { required: false, example: 'hardware' })
  category?: string;

  @TrimmedText(TICKET_TYPE_MAX, { required: false, example: 'incident' })
  type?: string;

  @TrimmedText(TICKET_SEARCH_MAX, {
    required: false,
    description: 'Case-insensitive match in title or description',
    example: 'printer',
  })
  q?: string;

  @ApiPropertyOptional({
    type: String,
    pattern: `^${TAG}(,${TAG}){0,${TICKET_TAGS_MAX - 1}}$`,
    description: `Only tickets having every one of these tags (at most ${TICKET_TAGS_MAX}, comma-separated, any letter case)`,
    example: 'billing,vip',
  })
  @IsOptional()
  @Transform(toTagQuery)
  @ArrayMaxSize(TICKET_TAGS_MAX, { message: `tag takes at most ${TICKET_TAGS_MAX} tags` })
  @Validate(TagList, { message: `tag must be comma-separated tags: ${TAG_RULE}` })
  tag?: string[];
}

/** The service's view of a list query; the queue's extra filters are absent on the user route. */
export function toTicketListQuery(
  query: ListTicketsQuery & {
    unassigned?: boolean;
    assignee_id?: string;
    user_id?: string;
    sla?: SlaFilter;
  },
): TicketListQuery {
  return {
    statuses: query.status,
    priorities: query.priority,
    category: query.category,
    type: query.type,
    q: query.q,
    tags: query.tag,
    unassigned: query.unassigned,
    assigneeId: query.assignee_id,
    userId: query.user_id,
    sla: query.sla,
    limit: query.limit,
    sort: query.sort,
    offset: query.offset,
    cursor: query.cursor,
  };
}
