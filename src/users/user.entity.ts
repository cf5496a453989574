import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { EMAIL_MAX, EXTERNAL_ID_MAX, FULL_NAME_MAX } from '@/users/user-limits';

export const ROLES = ['user', 'csr', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Three kinds of account share this table: sign-in accounts (email and password), widget
 * visitors a host site identified (`externalId`), and anonymous widget guests (`isGuest`).
 * Only sign-in accounts have a password, and only their emails are unique: a visitor's email is
 * what the host site says, shown to staff but never used to sign in or to find an account, so
 * a host cannot claim (or squat) a sign-in account's address.
 */
@Entity('users')
@Index('users_email_key', ['email'], { unique: true, where: '"external_id" IS NULL' })
@Index('users_external_id_key', ['externalId'], { unique: true })
@Index('users_role_created_at_idx', ['role', 'createdAt', 'id'])
@Check('users_guest_external_id_check', 'NOT ("is_guest" AND "external_id" IS NOT NULL)')
@Check(
  'users_password_hash_check',
  '"password_hash" IS NOT NULL OR "external_id" IS NOT NULL OR "is_guest"',
)
export class User {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'users_pkey' })
  id!: string;

  /** Stored trimmed and lower-cased, so the unique index is case-insensitive. Null: a guest, or a
   *  visitor whose host gave none. */
  @Column({ type: 'varchar', length: EMAIL_MAX, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: FULL_NAME_MAX })
  fullName!: string;

  /** Null for visitors and guests: they cannot sign in with a password. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'enum', enum: ROLES, enumName: 'user_role', default: 'user' })
  role!: Role;

  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  /** A widget visitor's id on the host site; the only key an identity token is matched by. */
  @Column({ type: 'varchar', length: EXTERNAL_ID_MAX, nullable: true })
  externalId!: string | null;

  /** An anonymous widget visitor ("Visitor <n>"). */
  @Column({ type: 'boolean', default: false })
  isGuest!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
