import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed-login counter for one key (email + client address) in a fixed window. */
@Entity('login_throttles')
export class LoginThrottle {
  @PrimaryColumn({ type: 'varchar', length: 400, primaryKeyConstraintName: 'login_throttles_pkey' })
  key!: string;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ type: 'timestamptz' })
  windowStartedAt!: Date;
}
