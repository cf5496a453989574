import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TICKET_PRIORITIES, Ticket, type TicketPriority } from '@/tickets/ticket.entity';
import type { ClockName } from '@/tickets/ticket-sla';
import { User } from '@/users/user.entity';

/**
 * One run of one SLA clock of a ticket (next response runs again after each owner message), for
 * the reports: its target, when it was due, when and how fast it was met, whether it broke.
 */
@Entity('sla_clock_runs')
@Check('sla_clock_runs_clock_check', `"clock" IN ('first_response', 'next_response', 'resolution')`)
// Attainment: the runs due in a period.
@Index('sla_clock_runs_due_at_idx', ['dueAt'])
export class SlaClockRun {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'sla_clock_runs_pkey' })
  ticketId!: string;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'sla_clock_runs_ticket_id_fkey' })
  ticket?: Ticket;

  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'sla_clock_runs_pkey' })
  clock!: ClockName;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'sla_clock_runs_pkey' })
  run!: number;

  @Column({ type: 'enum', enum: TICKET_PRIORITIES, enumName: 'ticket_priority', nullable: true })
  priority!: TicketPriority | null;

  @Column({ type: 'integer' })
  targetMinutes!: number;

  @Column({ type: 'timestamptz' })
  startedAt!: Date;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  metAt!: Date | null;

  /** Business minutes (calendar minutes without business hours) from start to met, pauses excluded. */
  @Column({ type: 'double precision', nullable: true })
  elapsedMinutes!: number | null;

  @Column({ type: 'boolean', default: false })
  breached!: boolean;

  /** The ticket's assignee when the run was last written (met, breached or re-targeted). */
  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'sla_clock_runs_assignee_id_fkey' })
  assignee?: User;
}
