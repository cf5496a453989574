// Every SQL statement the notes module sends (ticket_notes, and the one check of who may be
// mentioned). What a note does to its ticket (watchers, timeline) is written by the tickets
// module, in the same transaction.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Note } from '@/notes/note.entity';

const NOTE_COLUMNS = 'id, ticket_id, seq, author_id, content, mentions, client_id, created_at';

interface NoteRow {
  id: string;
  ticket_id: string;
  seq: number;
  author_id: string;
  content: string;
  mentions: string[];
  client_id: string | null;
  created_at: Date;
}

function toNote(row: NoteRow): Note {
  return Object.assign(new Note(), {
    id: row.id,
    ticketId: row.ticket_id,
    seq: row.seq,
    authorId: row.author_id,
    content: row.content,
    mentions: row.mentions,
    clientId: row.client_id,
    createdAt: row.created_at,
  });
}

export interface NewNote {
  ticketId: string;
  authorId: string;
  content: string;
  mentions: readonly string[];
  clientId: string | null;
}

@Injectable()
export class NotesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The note an author already stored with this client_id on the ticket, for idempotent resends. */
  async findByClientId(
    manager: EntityManager,
    ticketId: string,
    authorId: string,
    clientId: string,
  ): Promise<Note | null> {
    const rows = await manager.query<NoteRow[]>(
      `SELECT ${NOTE_COLUMNS} FROM ticket_notes
        WHERE ticket_id = $1 AND author_id = $2 AND client_id = $3`,
      [ticketId, authorId, clientId],
    );
    return rows[0] === undefined ? null : toNote(rows[0]);
  }

  /**
   * Which of `ids` are active staff (CSR or admin), read FOR SHARE so that none can be
   * deactivated or demoted before the note commits.
   */
  async activeStaff(manager: EntityManager, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM users
        WHERE id = ANY($1::uuid[]) AND role IN ('csr', 'admin') AND is_active
        FOR SHARE`,
      [ids],
    );
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Stores a note with the ticket's next note seq. The caller holds the ticket's row lock, so
   * max(seq) cannot move underneath: no gaps, no repeats.
   */
  async insert(manager: EntityManager, note: NewNote): Promise<Note> {
    const rows = await manager.query<NoteRow[]>(
      `INSERT INTO ticket_notes (ticket_id, seq, author_id, content, mentions, client_id)
       SELECT $1::uuid, coalesce(max(n.seq), 0) + 1, $2::uuid, $3::varchar, $4::uuid[], $5::varchar
         FROM ticket_notes n WHERE n.ticket_id = $1::uuid
       RETURNING ${NOTE_COLUMNS}`,
      [note.ticketId, note.authorId, note.content, note.mentions, note.clientId],
    );
    return toNote(rows[0]!);
  }

  /** Notes after `afterSeq`, oldest first; the caller asks for one extra row to see if more follow. */
  async listAfter(ticketId: string, afterSeq: number, limit: number): Promise<Note[]> {
    const rows = await this.dataSource.query<NoteRow[]>(
      `SELECT ${NOTE_COLUMNS} FROM ticket_notes
        WHERE ticket_id = $1 AND seq > $2
        ORDER BY seq ASC
        LIMIT $3`,
      [ticketId, afterSeq, limit],
    );
    return rows.map(toNote);
  }
}
