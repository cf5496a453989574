// Owns account administration: creating staff accounts, listing, role and activation changes.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SessionsService } from '@/auth/sessions.service';
import type { User } from '@/users/user.entity';
import { NewUser, UserFilter, UserPatch, UsersService } from '@/users/users.service';

@Injectable()
export class AdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {}

  createUser(input: NewUser): Promise<User> {
    return this.users.create(input);
  }

  listUsers(filter: UserFilter): Promise<{ items: User[]; total: number }> {
    return this.users.list(filter);
  }

  /** Deactivating a user ends all their sessions in the same transaction. */
  updateUser(id: string, patch: UserPatch): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const { before, after } = await this.users.update(manager, id, patch);
      if (before.isActive && !after.isActive) await this.sessions.revokeAllForUser(manager, id);
      return after;
    });
  }
}
