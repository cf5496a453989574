import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { UuidPipe } from '@/common/pipes/uuid.pipe';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '@/auth/actor';
import { ListMessagesQuery, MessageContentDto } from '@/chat/dto/chat.dto';
import { nextPageCursor, pageStart } from '@/chat/message-cursor';
import {
  MessagePageResponse,
  MessageResponse,
  ReadMarkersResponse,
  toMessageResponse,
  toReadMarkerResponse,
} from '@/chat/message.response';
import { MessagesService } from '@/chat/messages.service';
import { CurrentActor } from '@/common/decorators/current-actor.decorator';
import { ApiProblems } from '@/common/openapi/problem.schema';

@ApiTags('chat')
@ApiBearerAuth('bearer')
@ApiParam({ name: 'id', format: 'uuid', description: 'Ticket id' })
@Controller('tickets/:id')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get('messages')
  @ApiOperation({
    operationId: 'listMessages',
    summary: 'A ticket’s messages after a seq, oldest first (owner, assigned CSR, admin)',
  })
  @ApiOkResponse({ type: MessagePageResponse })
  @ApiProblems(404)
  async list(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) ticketId: string,
    @Query() query: ListMessagesQuery,
  ): Promise<MessagePageResponse> {
    const { items, hasMore } = await this.messages.list(
      actor,
      ticketId,
      pageStart(query),
      query.limit,
    );
    return { items: items.map(toMessageResponse), next_cursor: nextPageCursor(items, hasMore) };
  }

  @Post('messages')
  @ApiOperation({
    operationId: 'sendMessage',
    summary: 'Post a message (stored, then broadcast; idempotent with client_id)',
  })
  @ApiCreatedResponse({ type: MessageResponse })
  @ApiProblems(404, 409, 422)
  async send(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) ticketId: string,
    @Body() body: MessageContentDto,
  ): Promise<MessageResponse> {
    const { message } = await this.messages.send(
      actor,
      ticketId,
      body.content,
      body.client_id ?? null,
      body.attachment_ids,
    );
    return toMessageResponse(message);
  }

  @Get('reads')
  @ApiOperation({ operationId: 'listReadMarkers', summary: 'Read markers of the participants' })
  @ApiOkResponse({ type: ReadMarkersResponse })
  @ApiProblems(404)
  async reads(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) ticketId: string,
  ): Promise<ReadMarkersResponse> {
    const markers = await this.messages.readMarkers(actor, ticketId);
    return { items: markers.map(toReadMarkerResponse) };
  }
}
