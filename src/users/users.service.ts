// Owns user accounts: creation with a unique, normalised email; widget visitors and guests;
// lookup; listing; updates. The statements are in UsersRepository.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PasswordHasher } from '@/users/password-hasher';
import { Conflict, NotFound, Unprocessable } from '@/common/errors/domain-errors';
import type { Role, User } from '@/users/user.entity';
import { UserColumns, UsersRepository } from '@/users/users.repository';

/** A widget visitor as a host site's identity token describes them. */
export interface VisitorIdentity {
  externalId: string;
  /** Absent: keep the stored one; null: the visitor has none. */
  email?: string | null;
  /** Absent: keep the stored one ("Visitor <n>" for a new visitor). */
  fullName?: string;
}

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

/** A staff member's routing settings, which their user JSON carries. */
export interface StaffSettings {
  maxOpenTickets: number | null;
  categories: string[];
}

/** Where staff settings come from: the routing module registers itself (it depends on users). */
export interface StaffSettingsSource {
  settingsOf(ids: readonly string[]): Promise<Map<string, StaffSettings>>;
}

/** A widget visitor or guest: no password, signed in through the widget only. */
export function isWidgetAccount(user: User): boolean {
  return user.externalId !== null || user.isGuest;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class UsersService {
  private staffSettingsSource: StaffSettingsSource | undefined;

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  useStaffSettings(source: StaffSettingsSource): void {
    this.staffSettingsSource = source;
  }

  /** The routing settings of a csr or admin; undefined for anyone else. */
  async staffSettings(user: User): Promise<StaffSettings | undefined> {
    if ((user.role !== 'csr' && user.role !== 'admin') || this.staffSettingsSource === undefined)
      return undefined;
    return (await this.staffSettingsSource.settingsOf([user.id])).get(user.id);
  }

  /** Creates a user; an email registered in any letter case is a Conflict. */
  async create(input: NewUser): Promise<User> {
    const passwordHash = await this.hasher.hash(input.password);
    const user = await this.users.insertUnlessExists({
      email: normalizeEmail(input.email),
      fullName: input.fullName.trim(),
      passwordHash,
      role: input.role,
    });
    if (user === null) throw new Conflict('User already registered');
    return user;
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

  /** The sign-in account with this email (never a widget visitor or guest). */
  findByEmail(email: string): Promise<User | null> {
    return this.users.findByEmail(normalizeEmail(email));
  }

  /**
   * The visitor with this external id, inside the caller's transaction (its row held until the
   * end): created on first use (role user, no password), its email and name set from the
   * identity. Only the external id identifies them: an email that belongs to another account is
   * stored as the visitor's contact address and links nothing.
   */
  identifyVisitor(manager: EntityManager, identity: VisitorIdentity): Promise<User> {
    return this.users.upsertVisitor(manager, {
      externalId: identity.externalId,
      email:
        identity.email === undefined || identity.email === null
          ? identity.email
          : normalizeEmail(identity.email),
      fullName: identity.fullName?.trim(),
    });
  }

  /** An anonymous widget visitor: no email, no password, named "Visitor <n>". */
  createGuest(): Promise<User> {
    return this.users.insertGuest();
  }

  /** Holds the user's row until the caller's transaction ends. */
  async lock(manager: EntityManager, id: string): Promise<User> {
    const user = await this.users.lockById(manager, id);
    if (user === null) throw new NotFound('User');
    return user;
  }

  async getById(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (user === null) throw new NotFound('User');
    return user;
  }

  list(filter: UserFilter): Promise<{ items: User[]; total: number }> {
    return this.users.page(filter);
  }

  /**
   * Applies a patch inside the caller's transaction, locking the row. Only the columns that
   * change are written; a patch that changes nothing writes nothing (updated_at stays).
   */
  async update(
    manager: EntityManager,
    id: string,
    patch: UserPatch,
  ): Promise<{ before: User; after: User }> {
    const before = await this.users.lockById(manager, id);
    if (before === null) throw new NotFound('User');
    const changes: UserColumns = {};
    if (patch.role !== undefined && patch.role !== before.role) changes.role = patch.role;
    // A visitor signs in with whatever the host site signs: staff rights would be the host's to
    // hand out. A guest has nobody behind it at all.
    if (changes.role !== undefined && changes.role !== 'user' && isWidgetAccount(before)) {
      throw new Unprocessable('A widget visitor or guest cannot be staff');
    }
    if (patch.isActive !== undefined && patch.isActive !== before.isActive) {
      changes.isActive = patch.isActive;
    }
    const fullName = patch.fullName?.trim();
    if (fullName !== undefined && fullName !== before.fullName) changes.fullName = fullName;
    if (Object.keys(changes).length === 0) return { before, after: before };
    return { before, after: await this.users.update(manager, id, changes) };
  }
}
