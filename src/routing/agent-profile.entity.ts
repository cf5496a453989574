import {
  Check,
  Column,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '@/users/user.entity';

export const AVAILABILITIES = ['online', 'away', 'offline'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export const MAX_CAPACITY = 1000;
export const MAX_CATEGORIES = 50;

/**
 * A staff member's routing settings and REST liveness, created on first use (no row: the
 * defaults). Automatic assignment locks these rows, so no two transactions fill one agent at once.
 */
@Entity('agent_profiles')
@Check('agent_profiles_max_open_tickets_range', '"max_open_tickets" BETWEEN 1 AND 1000')
export class AgentProfile {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'agent_profiles_pkey' })
  userId!: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'agent_profiles_user_id_fkey' })
  user?: User;

  @Column({
    type: 'enum',
    enum: AVAILABILITIES,
    enumName: 'agent_availability',
    default: 'online',
  })
  availability!: Availability;

  /** Meaningful when capacitySet; null then means no limit. */
  @Column({ type: 'integer', nullable: true })
  maxOpenTickets!: number | null;

  /** false: ROUTING_DEFAULT_CAPACITY applies. */
  @Column({ type: 'boolean', default: false })
  capacitySet!: boolean;

  /** Trimmed, lower-cased labels; empty: every category. */
  @Column({ type: 'varchar', length: 50, array: true, default: () => "'{}'" })
  categories!: string[];

  /** The last PUT /csr/me/presence: connected for PRESENCE_TIMEOUT_SECONDS after it. */
  @Column({ type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  /** The last moment a socket of theirs opened or closed, or a heartbeat came. */
  @Column({ type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;

  /** The presence last announced, so the sweep announces each expiry once across instances. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  announcedPresence!: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
