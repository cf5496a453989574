// Every SQL statement the chat module sends.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Message } from '@/chat/message.entity';
import { ReadMarker } from '@/chat/read-marker.entity';
import type { Role } from '@/users/user.entity';

const MESSAGE_COLUMNS =
  'id, ticket_id, seq, sender_id, sender_role, content, client_id, created_at';

interface MessageRow {
  id: string;
  ticket_id: string;
  seq: number;
  sender_id: string;
  sender_role: Role;
  content: string;
  client_id: string | null;
  created_at: Date;
}

interface ReadMarkerRow {
  ticket_id: string;
  user_id: string;
  message_id: string;
  seq: number;
  updated_at: Date;
}

function toMessage(row: MessageRow): Message {
  return Object.assign(new Message(), {
    id: row.id,
    ticketId: row.ticket_id,
    seq: row.seq,
    senderId: row.sender_id,
    senderRole: row.sender_role,
    content: row.content,
    clientId: row.client_id,
    createdAt: row.created_at,
  });
}

function toReadMarker(row: ReadMarkerRow): ReadMarker {
  return Object.assign(new ReadMarker(), {
    ticketId: row.ticket_id,
    userId: row.user_id,
    messageId: row.message_id,
    seq: row.seq,
    updatedAt: row.updated_at,
  });
}

export interface NewMessage {
  ticketId: string;
  senderId: string;
  senderRole: Role;
  content: string;
  clientId: string | null;
}

@Injectable()
export class MessagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findByClientId(
    manager: EntityManager,
    ticketId: string,
    senderId: string,
    clientId: string,
  ): Promise<Message | null> {
    const rows = await manager.query<MessageRow[]>(
      `SELECT ${MESSAGE_COLUMNS} FROM ticket_messages
        WHERE ticket_id = $1 AND sender_id = $2 AND client_id = $3`,
      [ticketId, senderId, clientId],
    );
    return rows[0] === undefined ? null : toMessage(rows[0]);
  }

  /**
   * Stores messages with the next seqs of their ticket. The caller holds the ticket's row lock,
   * so max(seq) cannot move underneath it: no gaps, no repeats.
   */
  async insertMany(manager: EntityManager, messages: readonly NewMessage[]): Promise<Message[]> {
    const first = messages[0];
    if (first === undefined) return [];
    const values: unknown[] = [first.ticketId];
    const tuples = messages.map((message, index) => {
      values.push(message.senderId, message.senderRole, message.content, message.clientId);
      const base = 1 + index * 4;
      return `($${base + 1}::uuid, $${base + 2}::user_role, $${base + 3}::varchar, $${base + 4}::varchar, ${index + 1})`;
    });
    const rows = await manager.query<MessageRow[]>(
      `WITH last AS (SELECT coalesce(max(seq), 0) AS seq FROM ticket_messages WHERE ticket_id = $1)
       INSERT INTO ticket_messages (ticket_id, seq, sender_id, sender_role, content, client_id)
       SELECT $1, last.seq + v.ord, v.sender_id, v.sender_role, v.content, v.client_id
         FROM last, (VALUES ${tuples.join(', ')}) AS v(sender_id, sender_role, content, client_id, ord)
       RETURNING ${MESSAGE_COLUMNS}`,
      values,
    );
    return rows.map(toMessage).sort((a, b) => a.seq - b.seq);
  }

  /** The first reply by staff; later ones leave it as it is. */
  async markFirstResponse(manager: EntityManager, ticketId: string): Promise<void> {
    await manager.query(
      `UPDATE tickets SET first_response_at = now() WHERE id = $1 AND first_response_at IS NULL`,
      [ticketId],
    );
  }

  /** Messages after `afterSeq`, oldest first; one extra row tells whether more follow. */
  async listAfter(ticketId: string, afterSeq: number, limit: number): Promise<Message[]> {
    const rows = await this.dataSource.query<MessageRow[]>(
      `SELECT ${MESSAGE_COLUMNS} FROM ticket_messages
        WHERE ticket_id = $1 AND seq > $2
        ORDER BY seq ASC
        LIMIT $3`,
      [ticketId, afterSeq, limit],
    );
    return rows.map(toMessage);
  }

  /** The newest `limit` messages, oldest first. */
  async listLast(ticketId: string, limit: number): Promise<Message[]> {
    const rows = await this.dataSource.query<MessageRow[]>(
      `SELECT * FROM (
         SELECT ${MESSAGE_COLUMNS} FROM ticket_messages
          WHERE ticket_id = $1
          ORDER BY seq DESC
          LIMIT $2
       ) newest ORDER BY seq ASC`,
      [ticketId, limit],
    );
    return rows.map(toMessage);
  }

  async findInTicket(ticketId: string, messageId: string): Promise<Message | null> {
    const rows = await this.dataSource.query<MessageRow[]>(
      `SELECT ${MESSAGE_COLUMNS} FROM ticket_messages WHERE ticket_id = $1 AND id = $2`,
      [ticketId, messageId],
    );
    return rows[0] === undefined ? null : toMessage(rows[0]);
  }

  /** Moves a participant's marker to `message` unless it already points at a later one. */
  async markRead(userId: string, message: Message): Promise<ReadMarker> {
    const rows = await this.dataSource.query<ReadMarkerRow[]>(
      `WITH moved AS (
         INSERT INTO ticket_read_markers AS m (ticket_id, user_id, message_id, seq)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (ticket_id, user_id) DO UPDATE
           SET message_id = excluded.message_id, seq = excluded.seq, updated_at = now()
           WHERE m.seq < excluded.seq
         RETURNING ticket_id, user_id, message_id, seq, updated_at
       )
       SELECT * FROM moved
       UNION ALL
       SELECT ticket_id, user_id, message_id, seq, updated_at FROM ticket_read_markers
        WHERE ticket_id = $1 AND user_id = $2 AND NOT EXISTS (SELECT 1 FROM moved)`,
      [message.ticketId, userId, message.id, message.seq],
    );
    return toReadMarker(rows[0]!);
  }

  async listReadMarkers(ticketId: string): Promise<ReadMarker[]> {
    const rows = await this.dataSource.query<ReadMarkerRow[]>(
      `SELECT ticket_id, user_id, message_id, seq, updated_at FROM ticket_read_markers
        WHERE ticket_id = $1 ORDER BY updated_at ASC, user_id ASC`,
      [ticketId],
    );
    return rows.map(toReadMarker);
  }
}
