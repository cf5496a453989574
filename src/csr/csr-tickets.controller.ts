import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import type { Actor } from '@/auth/actor';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@/common/decorators/current-actor.decorator';
import { ApiProblems } from '@/common/openapi/problem.schema';
import { Roles } from '@/common/decorators/roles.decorator';
import { AssignTicketDto, ListQueueQuery, SetTagsDto, UpdateTicketDto } from '@/csr/dto/csr.dto';
import { toTicketListQuery } from '@/tickets/dto/tickets.dto';
import { UuidPipe } from '@/common/pipes/uuid.pipe';
import {
  TicketEventResponse,
  TicketPageResponse,
  TicketResponse,
  toTicketEventResponse,
  toTicketPageResponse,
  toTicketResponse,
} from '@/tickets/ticket.response';
import { TicketsService } from '@/tickets/tickets.service';

@ApiTags('csr')
@Controller('csr/tickets')
@Roles('csr', 'admin')
export class CsrTicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get()
  @ApiOperation({ operationId: 'listQueueTickets', summary: 'A page of all tickets' })
  @ApiOkResponse({ type: TicketPageResponse })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListQueueQuery,
  ): Promise<TicketPageResponse> {
    return toTicketPageResponse(await this.tickets.list(actor, 'queue', toTicketListQuery(query)));
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getQueueTicket', summary: 'Any ticket' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: TicketResponse })
  @ApiProblems(404)
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
  ): Promise<TicketResponse> {
    return toTicketResponse(await this.tickets.get(actor, id, 'queue'));
  }

  @Get(':id/events')
  @ApiOperation({ operationId: 'listTicketEvents', summary: 'The ticket’s timeline, oldest first' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: [TicketEventResponse] })
  @ApiProblems(404)
  async events(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
  ): Promise<TicketEventResponse[]> {
    return (await this.tickets.timeline(actor, id, 'queue')).map(toTicketEventResponse);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'assignTicket',
    summary: 'Hand the ticket to an active CSR, optionally setting its priority',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: TicketResponse })
  @ApiProblems(404, 409, 422)
  async assign(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: AssignTicketDto,
  ): Promise<TicketResponse> {
    return toTicketResponse(await this.tickets.assign(actor, id, body.assignee_id, body.priority));
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateTicket',
    summary: 'Change status and/or priority; a closed ticket is final',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: TicketResponse })
  @ApiProblems(404, 409)
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: UpdateTicketDto,
  ): Promise<TicketResponse> {
    return toTicketResponse(
      await this.tickets.update(actor, id, { status: body.status, priority: body.priority }),
    );
  }

  @Put(':id/tags')
  @ApiOperation({
    operationId: 'setTicketTags',
    summary: 'Replace the ticket’s tags; a closed ticket is final',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: TicketResponse })
  @ApiProblems(404, 409)
  async setTags(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: SetTagsDto,
  ): Promise<TicketResponse> {
    return toTicketResponse(await this.tickets.setTags(actor, id, body.tags));
  }
}
