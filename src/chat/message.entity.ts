import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { Attachment } from '@/attachments/attachment.entity';
import { Ticket } from '@/tickets/ticket.entity';
import { ROLES, Role, User } from '@/users/user.entity';
import { MESSAGE_CLIENT_ID_MAX, MESSAGE_CONTENT_MAX } from '@/chat/message-limits';

/**
 * One chat message. `seq` numbers a ticket's messages 1, 2, 3… without gaps: it is assigned under
 * the ticket's row lock in the storing transaction. `clientId` makes a sender's retry idempotent.
 */
@Entity('ticket_messages')
@Index('ticket_messages_ticket_id_seq_key', ['ticketId', 'seq'], { unique: true })
@Index('ticket_messages_client_id_key', ['ticketId', 'senderId', 'clientId'], { unique: true })
// GIN over the search vector (the search module's migration owns it and the trigger filling it).
@Index('ticket_messages_search_vector_idx', { synchronize: false })
export class Message {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'ticket_messages_pkey' })
  id!: string;

  @Column({ type: 'uuid' })
  ticketId!: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_messages_ticket_id_fkey' })
  ticket?: Ticket;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'uuid' })
  senderId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sender_id', foreignKeyConstraintName: 'ticket_messages_sender_id_fkey' })
  sender?: User;

  @Column({ type: 'enum', enum: ROLES, enumName: 'user_role' })
  senderRole!: Role;

  @Column({ type: 'varchar', length: MESSAGE_CONTENT_MAX })
  content!: string;

  @Column({ type: 'varchar', length: MESSAGE_CLIENT_ID_MAX, nullable: true })
  clientId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** The content for full-text search (weight C), kept by a trigger; never read or written here. */
  @Column({ type: 'tsvector', select: false, insert: false, update: false })
  searchVector?: string;

  /** Not a column: the attachments it carries, when loaded (ticket_attachments.message_id). */
  attachments?: Attachment[];
}
