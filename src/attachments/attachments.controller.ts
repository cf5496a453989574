import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@/auth/actor';
import { AttachmentResponse, toAttachmentResponse } from '@/attachments/attachment.response';
import { AttachmentsService } from '@/attachments/attachments.service';
import { openMultipartFile, sendAttachment } from '@/attachments/attachments.http';
import { CurrentActor } from '@/common/decorators/current-actor.decorator';
import { ApiProblems } from '@/common/openapi/problem.schema';
import { UuidPipe } from '@/common/pipes/uuid.pipe';
import { SNIFFABLE_TYPES } from '@/config/config';

const BINARY = Object.fromEntries(
  SNIFFABLE_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
);
const DOWNLOAD_HEADERS = {
  'Content-Disposition': {
    schema: { type: 'string' },
    description: "attachment; filename*=UTF-8''…",
  },
  ETag: { schema: { type: 'string' }, description: 'The quoted sha256' },
  'Accept-Ranges': { schema: { type: 'string' }, description: 'bytes' },
};

@ApiTags('attachments')
@ApiBearerAuth('bearer')
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post('tickets/:id/attachments')
  @ApiParam({ name: 'id', format: 'uuid', description: 'Ticket id' })
  @ApiOperation({
    operationId: 'uploadAttachment',
    summary:
      'Upload a file to a ticket (owner, assigned or watching CSR, admin): multipart, one part `file`; its type is detected from the bytes',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiCreatedResponse({ type: AttachmentResponse })
  @ApiProblems(400, 404, 409, 413, 415)
  async upload(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) ticketId: string,
    @Req() request: FastifyRequest,
  ): Promise<AttachmentResponse> {
    try {
      const attachment = await this.attachments.upload(actor, ticketId, () =>
        openMultipartFile(request),
      );
      return toAttachmentResponse(attachment);
    } catch (error) {
      // Refused before or while reading: discard the rest of the body, so that the client, still
      // sending, reads the answer instead of a reset connection.
      if (!request.raw.readableEnded) request.raw.resume();
      throw error;
    }
  }

  @Get('attachments/:id')
  @HttpCode(200)
  @ApiParam({ name: 'id', format: 'uuid', description: 'Attachment id' })
  @ApiOperation({
    operationId: 'downloadAttachment',
    summary:
      'The attachment’s bytes, as a download (Range, If-None-Match); same access as the ticket’s messages',
  })
  @ApiResponse({
    status: 200,
    description: 'The bytes',
    content: BINARY,
    headers: DOWNLOAD_HEADERS,
  })
  @ApiResponse({
    status: 206,
    description: 'The requested range',
    content: BINARY,
    headers: { ...DOWNLOAD_HEADERS, 'Content-Range': { schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 304, description: 'If-None-Match matched the ETag' })
  @ApiProblems(400, 404, 416)
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const attachment = await this.attachments.get(actor, id);
    await sendAttachment(request, reply, attachment, (range) =>
      this.attachments.read(attachment, range),
    );
  }
}
