import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@/auth/actor';
import { CurrentActor } from '@/common/decorators/current-actor.decorator';
import { Roles } from '@/common/decorators/roles.decorator';
import { ApiProblems } from '@/common/openapi/problem.schema';
import { PutSlaPolicyDto, weekHours } from '@/sla/dto/sla.dto';
import { SlaPolicyResponse, toSlaPolicyResponse } from '@/sla/sla.response';
import { SLA_PRIORITIES, type SlaPolicyDocument } from '@/sla/sla-policy';
import { SlaService } from '@/sla/sla.service';

@ApiTags('sla')
@Controller('admin/sla')
@Roles('admin')
export class SlaController {
  constructor(private readonly sla: SlaService) {}

  @Get()
  @ApiOperation({ operationId: 'getSlaPolicy', summary: 'The SLA policy in force' })
  @ApiOkResponse({ type: SlaPolicyResponse })
  async get(): Promise<SlaPolicyResponse> {
    return toSlaPolicyResponse(await this.sla.policy());
  }

  @Put()
  @ApiOperation({
    operationId: 'putSlaPolicy',
    summary:
      'Replace the SLA policy; tickets created from now on use it, running clocks keep the targets they started with',
  })
  @ApiOkResponse({ type: SlaPolicyResponse })
  @ApiProblems(400)
  async put(
    @CurrentActor() actor: Actor,
    @Body() body: PutSlaPolicyDto,
  ): Promise<SlaPolicyResponse> {
    return toSlaPolicyResponse(await this.sla.setPolicy(actor.id, toPolicyDocument(body)));
  }
}

/** The stored form: every priority and target present, holidays sorted and distinct. */
function toPolicyDocument(body: PutSlaPolicyDto): SlaPolicyDocument {
  const targets = Object.fromEntries(
    SLA_PRIORITIES.map((priority) => {
      const given = body.targets?.[priority];
      return [
        priority,
        {
          first_response_minutes: given?.first_response_minutes ?? null,
          next_response_minutes: given?.next_response_minutes ?? null,
          resolution_minutes: given?.resolution_minutes ?? null,
        },
      ];
    }),
  ) as SlaPolicyDocument['targets'];
  return {
    enabled: body.enabled,
    timezone: body.timezone,
    business_hours: weekHours(body.business_hours ?? null),
    holidays: [...new Set(body.holidays ?? [])].sort(),
    targets,
  };
}
