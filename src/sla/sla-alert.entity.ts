import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Ticket } from '@/tickets/ticket.entity';
import type { ClockName } from '@/tickets/ticket-sla';
import { User } from '@/users/user.entity';

export const SLA_ALERT_KINDS = ['warning', 'breached'] as const;
export type SlaAlertKind = (typeof SLA_ALERT_KINDS)[number];

/**
 * A warning or breach that fired. The key (ticket, clock, run, kind) is what makes each fire
 * exactly once across instances: the check job inserts it before it announces anything.
 */
@Entity('sla_alerts')
@Check('sla_alerts_kind_check', `"kind" IN ('warning', 'breached')`)
@Index('sla_alerts_created_at_idx', ['createdAt'])
@Index('sla_alerts_assignee_id_created_at_idx', ['assigneeId', 'createdAt'])
export class SlaAlert {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'sla_alerts_pkey' })
  ticketId!: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'sla_alerts_ticket_id_fkey' })
  ticket?: Ticket;

  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'sla_alerts_pkey' })
  clock!: ClockName;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'sla_alerts_pkey' })
  run!: number;

  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'sla_alerts_pkey' })
  kind!: SlaAlertKind;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  /** Who held the ticket when it fired. */
  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'sla_alerts_assignee_id_fkey' })
  assignee?: User;

  /** When it fired (the application clock, which tests may move). */
  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
