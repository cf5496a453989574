import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SearchPage } from '@/search/search.service';
import { TicketResponse, toTicketResponse } from '@/tickets/ticket.response';

const FIELDS = ['title', 'description', 'message', 'note'] as const;

export class SearchHighlightResponse {
  @ApiProperty({
    enum: FIELDS,
    enumName: 'SearchHighlightField',
    description: 'Where the words matched; `note`: an internal note (staff only)',
    example: 'message',
  })
  field!: (typeof FIELDS)[number];

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'The message’s or note’s seq; only for `message` and `note`',
    example: 3,
  })
  seq?: number;

  @ApiProperty({
    description:
      'A passage of the text as stored (plain text, nothing escaped or stripped), the matched words between « and »',
    example: 'I was charged twice, can I get a «refund» for the second one?',
  })
  text!: string;
}

export class SearchHitResponse {
  @ApiProperty({ type: TicketResponse })
  ticket!: TicketResponse;

  @ApiProperty({
    type: [SearchHighlightResponse],
    description: 'Title and description when they matched, then the best few messages and notes',
  })
  highlights!: SearchHighlightResponse[];

  @ApiProperty({
    type: 'number',
    description:
      'Higher is better: the best ts_rank among the ticket’s matches (title weighs most)',
    example: 0.6079271,
  })
  rank!: number;
}

export class SearchPageResponse {
  @ApiProperty({ type: [SearchHitResponse], description: 'One per ticket, best first' })
  items!: SearchHitResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Opaque; pass as `cursor` for the next page. Null on the last page',
    example: 'eyJyYW5rIjoiMC42MDc5MjcxIiwiaWQiOiIzZjFjMmE5ZSJ9',
  })
  next_cursor!: string | null;
}

export function toSearchPageResponse(page: SearchPage): SearchPageResponse {
  return {
    items: page.items.map((item) => ({
      ticket: toTicketResponse(item.ticket),
      highlights: item.highlights,
      rank: item.rank,
    })),
    next_cursor: page.nextCursor,
  };
}
