import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '@/users/user.entity';

export const LOGGED_PRESENCES = ['online', 'away', 'offline'] as const;

/**
 * The log of announced presence: one row each time an agent's announced presence changed,
 * written by the statement that changed agent_profiles.announced_presence, so each change is
 * logged exactly once across instances. The reports read time online from it.
 */
@Entity('agent_presence_changes')
@Check('agent_presence_changes_presence_check', `"presence" IN ('online', 'away', 'offline')`)
// Time online: one agent's changes in a period, and the last one before it.
@Index('agent_presence_changes_user_id_changed_at_idx', ['userId', 'changedAt'])
export class AgentPresenceChange {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'agent_presence_changes_pkey',
  })
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'user_id',
    foreignKeyConstraintName: 'agent_presence_changes_user_id_fkey',
  })
  user?: User;

  /** The presence from then on: online, away or offline. */
  @Column({ type: 'varchar', length: 16 })
  presence!: (typeof LOGGED_PRESENCES)[number];

  @Column({ type: 'timestamptz', default: () => 'now()' })
  changedAt!: Date;
}
