import type { Role } from '@/users/user.entity';

/** Who is calling: read from the database on every request, never trusted from the token alone. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  readonly sessionId: string;
  readonly tokenId: string;
  readonly tokenExpiresAt: Date;
}
