import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Message } from '@/chat/message.entity';
import { Ticket } from '@/tickets/ticket.entity';
import { User } from '@/users/user.entity';

/** How far one participant has read in a ticket; it only moves forward (by seq). */
@Entity('ticket_read_markers')
export class ReadMarker {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'ticket_read_markers_pkey' })
  ticketId!: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'ticket_read_markers_pkey' })
  userId!: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_read_markers_ticket_id_fkey' })
  ticket?: Ticket;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'ticket_read_markers_user_id_fkey' })
  user?: User;

  @Column({ type: 'uuid' })
  messageId!: string;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'message_id',
    foreignKeyConstraintName: 'ticket_read_markers_message_id_fkey',
  })
  message?: Message;

  @Column({ type: 'integer' })
  seq!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
