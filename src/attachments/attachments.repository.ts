// Every SQL statement the attachments module sends (ticket_attachments).
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Attachment } from '@/attachments/attachment.entity';

const COLUMNS =
  'id, ticket_id, message_id, uploaded_by, filename, content_type, size, sha256, created_at';

interface AttachmentRow {
  id: string;
  ticket_id: string;
  message_id: string | null;
  uploaded_by: string;
  filename: string;
  content_type: string;
  /** bigint arrives as text. */
  size: string | number;
  sha256: string;
  created_at: Date;
}

function toAttachment(row: AttachmentRow): Attachment {
  return Object.assign(new Attachment(), {
    id: row.id,
    ticketId: row.ticket_id,
    messageId: row.message_id,
    uploadedBy: row.uploaded_by,
    filename: row.filename,
    contentType: row.content_type,
    size: Number(row.size),
    sha256: row.sha256,
    createdAt: row.created_at,
  });
}

export interface NewAttachment {
  ticketId: string;
  uploadedBy: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

@Injectable()
export class AttachmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<Attachment | null> {
    const rows = await this.dataSource.query<AttachmentRow[]>(
      `SELECT ${COLUMNS} FROM ticket_attachments WHERE id = $1`,
      [id],
    );
    return rows[0] === undefined ? null : toAttachment(rows[0]);
  }

  /** The caller holds the ticket's row lock, so the count cannot move before its insert. */
  async countForTicket(manager: EntityManager, ticketId: string): Promise<number> {
    const rows = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ticket_attachments WHERE ticket_id = $1`,
      [ticketId],
    );
    return rows[0]?.n ?? 0;
  }

  async insert(manager: EntityManager, attachment: NewAttachment): Promise<Attachment> {
    const rows = await manager.query<AttachmentRow[]>(
      `INSERT INTO ticket_attachments (ticket_id, uploaded_by, filename, content_type, size, sha256)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING ${COLUMNS}`,
      [
        attachment.ticketId,
        attachment.uploadedBy,
        attachment.filename,
        attachment.contentType,
        attachment.size,
        attachment.sha256,
      ],
    );
    return toAttachment(rows[0]!);
  }

  /**
   * Gives unattached attachments of this ticket and uploader to a message, in the caller's
   * transaction. Returns those it linked, in the order of `ids`; fewer than asked means some
   * were not attachable (the row lock of UPDATE makes two messages racing for one see one win).
   */
  async link(
    manager: EntityManager,
    link: { ids: readonly string[]; ticketId: string; uploadedBy: string; messageId: string },
  ): Promise<Attachment[]> {
    const rows = await manager.query<AttachmentRow[]>(
      // Inside a CTE, so the driver answers rows (a bare UPDATE answers [rows, count]).
      `WITH linked AS (
         UPDATE ticket_attachments SET message_id = $4
          WHERE id = ANY($1::uuid[]) AND ticket_id = $2 AND uploaded_by = $3 AND message_id IS NULL
          RETURNING ${COLUMNS}
       )
       SELECT * FROM linked`,
      [link.ids, link.ticketId, link.uploadedBy, link.messageId],
    );
    const byId = new Map(rows.map((row) => [row.id, toAttachment(row)]));
    return link.ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Makes one user's uploads another's, in the caller's transaction. */
  async moveUploader(manager: EntityManager, fromUserId: string, toUserId: string): Promise<void> {
    await manager.query(`UPDATE ticket_attachments SET uploaded_by = $2 WHERE uploaded_by = $1`, [
      fromUserId,
      toUserId,
    ]);
  }

  /** The attachments of these messages, oldest first. */
  async listByMessages(
    messageIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Attachment[]> {
    if (messageIds.length === 0) return [];
    const rows = await manager.query<AttachmentRow[]>(
      `SELECT ${COLUMNS} FROM ticket_attachments
        WHERE message_id = ANY($1::uuid[])
        ORDER BY created_at ASC, id ASC`,
      [messageIds],
    );
    return rows.map(toAttachment);
  }
}
