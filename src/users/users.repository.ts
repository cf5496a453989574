// Every SQL statement on user accounts (users). Emails arrive already normalised.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SqlParams } from '@/common/sql-params';
import { Role, User } from '@/users/user.entity';

const COLUMNS = 'id, email, full_name, password_hash, role, is_active, created_at, updated_at';

interface UserRow {
  id: string;
  email: string;
  full_name: string;
  password_hash: string;
  role: Role;
  is_active: boolean;
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

  async findByEmail(email: string): Promise<User | null> {
    const rows = await this.dataSource.query<UserRow[]>(
      `SELECT ${COLUMNS} FROM users WHERE email = $1`,
      [email],
    );
    return rows[0] === undefined ? null : toUser(rows[0]);
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
