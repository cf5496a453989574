import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import {
  CANNED_CONTENT_MAX,
  CANNED_SHORT_CODE_MAX,
  CANNED_TITLE_MAX,
} from '@/canned-responses/canned-response-limits';
import { User } from '@/users/user.entity';

/** A reply template staff insert by its short code. */
@Entity('canned_responses')
// Unique on lower(short_code), which also orders the list; an expression TypeORM cannot declare,
// so the migration owns it.
@Index('canned_responses_short_code_key', { synchronize: false })
export class CannedResponse {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'canned_responses_pkey' })
  id!: string;

  /** As written; compared lower-cased. */
  @Column({ type: 'varchar', length: CANNED_SHORT_CODE_MAX })
  shortCode!: string;

  @Column({ type: 'varchar', length: CANNED_TITLE_MAX })
  title!: string;

  @Column({ type: 'varchar', length: CANNED_CONTENT_MAX })
  content!: string;

  /** Null once its author's account is gone; the template stays for everyone else. */
  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'canned_responses_created_by_fkey' })
  creator?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
