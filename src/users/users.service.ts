// Owns user accounts: creation with a unique, normalised email; lookup; listing; updates.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PasswordHasher } from '@/users/password-hasher';
import { Conflict, NotFound } from '@/common/errors/domain-errors';
import { Role, User } from '@/users/user.entity';

export interface NewUser {
  email: string;
  password: string;
  fullName: string;
  role: Role;
}

export interface UserFilter {
  role?: Role;
  isActive?: boolean;
  limit: number;
  offset: number;
}

export interface UserPatch {
  role?: Role;
  isActive?: boolean;
  fullName?: string;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Creates a user; an email registered in any letter case is a Conflict. */
  async create(input: NewUser): Promise<User> {
    const passwordHash = await this.hasher.hash(input.password);
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(User)
      .values({
        email: normalizeEmail(input.email),
        fullName: input.fullName.trim(),
        passwordHash,
        role: input.role,
      })
      .orIgnore()
      .returning('*')
      .execute();
    const row = (result.raw as Record<string, unknown>[])[0];
    if (row === undefined) throw new Conflict('User already registered');
    return this.dataSource.getRepository(User).create(this.fromRaw(row));
  }

  /** Creates the user unless the email exists; returns whether it was created. */
  async ensure(input: NewUser): Promise<boolean> {
    const existing = await this.findByEmail(input.email);
    if (existing !== null) return false;
    try {
      await this.create(input);
      return true;
    } catch (error) {
      if (error instanceof Conflict) return false;
      throw error;
    }
  }

  findByEmail(email: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ email: normalizeEmail(email) });
  }

  async getById(id: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (user === null) throw new NotFound('User');
    return user;
  }

  async list(filter: UserFilter): Promise<{ items: User[]; total: number }> {
    const [items, total] = await this.dataSource.getRepository(User).findAndCount({
      where: {
        ...(filter.role !== undefined && { role: filter.role }),
        ...(filter.isActive !== undefined && { isActive: filter.isActive }),
      },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: filter.limit,
      skip: filter.offset,
    });
    return { items, total };
  }

  /** Applies a patch inside the caller's transaction, locking the row. */
  async update(
    manager: EntityManager,
    id: string,
    patch: UserPatch,
  ): Promise<{ before: User; after: User }> {
    const repository = manager.getRepository(User);
    const before = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (before === null) throw new NotFound('User');
    const after = repository.merge(repository.create({ ...before }), {
      ...(patch.role !== undefined && { role: patch.role }),
      ...(patch.isActive !== undefined && { isActive: patch.isActive }),
      ...(patch.fullName !== undefined && { fullName: patch.fullName.trim() }),
    });
    await repository.save(after);
    return { before, after };
  }

  private fromRaw(row: Record<string, unknown>): Partial<User> {
    return {
      id: row.id as string,
      email: row.email as string,
      fullName: row.full_name as string,
      passwordHash: row.password_hash as string,
      role: row.role as Role,
      isActive: row.is_active as boolean,
      createdAt: row.created_at as Date,
      updatedAt: row.updated_at as Date,
    };
  }
}
