import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '@/auth/actor';
import { nextPageCursor, pageStart } from '@/chat/message-cursor';
import { CurrentActor } from '@/common/decorators/current-actor.decorator';
import { Roles } from '@/common/decorators/roles.decorator';
import { ApiProblems } from '@/common/openapi/problem.schema';
import { UuidPipe } from '@/common/pipes/uuid.pipe';
import { CreateNoteDto, ListNotesQuery } from '@/notes/dto/notes.dto';
import { NotePageResponse, NoteResponse, toNoteResponse } from '@/notes/note.response';
import { NotesService } from '@/notes/notes.service';

/** A ticket's internal notes: staff only, never on a user route or in the messages. */
@ApiTags('notes')
@ApiParam({ name: 'id', format: 'uuid', description: 'Ticket id' })
@Controller('csr/tickets/:id/notes')
@Roles('csr', 'admin')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Get()
  @ApiOperation({
    operationId: 'listNotes',
    summary: 'A ticket’s internal notes after a seq, oldest first (staff only)',
  })
  @ApiOkResponse({ type: NotePageResponse })
  @ApiProblems(404)
  async list(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) ticketId: string,
    @Query() query: ListNotesQuery,
  ): Promise<NotePageResponse> {
    const { items, hasMore } = await this.notes.list(
      actor,
      ticketId,
      pageStart(query),
      query.limit,
    );
    return { items: items.map(toNoteResponse), next_cursor: nextPageCursor(items, hasMore) };
  }

  @Post()
  @ApiOperation({
    operationId: 'createNote',
    summary:
      'Write an internal note (staff only; idempotent with client_id); mentioned staff become watchers',
  })
  @ApiCreatedResponse({ type: NoteResponse })
  @ApiProblems(404, 422)
  async create(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) ticketId: string,
    @Body() body: CreateNoteDto,
  ): Promise<NoteResponse> {
    const { note } = await this.notes.create(actor, ticketId, {
      content: body.content,
      clientId: body.client_id ?? null,
      mentions: body.mentions ?? [],
    });
    return toNoteResponse(note);
  }
}
