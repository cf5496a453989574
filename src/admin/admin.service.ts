// Owns account administration: creating staff accounts, listing, role and activation changes.
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { USER_ACCESS_CHANGED, UserAccessChangedEvent } from '@/auth/auth.events';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SessionsService } from '@/auth/sessions.service';
import type { AgentSettings } from '@/routing/routing.repository';
import { RoutingService, StaffSettings } from '@/routing/routing.service';
import type { User } from '@/users/user.entity';
import { NewUser, UserFilter, UserPatch, UsersService } from '@/users/users.service';

@Injectable()
export class AdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly events: EventEmitter2,
    private readonly routing: RoutingService,
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
  async updateUser(id: string, patch: UserPatch, settings: AgentSettings = {}): Promise<User> {
    const { before, after } = await this.dataSource.transaction(async (manager) => {
      const change = await this.users.update(manager, id, patch);
      if (change.before.isActive && !change.after.isActive) {
        await this.sessions.revokeAllForUser(manager, id);
      }
      await this.routing.updateSettings(manager, id, change.after.role, settings);
      return change;
    });
    if (before.role !== after.role || before.isActive !== after.isActive) {
      this.events.emit(USER_ACCESS_CHANGED, { userId: id } satisfies UserAccessChangedEvent);
    } else if (settings.maxOpenTickets !== undefined || settings.categories !== undefined) {
      this.routing.agentChanged(id);
    }
    return after;
  }

  /** Routing settings of the staff among `users`, which their user JSON carries. */
  routingSettings(users: readonly User[]): Promise<Map<string, StaffSettings>> {
    const staff = users.filter((user) => user.role === 'csr' || user.role === 'admin');
    return staff.length === 0
      ? Promise.resolve(new Map<string, StaffSettings>())
      : this.routing.settingsOf(staff.map((user) => user.id));
  }
}
