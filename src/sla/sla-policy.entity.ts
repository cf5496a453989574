import {
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import type { SlaPolicyDocument } from '@/sla/sla-policy';
import { User } from '@/users/user.entity';

/**
 * Every SLA policy an admin saved, numbered; the highest version is in force. Tickets record the
 * version their clocks started under, so a change applies to tickets from then on.
 */
@Entity('sla_policies')
export class SlaPolicy {
  @PrimaryColumn({
    type: 'integer',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'sla_policies_pkey',
  })
  @Generated('identity' as 'increment')
  version!: number;

  @Column({ type: 'jsonb' })
  policy!: SlaPolicyDocument;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'created_by_id',
    foreignKeyConstraintName: 'sla_policies_created_by_id_fkey',
  })
  createdBy?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
