import {
  CreateDateColumn,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { RoutingInstance } from '@/routing/routing-instance.entity';
import { User } from '@/users/user.entity';

/** An open /chat socket of a staff member, on the instance that holds it. */
@Entity('agent_connections')
@Index('agent_connections_user_id_idx', ['userId'])
@Index('agent_connections_instance_id_idx', ['instanceId'])
export class AgentConnection {
  @PrimaryColumn({
    type: 'varchar',
    length: 64,
    primaryKeyConstraintName: 'agent_connections_pkey',
  })
  socketId!: string;

  @Column({ type: 'uuid' })
  instanceId!: string;

  @ManyToOne(() => RoutingInstance, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'instance_id',
    foreignKeyConstraintName: 'agent_connections_instance_id_fkey',
  })
  instance?: RoutingInstance;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'agent_connections_user_id_fkey' })
  user?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  connectedAt!: Date;
}
