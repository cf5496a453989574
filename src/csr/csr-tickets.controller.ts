import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { Actor } from '@/auth/actor';
import { CurrentActor } from '@/common/decorators/current-actor.decorator';
import { Roles } from '@/common/decorators/roles.decorator';
import { AssignTicketDto, ListQueueQuery, UpdateTicketDto } from '@/csr/dto/csr.dto';
import { toTicketListQuery } from '@/tickets/dto/tickets.dto';
import { TicketIdPipe } from '@/tickets/ticket-id.pipe';
import {
  TicketEventResponse,
  TicketPageResponse,
  TicketResponse,
  toTicketEventResponse,
  toTicketPageResponse,
  toTicketResponse,
} from '@/tickets/ticket.response';
import { TicketsService } from '@/tickets/tickets.service';

@Controller('csr/tickets')
@Roles('csr', 'admin')
export class CsrTicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get()
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListQueueQuery,
  ): Promise<TicketPageResponse> {
    return toTicketPageResponse(await this.tickets.list(actor, 'queue', toTicketListQuery(query)));
  }

  @Get(':id')
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', TicketIdPipe) id: string,
  ): Promise<TicketResponse> {
    return toTicketResponse(await this.tickets.get(actor, id, 'queue'));
  }

  @Get(':id/events')
  async events(
    @CurrentActor() actor: Actor,
    @Param('id', TicketIdPipe) id: string,
  ): Promise<TicketEventResponse[]> {
    return (await this.tickets.timeline(actor, id, 'queue')).map(toTicketEventResponse);
  }

  @Post(':id/assign')
  @HttpCode(200)
  async assign(
    @CurrentActor() actor: Actor,
    @Param('id', TicketIdPipe) id: string,
    @Body() body: AssignTicketDto,
  ): Promise<TicketResponse> {
    return toTicketResponse(await this.tickets.assign(actor, id, body.assignee_id, body.priority));
  }

  @Patch(':id')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', TicketIdPipe) id: string,
    @Body() body: UpdateTicketDto,
  ): Promise<TicketResponse> {
    return toTicketResponse(
      await this.tickets.update(actor, id, { status: body.status, priority: body.priority }),
    );
  }
}
