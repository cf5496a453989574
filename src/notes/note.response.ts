import { ApiProperty } from '@nestjs/swagger';
import type { Note } from '@/notes/note.entity';

/** The wire shape of an internal note, the same over HTTP and Socket.IO (staff only). */
export class NoteResponse {
  @ApiProperty({ format: 'uuid', example: '5e7a9c1b-3d2f-4a6e-8b0c-2f4d6a8c0e1b' })
  id!: string;

  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d' })
  ticket_id!: string;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: '1, 2, 3… per ticket, no gaps; a counter of its own, apart from messages',
    example: 3,
  })
  seq!: number;

  @ApiProperty({ format: 'uuid', example: '6b0f3d1e-2c4a-4b8e-9f1a-3d5c7e9b1a2c' })
  author_id!: string;

  @ApiProperty({ example: 'Customer is on the legacy plan; check the billing export first.' })
  content!: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Staff mentioned in the note; each became a watcher of the ticket',
    example: ['9d2e4f6a-1b3c-4d5e-8f7a-6b5c4d3e2f1a'],
  })
  mentions!: string[];

  @ApiProperty({ type: String, nullable: true, example: 'a1b2c3d4-note-1' })
  client_id!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-26T09:33:00.000Z' })
  created_at!: string;
}

export class NotePageResponse {
  @ApiProperty({ type: [NoteResponse] })
  items!: NoteResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last',
    example: null,
  })
  next_cursor!: string | null;
}

/** Sent to every socket of a person a note mentions. */
export class MentionEvent {
  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8a61-4a36-9d0e-1c5b3f4a2b7d' })
  ticket_id!: string;

  @ApiProperty({ type: () => NoteResponse })
  note!: NoteResponse;
}

export function toNoteResponse(note: Note): NoteResponse {
  return {
    id: note.id,
    ticket_id: note.ticketId,
    seq: note.seq,
    author_id: note.authorId,
    content: note.content,
    mentions: note.mentions,
    client_id: note.clientId,
    created_at: note.createdAt.toISOString(),
  };
}
