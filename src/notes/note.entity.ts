import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { MESSAGE_CLIENT_ID_MAX, MESSAGE_CONTENT_MAX } from '@/chat/message-limits';
import { Ticket } from '@/tickets/ticket.entity';
import { User } from '@/users/user.entity';

/**
 * One internal note on a ticket, for staff only. Its own stream beside the messages: `seq`
 * numbers a ticket's notes 1, 2, 3… without gaps on a counter of its own (assigned under the
 * ticket's row lock), and `clientId` makes an author's retry idempotent, as for messages.
 */
@Entity('ticket_notes')
@Index('ticket_notes_ticket_id_seq_key', ['ticketId', 'seq'], { unique: true })
@Index('ticket_notes_client_id_key', ['ticketId', 'authorId', 'clientId'], { unique: true })
// GIN over the search vector (the search module's migration owns it and the trigger filling it).
@Index('ticket_notes_search_vector_idx', { synchronize: false })
export class Note {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'ticket_notes_pkey' })
  id!: string;

  @Column({ type: 'uuid' })
  ticketId!: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_notes_ticket_id_fkey' })
  ticket?: Ticket;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'uuid' })
  authorId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'ticket_notes_author_id_fkey' })
  author?: User;

  @Column({ type: 'varchar', length: MESSAGE_CONTENT_MAX })
  content!: string;

  /** The staff the note mentions, in the order written (each became a watcher of the ticket). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  mentions!: string[];

  @Column({ type: 'varchar', length: MESSAGE_CLIENT_ID_MAX, nullable: true })
  clientId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** The content for full-text search (weight C), kept by a trigger; never read or written here. */
  @Column({ type: 'tsvector', select: false, insert: false, update: false })
  searchVector?: string;
}
