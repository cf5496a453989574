import {
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { SlaState } from '@/tickets/ticket-sla';
import { User } from '@/users/user.entity';
import {
  TICKET_CATEGORY_MAX,
  TICKET_DESCRIPTION_MAX,
  TICKET_TITLE_MAX,
  TICKET_TAG_MAX,
  TICKET_TYPE_MAX,
} from '@/tickets/ticket-limits';

// Declaration order is the sort order: PostgreSQL sorts enums by it, so `sort=status` follows the
// workflow and `sort=priority` follows severity.
export const TICKET_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

// Each index serves a list query: a user's own tickets, the queue by assignee or status, and the
// unfiltered queue in the sort orders it offers. tickets_priority_idx is (priority NULLS FIRST,
// id), an order TypeORM cannot declare, so the migration owns it and synchronisation leaves it be.
@Entity('tickets')
@Index('tickets_number_key', ['number'], { unique: true })
@Index('tickets_user_id_created_at_idx', ['userId', 'createdAt', 'id'])
@Index('tickets_assigned_to_id_status_idx', ['assignedToId', 'status'])
@Index('tickets_status_created_at_idx', ['status', 'createdAt', 'id'])
@Index('tickets_status_id_idx', ['status', 'id'])
@Index('tickets_created_at_idx', ['createdAt', 'id'])
@Index('tickets_updated_at_idx', ['updatedAt', 'id'])
@Index('tickets_priority_idx', { synchronize: false })
// The routing queue (unassigned, open or in progress) in queue order; owned by its migration too.
@Index('tickets_queue_idx', { synchronize: false })
// GIN over tags, for `tag=` filters (`tags @> …`); TypeORM cannot declare the method.
@Index('tickets_tags_idx', { synchronize: false })
// SLA: `sort=sla_due` (ascending puts tickets without a due time last, as the list wants), the
// check job's next moments (only tickets with a running clock, so closed ones cost nothing) and
// the `sla=` filters.
@Index('tickets_sla_due_at_idx', ['slaDueAt', 'id'])
@Index('tickets_sla_check_at_idx', ['slaCheckAt'], { where: '"sla_check_at" IS NOT NULL' })
@Index('tickets_sla_at_risk_idx', ['id'], { where: '"sla_at_risk"' })
@Index('tickets_sla_breached_idx', ['id'], { where: '"sla_breached"' })
// GIN over the search vector (the search module's migration owns it and the trigger filling it).
@Index('tickets_search_vector_idx', { synchronize: false })
export class Ticket {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'tickets_pkey' })
  id!: string;

  /** For humans ("#1042"); bigint, read back as a string by the driver. */
  @Column({ type: 'bigint', generatedIdentity: 'ALWAYS' })
  // The typings omit 'identity', which the PostgreSQL driver supports (GENERATED ... AS IDENTITY).
  @Generated('identity' as 'increment')
  number!: string;

  @Column({ type: 'varchar', length: TICKET_TITLE_MAX })
  title!: string;

  @Column({ type: 'varchar', length: TICKET_DESCRIPTION_MAX })
  description!: string;

  /** Trimmed and lower-cased, so filters match exactly. */
  @Column({ type: 'varchar', length: TICKET_CATEGORY_MAX })
  category!: string;

  /** Trimmed and lower-cased, so filters match exactly. */
  @Column({ type: 'varchar', length: TICKET_TYPE_MAX })
  type!: string;

  @Column({ type: 'enum', enum: TICKET_STATUSES, enumName: 'ticket_status', default: 'open' })
  status!: TicketStatus;

  @Column({ type: 'enum', enum: TICKET_PRIORITIES, enumName: 'ticket_priority', nullable: true })
  priority!: TicketPriority | null;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'tickets_user_id_fkey' })
  user?: User;

  @Column({ type: 'uuid', nullable: true })
  assignedToId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assigned_to_id', foreignKeyConstraintName: 'tickets_assigned_to_id_fkey' })
  assignedTo?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  firstResponseAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** Sorted, lower-case labels (see ticket-tags.ts). */
  @Column({ type: 'varchar', length: TICKET_TAG_MAX, array: true, default: () => "'{}'" })
  tags!: string[];

  /** Staff mentioned in its notes: they may join its conversation like its assignee. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  watcherIds!: string[];

  /** A copy of the latest satisfaction rating, in its wire shape (the satisfaction module owns them). */
  @Column({ type: 'jsonb', nullable: true })
  satisfaction!: SatisfactionSnapshot | null;

  /** The SLA clocks (see ticket-sla.ts); null when no policy was in force at creation. */
  @Column({ type: 'jsonb', nullable: true })
  sla!: SlaState | null;

  @Column({ type: 'timestamptz', nullable: true })
  slaDueAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  slaCheckAt!: Date | null;

  @Column({ type: 'boolean', default: false })
  slaAtRisk!: boolean;

  @Column({ type: 'boolean', default: false })
  slaBreached!: boolean;
  /**
   * Title (weight A) and description (B) for full-text search, kept by a trigger: never selected,
   * inserted or updated through TypeORM (see the search module).
   */
  @Column({ type: 'tsvector', select: false, insert: false, update: false })
  searchVector?: string;
}

/** The latest rating of a ticket, as the satisfaction module recorded it. */
export interface SatisfactionSnapshot {
  ticket_id: string;
  rating: number;
  comment: string | null;
  assignee_id: string | null;
  rated_at: string;
}
