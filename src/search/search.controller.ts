import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@/auth/actor';
import { CurrentActor } from '@/common/decorators/current-actor.decorator';
import { Roles } from '@/common/decorators/roles.decorator';
import { SearchQueryDto, SearchQueueQueryDto } from '@/search/dto/search.dto';
import { SearchPageResponse, toSearchPageResponse } from '@/search/search.response';
import { SearchService } from '@/search/search.service';

@ApiTags('search')
@Controller()
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get('csr/search')
  @Roles('csr', 'admin')
  @ApiOperation({
    operationId: 'searchQueue',
    summary:
      'Full-text search over every ticket’s title, description, messages and internal notes, best match first',
  })
  @ApiOkResponse({ type: SearchPageResponse })
  async searchQueue(
    @CurrentActor() actor: Actor,
    @Query() query: SearchQueueQueryDto,
  ): Promise<SearchPageResponse> {
    return toSearchPageResponse(
      await this.search.find(actor, 'queue', {
        q: query.q,
        statuses: query.status,
        priorities: query.priority,
        tags: query.tag,
        assigneeId: query.assignee_id,
        limit: query.limit,
        cursor: query.cursor,
      }),
    );
  }

  @Get('users/search')
  @ApiBearerAuth('bearer')
  @ApiOperation({
    operationId: 'searchMyTickets',
    summary:
      'Full-text search over the caller’s tickets and their messages (never notes), best match first',
  })
  @ApiOkResponse({ type: SearchPageResponse })
  async searchMine(
    @CurrentActor() actor: Actor,
    @Query() query: SearchQueryDto,
  ): Promise<SearchPageResponse> {
    return toSearchPageResponse(
      await this.search.find(actor, 'owner', {
        q: query.q,
        limit: query.limit,
        cursor: query.cursor,
      }),
    );
  }
}
