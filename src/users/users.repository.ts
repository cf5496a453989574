// Every SQL statement on user accounts (users). Emails arrive already normalised.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SqlParams } from '@/common/sql-params';
import { Role, User } from '@/users/user.entity';

const COLUMNS =
  'id, email, full_name, password_hash, role, is_active, external_id, is_guest, created_at, updated_at';

/** Guests are named after this sequence ("Visitor 7"), so two never share a name. */
const VISITOR_NAME = `'Visitor ' || nextval('users_visitor_number_seq')`;

interface UserRow {
  id: string;
  email: string | null;
  full_name: string;
  password_hash: string | null;
  role: Role;
  is_active: boolean;
  external_id: string | null;
  is_guest: boolean;
  created_at: Date;
  updated_at: Date;
}

function toUser(row: UserRow): User {
  return Object.assign(new User(), {
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    passwordHash: row.password_hash,
    role: row.role,
    isActive: row.is_active,
    externalId: row.external_id,
    isGuest: row.is_guest,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

export interface UserValues {
  email: string;
  fullName: string;
  passwordHash: string;
  role: Role;
}

/** What a host site's identity token says of a visitor; absent fields keep the stored value. */
export interface VisitorValues {
  externalId: string;
  /** null: the host says the visitor has none. */
  email?: string | null;
  fullName?: string;
}

/** Columns to change; absent ones keep their value. */
export interface UserColumns {
  role?: Role;
  isActive?: boolean;
  fullName?: string;
}

export interface UserListFilter {
  role?: Role;
  isActive?: boolean;
  limit: number;
  offset: number;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The new user, or null when the email is taken (the unique index decides, not a read). */
  async insertUnlessExists(values: UserValues): Promise<User | null> {
    const rows = await this.dataSource.query<UserRow[]>(
      `INSERT INTO users (email, full_name, password_hash, role) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING
       RETURNING ${COLUMNS}`,
      [values.email, values.fullName, values.passwordHash, values.role],
    );
    return rows[0] === undefined ? null : toUser(rows[0]);
  }

  /** The sign-in account with this email: visitors and guests are never found by one. */
  async findByEmail(email: string): Promise<User | null> {
    const rows = await this.dataSource.query<UserRow[]>(
      `SELECT ${COLUMNS} FROM users WHERE email = $1 AND external_id IS NULL AND NOT is_guest`,
      [email],
    );
    return rows[0] === undefined ? null : toUser(rows[0]);
  }

  /**
   * The visitor with this external id, created (role user, no password) or updated with what
   * the host said, holding its row until the caller's transaction ends. updated_at moves only
   * when something changed. The unique index on external_id settles two first sessions at once:
   * the insert that loses waits for the winner and then updates its row.
   */
  async upsertVisitor(manager: EntityManager, values: VisitorValues): Promise<User> {
    const update = () =>
      manager.query<[UserRow[], number]>(
        `UPDATE users SET
           email = CASE WHEN $2 THEN $3 ELSE email END,
           full_name = coalesce($4, full_name),
           updated_at = CASE WHEN (CASE WHEN $2 THEN $3 ELSE email END) IS DISTINCT FROM email
                               OR coalesce($4, full_name) <> full_name
                             THEN now() ELSE updated_at END
         WHERE external_id = $1
         RETURNING ${COLUMNS}`,
        [
          values.externalId,
          values.email !== undefined,
          values.email ?? null,
          values.fullName ?? null,
        ],
      );
    const updated = (await update())[0][0];
    if (updated !== undefined) return toUser(updated);
    const inserted = await manager.query<UserRow[]>(
      `INSERT INTO users (external_id, email, full_name, role)
       VALUES ($1, $2, coalesce($3, ${VISITOR_NAME}), 'user')
       ON CONFLICT (external_id) DO NOTHING
       RETURNING ${COLUMNS}`,
      [values.externalId, values.email ?? null, values.fullName ?? null],
    );
    if (inserted[0] !== undefined) return toUser(inserted[0]);
    return toUser((await update())[0][0]!);
  }

  async insertGuest(): Promise<User> {
    const rows = await this.dataSource.query<UserRow[]>(
      `INSERT INTO users (full_name, role, is_guest) VALUES (${VISITOR_NAME}, 'user', true)
       RETURNING ${COLUMNS}`,
    );
    return toUser(rows[0]!);
  }

  async findById(id: string): Promise<User | null> {
    const rows = await this.dataSource.query<UserRow[]>(
      `SELECT ${COLUMNS} FROM users WHERE id = $1`,
      [id],
    );
    return rows[0] === undefined ? null : toUser(rows[0]);
  }

  /** Holds the row until the caller's transaction ends. */
  async lockById(manager: EntityManager, id: string): Promise<User | null> {
    const rows = await manager.query<UserRow[]>(
      `SELECT ${COLUMNS} FROM users WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] === undefined ? null : toUser(rows[0]);
  }

  async update(manager: EntityManager, id: string, columns: UserColumns): Promise<User> {
    const params = new SqlParams();
    const sets = ['updated_at = now()'];
    if (columns.role !== undefined) sets.push(`role = ${params.add(columns.role)}`);
    if (columns.isActive !== undefined) sets.push(`is_active = ${params.add(columns.isActive)}`);
    if (columns.fullName !== undefined) sets.push(`full_name = ${params.add(columns.fullName)}`);
    const rows = await manager.query<[UserRow[], number]>(
      `UPDATE users SET ${sets.join(', ')} WHERE id = ${params.add(id)} RETURNING ${COLUMNS}`,
      params.values,
    );
    return toUser(rows[0][0]!);
  }

  /** One page in creation order and the filtered total, in one statement. */
  async page(filter: UserListFilter): Promise<{ items: User[]; total: number }> {
    const params = new SqlParams();
    const conditions: string[] = [];
    if (filter.role !== undefined) conditions.push(`role = ${params.add(filter.role)}`);
    if (filter.isActive !== undefined) {
      conditions.push(`is_active = ${params.add(filter.isActive)}`);
    }
    const where = conditions.length === 0 ? 'TRUE' : conditions.join(' AND ');
    // LEFT JOIN: the count row survives an offset past the end.
    const rows = await this.dataSource.query<(UserRow & { total: number })[]>(
      `SELECT c.total, p.*
         FROM (SELECT count(*)::int AS total FROM users WHERE ${where}) c
         LEFT JOIN LATERAL (
           SELECT ${COLUMNS} FROM users WHERE ${where}
            ORDER BY created_at, id
            LIMIT ${params.add(filter.limit)} OFFSET ${params.add(filter.offset)}
         ) p ON true
        ORDER BY p.created_at, p.id`,
      params.values,
    );
    return {
      items: rows.filter((row) => row.id !== null).map(toUser),
      total: rows[0]?.total ?? 0,
    };
  }
}
