import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '@/auth/actor';
import { CurrentActor } from '@/common/decorators/current-actor.decorator';
import { Roles } from '@/common/decorators/roles.decorator';
import { ApiProblems } from '@/common/openapi/problem.schema';
import { UuidPipe } from '@/common/pipes/uuid.pipe';
import { RateTicketDto, SatisfactionReportQuery } from '@/satisfaction/dto/satisfaction.dto';
import { SatisfactionReportResponse } from '@/satisfaction/satisfaction.response';
import { SatisfactionService } from '@/satisfaction/satisfaction.service';
import { SatisfactionResponse } from '@/tickets/ticket.response';

@ApiTags('satisfaction')
@Controller()
export class SatisfactionController {
  constructor(private readonly satisfaction: SatisfactionService) {}

  @Post('users/tickets/:id/satisfaction')
  @ApiBearerAuth('bearer')
  @ApiOperation({
    operationId: 'rateMyTicket',
    summary:
      'Rate a resolution of one of the caller’s tickets: while resolved, or closed within CSAT_WINDOW_DAYS of it; once each',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiCreatedResponse({ type: SatisfactionResponse })
  @ApiProblems(404, 409)
  rate(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: RateTicketDto,
  ): Promise<SatisfactionResponse> {
    const comment = body.comment === undefined || body.comment === '' ? null : body.comment;
    return this.satisfaction.rate(actor, id, { rating: body.rating, comment });
  }

  @Get('csr/satisfaction')
  @Roles('csr', 'admin')
  @ApiOperation({
    operationId: 'satisfactionReport',
    summary:
      'How many ratings, their mean and their distribution, optionally by period and assignee',
  })
  @ApiOkResponse({ type: SatisfactionReportResponse })
  report(@Query() query: SatisfactionReportQuery): Promise<SatisfactionReportResponse> {
    return this.satisfaction.report({
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
      assigneeId: query.assignee_id,
    });
  }
}
