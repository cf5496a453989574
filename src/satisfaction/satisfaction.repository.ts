// Every SQL statement on satisfaction ratings (ticket_ratings).
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SqlParams } from '@/common/sql-params';
import { TicketRating } from '@/satisfaction/ticket-rating.entity';

const COLUMNS =
  'id, ticket_id, resolution_event_id, user_id, assignee_id, rating, comment, rated_at';

interface TicketRatingRow {
  id: string;
  ticket_id: string;
  resolution_event_id: string;
  user_id: string;
  assignee_id: string | null;
  rating: number;
  comment: string | null;
  rated_at: Date;
}

function toTicketRating(row: TicketRatingRow): TicketRating {
  return Object.assign(new TicketRating(), {
    id: row.id,
    ticketId: row.ticket_id,
    resolutionEventId: row.resolution_event_id,
    userId: row.user_id,
    assigneeId: row.assignee_id,
    rating: row.rating,
    comment: row.comment,
    ratedAt: row.rated_at,
  });
}

export interface NewRating {
  ticketId: string;
  resolutionEventId: string;
  userId: string;
  assigneeId: string | null;
  rating: number;
  comment: string | null;
}

export interface RatingFilter {
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  assigneeId?: string;
}

@Injectable()
export class SatisfactionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Null when this resolution was rated already (the unique constraint decides). */
  async insert(manager: EntityManager, rating: NewRating): Promise<TicketRating | null> {
    const rows = await manager.query<TicketRatingRow[]>(
      `INSERT INTO ticket_ratings (ticket_id, resolution_event_id, user_id, assignee_id, rating, comment)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (ticket_id, resolution_event_id) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        rating.ticketId,
        rating.resolutionEventId,
        rating.userId,
        rating.assigneeId,
        rating.rating,
        rating.comment,
      ],
    );
    return rows[0] === undefined ? null : toTicketRating(rows[0]);
  }

  /** Makes one user's ratings another's, in the caller's transaction. */
  async moveRater(manager: EntityManager, fromUserId: string, toUserId: string): Promise<void> {
    await manager.query(`UPDATE ticket_ratings SET user_id = $2 WHERE user_id = $1`, [
      fromUserId,
      toUserId,
    ]);
  }

  /** How many ratings of each value (1–5) match; values nobody gave are absent. */
  async distribution(filter: RatingFilter): Promise<Map<number, number>> {
    const params = new SqlParams();
    const conditions: string[] = [];
    if (filter.from !== undefined) conditions.push(`rated_at >= ${params.add(filter.from)}`);
    if (filter.to !== undefined) conditions.push(`rated_at < ${params.add(filter.to)}`);
    if (filter.assigneeId !== undefined) {
      conditions.push(`assignee_id = ${params.add(filter.assigneeId)}`);
    }
    const rows = await this.dataSource.query<{ rating: number; n: number }[]>(
      `SELECT rating, count(*)::int AS n FROM ticket_ratings
        WHERE ${conditions.length === 0 ? 'TRUE' : conditions.join(' AND ')}
        GROUP BY rating`,
      params.values,
    );
    return new Map(rows.map((row) => [Number(row.rating), row.n]));
  }
}
