import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { FILENAME_MAX_BYTES } from '@/attachments/filename';
import { Ticket } from '@/tickets/ticket.entity';
import { User } from '@/users/user.entity';

export const CONTENT_TYPE_MAX = 100;

/**
 * A file uploaded to a ticket. The bytes live in the attachment store under their sha256
 * (content-addressed: two rows with the same bytes share one blob). `messageId` is set once,
 * when the uploader attaches it to a message of the same ticket.
 */
@Entity('ticket_attachments')
@Index('ticket_attachments_ticket_id_idx', ['ticketId'])
@Index('ticket_attachments_message_id_idx', ['messageId'])
export class Attachment {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'ticket_attachments_pkey' })
  id!: string;

  @Column({ type: 'uuid' })
  ticketId!: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_attachments_ticket_id_fkey' })
  ticket?: Ticket;

  @Column({ type: 'uuid', nullable: true })
  messageId!: string | null;

  // Declared by string so that this module does not import the chat module's entity.
  @ManyToOne('Message', { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'message_id',
    foreignKeyConstraintName: 'ticket_attachments_message_id_fkey',
  })
  message?: unknown;

  @Column({ type: 'uuid' })
  uploadedBy!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'uploaded_by',
    foreignKeyConstraintName: 'ticket_attachments_uploaded_by_fkey',
  })
  uploader?: User;

  @Column({ type: 'varchar', length: FILENAME_MAX_BYTES })
  filename!: string;

  @Column({ type: 'varchar', length: CONTENT_TYPE_MAX })
  contentType!: string;

  @Column({ type: 'bigint' })
  size!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
