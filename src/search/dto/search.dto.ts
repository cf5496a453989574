import { ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { TrimmedText } from '@/common/plain-text';
import { ListQueueQuery } from '@/csr/dto/csr.dto';
import {
  SEARCH_CURSOR_MAX,
  SEARCH_PAGE_DEFAULT,
  SEARCH_PAGE_MAX,
  SEARCH_QUERY_MAX,
} from '@/search/search-limits';

/** What every search takes: the words, and keyset paging. */
export class SearchQueryDto {
  @TrimmedText(SEARCH_QUERY_MAX, {
    description:
      'Web search syntax: words (all must match), "a phrase", -excluded, or; the last word also matches as a prefix',
    example: 'refund "credit card" -paypal',
  })
  q!: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: SEARCH_PAGE_MAX,
    default: SEARCH_PAGE_DEFAULT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(SEARCH_PAGE_MAX)
  limit: number = SEARCH_PAGE_DEFAULT;

  @ApiPropertyOptional({
    maxLength: SEARCH_CURSOR_MAX,
    description: 'next_cursor of the previous page',
  })
  @IsOptional()
  @IsString()
  @MaxLength(SEARCH_CURSOR_MAX)
  cursor?: string;
}

/** The staff search: the queue's filters, with their meaning and validation on GET /csr/tickets. */
export class SearchQueueQueryDto extends IntersectionType(
  SearchQueryDto,
  PickType(ListQueueQuery, ['status', 'priority', 'tag', 'assignee_id'] as const),
) {}
