import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '@/users/user.entity';

/**
 * The round-robin position, one row shared by every instance. Locking it serialises the choice of
 * assignee, so concurrent creations cannot pick the same CSR from a stale position.
 */
@Entity('assignment_cursor')
@Check('assignment_cursor_single_row', '"id" = 1')
export class AssignmentCursor {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'assignment_cursor_pkey' })
  id!: number;

  /** The CSR who took the last ticket; the cycle continues after them in (created_at, id) order. */
  @Column({ type: 'uuid', nullable: true })
  lastAssigneeId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'last_assignee_id',
    foreignKeyConstraintName: 'assignment_cursor_last_assignee_id_fkey',
  })
  lastAssignee?: User;
}
