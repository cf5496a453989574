// Every SQL statement the chat module sends (ticket_messages, ticket_read_markers). What a
// message does to its ticket is written by the tickets module, in the same transaction.
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

  /** Stored messages with these (ticket, sender, client_id) keys, for idempotent resends. */
  async findByClientIds(
    manager: EntityManager,
    keys: readonly { ticketId: string; senderId: string; clientId: string }[],
  ): Promise<Message[]> {
    if (keys.length === 0) return [];
    const rows = await manager.query<MessageRow[]>(
      `SELECT ${MESSAGE_COLUMNS} FROM ticket_messages
        WHERE (ticket_id, sender_id, client_id) IN (
          SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::varchar[]))`,
      [keys.map((k) => k.ticketId), keys.map((k) => k.senderId), keys.map((k) => k.clientId)],
    );
    return rows.map(toMessage);
  }

  /**
   * Stores messages, possibly of several tickets, in one statement; each ticket's get the next
   * seqs in input order. The caller holds the tickets' row locks, so max(seq) cannot move
   * underneath: no gaps, no repeats. Returns the stored messages in input order.
   */
  async insertBatch(manager: EntityManager, messages: readonly NewMessage[]): Promise<Message[]> {
    if (messages.length === 0) return [];
    const rows = await manager.query<MessageRow[]>(
      `WITH v AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::user_role[], $4::varchar[], $5::varchar[], $6::int[])
           AS v(ticket_id, sender_id, sender_role, content, client_id, ord)
       ), numbered AS (
         SELECT v.*,
                (SELECT coalesce(max(m.seq), 0) FROM ticket_messages m WHERE m.ticket_id = v.ticket_id)
                  + row_number() OVER (PARTITION BY v.ticket_id ORDER BY v.ord) AS seq
           FROM v
       )
       INSERT INTO ticket_messages (ticket_id, seq, sender_id, sender_role, content, client_id)
       SELECT ticket_id, seq, sender_id, sender_role, content, client_id FROM numbered ORDER BY ord
       RETURNING ${MESSAGE_COLUMNS}`,
      [
        messages.map((m) => m.ticketId),
        messages.map((m) => m.senderId),
        messages.map((m) => m.senderRole),
        messages.map((m) => m.content),
        messages.map((m) => m.clientId),
        messages.map((_, index) => index),
      ],
    );
    // Per ticket, ascending seq is input order; hand each input its row.
    const byTicket = new Map<string, Message[]>();
    for (const message of rows.map(toMessage).sort((a, b) => a.seq - b.seq)) {
      const list = byTicket.get(message.ticketId) ?? [];
      list.push(message);
      byTicket.set(message.ticketId, list);
    }
    return messages.map((input) => {
      const stored = byTicket.get(input.ticketId)?.shift();
      if (stored === undefined) throw new Error('A stored message is missing from RETURNING');
      return stored;
    });
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

  /**
   * Makes one user's messages and read markers another's, in the caller's transaction. A marker
   * the other user already has in the same ticket wins (it is theirs); the rest are dropped.
   */
  async moveSender(manager: EntityManager, fromUserId: string, toUserId: string): Promise<void> {
    await manager.query(`UPDATE ticket_messages SET sender_id = $2 WHERE sender_id = $1`, [
      fromUserId,
      toUserId,
    ]);
    await manager.query(
      `UPDATE ticket_read_markers m SET user_id = $2
        WHERE m.user_id = $1
          AND NOT EXISTS (SELECT 1 FROM ticket_read_markers o
                           WHERE o.ticket_id = m.ticket_id AND o.user_id = $2)`,
      [fromUserId, toUserId],
    );
    await manager.query(`DELETE FROM ticket_read_markers WHERE user_id = $1`, [fromUserId]);
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
