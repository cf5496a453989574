import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { RATING_COMMENT_MAX } from '@/satisfaction/satisfaction-limits';
import { TicketEvent } from '@/tickets/ticket-event.entity';
import { Ticket } from '@/tickets/ticket.entity';
import { User } from '@/users/user.entity';

/**
 * One satisfaction rating of one resolution of a ticket. The resolution is the timeline event
 * that resolved it, so "once per resolution" is the unique constraint, not a read.
 */
@Entity('ticket_ratings')
@Unique('ticket_ratings_ticket_id_resolution_event_id_key', ['ticketId', 'resolutionEventId'])
@Check('ticket_ratings_rating_range', '"rating" BETWEEN 1 AND 5')
// The report: every rating in a period, or one assignee's.
@Index('ticket_ratings_rated_at_idx', ['ratedAt'])
@Index('ticket_ratings_assignee_id_rated_at_idx', ['assigneeId', 'ratedAt'])
export class TicketRating {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'ticket_ratings_pkey' })
  id!: string;

  @Column({ type: 'uuid' })
  ticketId!: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_ratings_ticket_id_fkey' })
  ticket?: Ticket;

  @Column({ type: 'bigint' })
  resolutionEventId!: string;

  @ManyToOne(() => TicketEvent, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'resolution_event_id',
    foreignKeyConstraintName: 'ticket_ratings_resolution_event_id_fkey',
  })
  resolutionEvent?: TicketEvent;

  /** Who rated: the ticket's owner. */
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'ticket_ratings_user_id_fkey' })
  user?: User;

  /** The ticket's assignee when it was rated; the rating stays if their account goes. */
  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'ticket_ratings_assignee_id_fkey' })
  assignee?: User;

  @Column({ type: 'smallint' })
  rating!: number;

  @Column({ type: 'varchar', length: RATING_COMMENT_MAX, nullable: true })
  comment!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  ratedAt!: Date;
}
