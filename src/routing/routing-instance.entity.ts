import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One running API process. It renews its row at least every third of PRESENCE_TIMEOUT_SECONDS;
 * a process that died (SIGKILL) stops renewing, and the sockets it held stop counting.
 */
@Entity('routing_instances')
export class RoutingInstance {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'routing_instances_pkey' })
  id!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  renewedAt!: Date;
}
