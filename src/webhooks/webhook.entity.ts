import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { WEBHOOK_DESCRIPTION_MAX, WEBHOOK_URL_MAX } from '@/webhooks/webhook-limits';

/** A subscribed receiver. Its secrets sign every delivery; they are shown only when made. */
@Entity('webhook_endpoints')
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'webhook_endpoints_pkey' })
  id!: string;

  @Column({ type: 'varchar', length: WEBHOOK_URL_MAX })
  url!: string;

  /** Event types, or `*`. */
  @Column({ type: 'text', array: true })
  events!: string[];

  @Column({ type: 'varchar', length: WEBHOOK_DESCRIPTION_MAX, nullable: true })
  description!: string | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'varchar', length: 64 })
  secret!: string;

  /** The secret before the last rotation, which keeps signing until previous_secret_until. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  previousSecret!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretUntil!: Date | null;

  /** Deliveries that failed in a row (every retry spent); a success sets it back to 0. */
  @Column({ type: 'integer', default: 0 })
  consecutiveFailures!: number;

  /** Milliseconds, as a JS Date holds them: the list's keyset cursor carries it exactly. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * The outbox: one row per event that at least one endpoint subscribed to, written in the
 * transaction of the change it reports. `body` is the exact JSON sent, so every retry and replay
 * sends (and signs) the same bytes.
 */
@Entity('webhook_events')
export class WebhookEvent {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'webhook_events_pkey' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * One event for one endpoint. Pending rows are due at next_attempt_at; a dispatcher claims them
 * by moving next_attempt_at past its attempt's deadline (a lease: an instance that dies mid-way
 * leaves the row due again) and stamping `claim`, so only its own result is recorded.
 */
@Entity('webhook_deliveries')
@Check('webhook_deliveries_status_check', `"status" IN ('pending', 'succeeded', 'failed')`)
// The dispatchers' queue: due pending rows.
@Index('webhook_deliveries_due_idx', ['nextAttemptAt'], { where: `"status" = 'pending'` })
// An endpoint's log, newest first.
@Index('webhook_deliveries_endpoint_idx', ['endpointId', 'createdAt', 'id'])
// Pruning finished rows.
@Index('webhook_deliveries_finished_idx', ['finishedAt'], { where: `"status" <> 'pending'` })
@Index('webhook_deliveries_event_id_idx', ['eventId'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'webhook_deliveries_pkey' })
  id!: string;

  @Column({ type: 'uuid' })
  endpointId!: string;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'endpoint_id',
    foreignKeyConstraintName: 'webhook_deliveries_endpoint_id_fkey',
  })
  endpoint?: WebhookEndpoint;

  @Column({ type: 'uuid' })
  eventId!: string;

  @ManyToOne(() => WebhookEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'webhook_deliveries_event_id_fkey' })
  event?: WebhookEvent;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: 'pending' | 'succeeded' | 'failed';

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Null once finished. */
  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  claim!: string | null;

  /** Asked for by an admin (retry, test): attempted even while the endpoint is disabled. */
  @Column({ type: 'boolean', default: false })
  manual!: boolean;

  @Column({ type: 'integer', nullable: true })
  lastStatusCode!: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;

  @Column({ type: 'integer', nullable: true })
  lastDurationMs!: number | null;

  /** Milliseconds, as a JS Date holds them: the log's keyset cursor carries it exactly. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}

/** One attempt of a delivery, as sent and as answered (the response's first 1 KiB). */
@Entity('webhook_attempts')
@Index('webhook_attempts_delivery_id_idx', ['deliveryId', 'id'])
export class WebhookAttempt {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'webhook_attempts_pkey',
  })
  id!: string;

  @Column({ type: 'uuid' })
  deliveryId!: string;

  @ManyToOne(() => WebhookDelivery, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'delivery_id',
    foreignKeyConstraintName: 'webhook_attempts_delivery_id_fkey',
  })
  delivery?: WebhookDelivery;

  @Column({ type: 'timestamptz' })
  attemptedAt!: Date;

  @Column({ type: 'jsonb' })
  requestHeaders!: Record<string, string>;

  @Column({ type: 'integer', nullable: true })
  statusCode!: number | null;

  @Column({ type: 'text', nullable: true })
  responseBody!: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;

  @Column({ type: 'integer' })
  durationMs!: number;
}
