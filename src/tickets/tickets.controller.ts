import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import type { Actor } from '@/auth/actor';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor } from '@/common/decorators/current-actor.decorator';
import { ApiProblems } from '@/common/openapi/problem.schema';
import {
  CreateTicketDto,
  ListTicketsQuery,
  toTicketListQuery,
  UpdateOwnTicketDto,
} from '@/tickets/dto/tickets.dto';
import { UuidPipe } from '@/common/pipes/uuid.pipe';
import {
  TicketPageResponse,
  TicketResponse,
  toTicketPageResponse,
  toTicketResponse,
} from '@/tickets/ticket.response';
import { TicketsService } from '@/tickets/tickets.service';

/** Any signed-in user's own tickets. */
@ApiTags('tickets')
@ApiBearerAuth('bearer')
@Controller('users/tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Post()
  @ApiOperation({
    operationId: 'createTicket',
    summary: 'Open a ticket; it is auto-assigned when an active CSR exists',
  })
  @ApiCreatedResponse({ type: TicketResponse })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateTicketDto,
  ): Promise<TicketResponse> {
    return toTicketResponse(await this.tickets.create(actor, body));
  }

  @Get()
  @ApiOperation({ operationId: 'listMyTickets', summary: 'A page of the caller’s tickets' })
  @ApiOkResponse({ type: TicketPageResponse })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListTicketsQuery,
  ): Promise<TicketPageResponse> {
    return toTicketPageResponse(await this.tickets.list(actor, 'owner', toTicketListQuery(query)));
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getMyTicket', summary: 'One of the caller’s tickets' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: TicketResponse })
  @ApiProblems(404)
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
  ): Promise<TicketResponse> {
    return toTicketResponse(await this.tickets.get(actor, id, 'owner'));
  }

  @Patch(':id')
  @ApiOperation({
    operationId: 'updateMyTicket',
    summary: 'Close one of the caller’s tickets, or reopen a resolved one',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: TicketResponse })
  @ApiProblems(404, 409)
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Body() body: UpdateOwnTicketDto,
  ): Promise<TicketResponse> {
    return toTicketResponse(await this.tickets.changeStatusAsOwner(actor, id, body.status));
  }
}
