import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Access-token `jti`s revoked before their expiry (logout); purged once they expire. */
@Entity('revoked_tokens')
@Index('revoked_tokens_expires_at_idx', ['expiresAt'])
export class RevokedToken {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'revoked_tokens_pkey' })
  jti!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
