import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Ticket } from '@/tickets/ticket.entity';
import { User } from '@/users/user.entity';

export const TICKET_EVENT_KINDS = [
  'created',
  'assigned',
  'status_changed',
  'priority_changed',
  'unassigned',
  'mentioned',
  'tags_changed',
  'satisfaction_submitted',
  'sla_warning',
  'sla_breached',
] as const;
export type TicketEventKind = (typeof TICKET_EVENT_KINDS)[number];

/**
 * One entry of a ticket's timeline. The identity id orders events: now() is the same for every
 * statement of a transaction, so created_at cannot tell `created` from the `assigned` after it.
 */
@Entity('ticket_events')
@Index('ticket_events_ticket_id_idx', ['ticketId', 'id'])
// The reports: one kind of event (resolutions, reopenings, assignments) in a period.
@Index('ticket_events_kind_created_at_idx', ['kind', 'createdAt'])
export class TicketEvent {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'ticket_events_pkey',
  })
  id!: string;

  @Column({ type: 'uuid' })
  ticketId!: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'ticket_events_ticket_id_fkey' })
  ticket?: Ticket;

  /** Null when the system acted (auto-assignment, auto-close). */
  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'ticket_events_actor_id_fkey' })
  actor?: User;

  @Column({ type: 'varchar', length: 40 })
  kind!: TicketEventKind;

  @Column({ type: 'jsonb', default: {} })
  data!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
