import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '@/auth/actor';
import {
  CannedResponsePageResponse,
  CannedResponseResponse,
  RenderedCannedResponse,
  toCannedResponseResponse,
} from '@/canned-responses/canned-response.response';
import { CANNED_SHORT_CODE_SOURCE } from '@/canned-responses/canned-response-limits';
import { CannedResponsesService } from '@/canned-responses/canned-responses.service';
import {
  CreateCannedResponseDto,
  ListCannedResponsesQuery,
  UpdateCannedResponseDto,
} from '@/canned-responses/dto/canned-responses.dto';
import { ShortCodePipe } from '@/canned-responses/short-code.pipe';
import { CurrentActor } from '@/common/decorators/current-actor.decorator';
import { Roles } from '@/common/decorators/roles.decorator';
import { ApiProblems } from '@/common/openapi/problem.schema';
import { UuidPipe } from '@/common/pipes/uuid.pipe';

@ApiTags('canned-responses')
@Controller('csr')
@Roles('csr', 'admin')
export class CannedResponsesController {
  constructor(private readonly cannedResponses: CannedResponsesService) {}

  @Get('canned-responses')
  @ApiOperation({
    operationId: 'listCannedResponses',
    summary:
      'A page of canned responses by short code; q: a short-code prefix or part of the title',
  })
  @ApiOkResponse({ type: CannedResponsePageResponse })
  async list(@Query() query: ListCannedResponsesQuery): Promise<CannedResponsePageResponse> {
    const page = await this.cannedResponses.list(query);
    return { items: page.items.map(toCannedResponseResponse), next_cursor: page.nextCursor };
  }

  @Post('canned-responses')
  @ApiOperation({ operationId: 'createCannedResponse', summary: 'Add a canned response' })
  @ApiCreatedResponse({ type: CannedResponseResponse })
  @ApiProblems(409)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateCannedResponseDto,
  ): Promise<CannedResponseResponse> {
    return toCannedResponseResponse(
      await this.cannedResponses.create(actor, {
        shortCode: body.short_code,
        title: body.title,
        content: body.content,
      }),
    );
  }

  @Get('canned-responses/:id')
  @ApiOperation({ operationId: 'getCannedResponse', summary: 'One canned response' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CannedResponseResponse })
  @ApiProblems(404)
  async get(@Param('id', UuidPipe) id: string): Promise<CannedResponseResponse> {
    return toCannedResponseResponse(await this.cannedResponses.get(id));
  }

  @Patch('canned-responses/:id')
  @ApiOperation({ operationId: 'updateCannedResponse', summary: 'Change a canned response' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CannedResponseResponse })
  @ApiProblems(404, 409)
  async update(
    @Param('id', UuidPipe) id: string,
    @Body() body: UpdateCannedResponseDto,
  ): Promise<CannedResponseResponse> {
    return toCannedResponseResponse(
      await this.cannedResponses.update(id, {
        shortCode: body.short_code,
        title: body.title,
        content: body.content,
      }),
    );
  }

  @Delete('canned-responses/:id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteCannedResponse', summary: 'Remove a canned response' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(404)
  async delete(@Param('id', UuidPipe) id: string): Promise<void> {
    await this.cannedResponses.delete(id);
  }

  @Get('tickets/:id/canned-responses/:short_code')
  @ApiOperation({
    operationId: 'renderCannedResponse',
    summary: 'A canned response’s content filled in for the ticket (plain text)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({
    name: 'short_code',
    schema: { type: 'string', pattern: CANNED_SHORT_CODE_SOURCE },
    description: 'Any letter case',
  })
  @ApiOkResponse({ type: RenderedCannedResponse })
  @ApiProblems(404)
  async render(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('short_code', ShortCodePipe) shortCode: string,
  ): Promise<RenderedCannedResponse> {
    return { content: await this.cannedResponses.render(actor, id, shortCode) };
  }
}
