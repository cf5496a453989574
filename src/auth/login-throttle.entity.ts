import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Attempt counter for one key in a fixed window: failed logins per account and per client
 *  address, new widget guests per client address. */
@Entity('login_throttles')
export class LoginThrottle {
  @PrimaryColumn({ type: 'varchar', length: 400, primaryKeyConstraintName: 'login_throttles_pkey' })
  key!: string;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ type: 'timestamptz' })
  windowStartedAt!: Date;
}
