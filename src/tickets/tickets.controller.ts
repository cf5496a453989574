import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import type { Actor } from '@/auth/actor';
import { CurrentActor } from '@/common/decorators/current-actor.decorator';
import {
  CreateTicketDto,
  ListTicketsQuery,
  toTicketListQuery,
  UpdateOwnTicketDto,
} from '@/tickets/dto/tickets.dto';
import { TicketIdPipe } from '@/tickets/ticket-id.pipe';
import {
  TicketPageResponse,
  TicketResponse,
  toTicketPageResponse,
  toTicketResponse,
} from '@/tickets/ticket.response';
import { TicketsService } from '@/tickets/tickets.service';

/** Any signed-in user's own tickets. */
@Controller('users/tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Post()
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateTicketDto,
  ): Promise<TicketResponse> {
    return toTicketResponse(await this.tickets.create(actor, body));
  }

  @Get()
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: ListTicketsQuery,
  ): Promise<TicketPageResponse> {
    return toTicketPageResponse(await this.tickets.list(actor, 'owner', toTicketListQuery(query)));
  }

  @Get(':id')
  async get(
    @CurrentActor() actor: Actor,
    @Param('id', TicketIdPipe) id: string,
  ): Promise<TicketResponse> {
    return toTicketResponse(await this.tickets.get(actor, id, 'owner'));
  }

  @Patch(':id')
  async update(
    @CurrentActor() actor: Actor,
    @Param('id', TicketIdPipe) id: string,
    @Body() body: UpdateOwnTicketDto,
  ): Promise<TicketResponse> {
    return toTicketResponse(await this.tickets.changeStatusAsOwner(actor, id, body.status));
  }
}
