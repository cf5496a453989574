// Owns account administration: creating staff accounts, listing, role and activation changes.
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { USER_ACCESS_CHANGED, UserAccessChangedEvent } from '@/auth/auth.events';
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
    private readonly events: EventEmitter2,
  ) {}

  createUser(input: NewUser): Promise<User> {
    return this.users.create(input);
  }

  listUsers(filter: UserFilter): Promise<{ items: User[]; total: number }> {
    return this.users.list(filter);
  }

  /**
   * Deactivating a user ends all their sessions in the same transaction. After a deactivation or
   * a role change their live sockets are cut, so they reconnect under the new state.
   */
  async updateUser(id: string, patch: UserPatch): Promise<User> {
    const { before, after } = await this.dataSource.transaction(async (manager) => {
      const change = await this.users.update(manager, id, patch);
      if (change.before.isActive && !change.after.isActive) {
        await this.sessions.revokeAllForUser(manager, id);
      }
      return change;
    });
    if (before.role !== after.role || before.isActive !== after.isActive) {
      this.events.emit(USER_ACCESS_CHANGED, { userId: id } satisfies UserAccessChangedEvent);
    }
    return after;
  }
}
