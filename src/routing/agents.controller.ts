import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@/auth/actor';
import { CurrentActor } from '@/common/decorators/current-actor.decorator';
import { Roles } from '@/common/decorators/roles.decorator';
import { AgentListResponse, AgentResponse, toAgentResponse } from '@/routing/agent.response';
import { UpdatePresenceDto } from '@/routing/dto/routing.dto';
import { PresenceService } from '@/routing/presence.service';

@ApiTags('csr')
@Controller('csr')
@Roles('csr', 'admin')
export class AgentsController {
  constructor(private readonly presence: PresenceService) {}

  @Get('agents')
  @ApiOperation({
    operationId: 'listAgents',
    summary: 'Active CSRs and admins with presence, load, capacity and categories',
  })
  @ApiOkResponse({ type: AgentListResponse })
  async list(): Promise<AgentListResponse> {
    return { items: (await this.presence.listAgents()).map(toAgentResponse) };
  }

  @Put('me/presence')
  @ApiOperation({
    operationId: 'updateMyPresence',
    summary:
      'Set your availability; also a heartbeat that keeps you connected for PRESENCE_TIMEOUT_SECONDS',
  })
  @ApiOkResponse({ type: AgentResponse })
  async update(
    @CurrentActor() actor: Actor,
    @Body() body: UpdatePresenceDto,
  ): Promise<AgentResponse> {
    return toAgentResponse(await this.presence.heartbeat(actor.id, body.availability));
  }
}
