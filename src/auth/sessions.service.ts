// Owns sessions, refresh-token rotation with reuse detection, and the access-token blacklist.
// The statements are in SessionsRepository; the rules and transactions are here.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccessCheck, SessionsRepository } from '@/auth/sessions.repository';
import type { Role } from '@/users/user.entity';

export type RotationResult =
  | { outcome: 'rotated'; userId: string; role: Role; sessionId: string; newTokenId: string }
  | { outcome: 'reused' | 'inactive'; sessionId: string }
  | { outcome: 'revoked' | 'unknown' };

@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsRepository,
  ) {}

  /** Opens a session with its first refresh token; returns their ids. */
  async open(userId: string, ttlSeconds: number): Promise<{ sessionId: string; tokenId: string }> {
    const sessionId = randomUUID();
    const tokenId = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.insertSession(manager, sessionId, userId, ttlSeconds);
      await this.sessions.insertRefreshToken(manager, tokenId, sessionId, ttlSeconds);
    });
    return { sessionId, tokenId };
  }

  /**
   * Marks a refresh token used and issues its successor in one transaction. The row lock makes
   * two concurrent rotations of one token serialise: the second sees it used and is reuse,
   * which revokes the whole session.
   */
  async rotate(tokenId: string, ttlSeconds: number): Promise<RotationResult> {
    return this.dataSource.transaction(async (manager) => {
      const token = await this.sessions.lockForRotation(manager, tokenId);
      if (token === null || token.expired) return { outcome: 'unknown' };
      if (token.sessionRevoked) return { outcome: 'revoked' };
      if (token.used) {
        await this.sessions.revoke(manager, token.sessionId);
        return { outcome: 'reused', sessionId: token.sessionId };
      }
      if (!token.isActive) {
        await this.sessions.revoke(manager, token.sessionId);
        return { outcome: 'inactive', sessionId: token.sessionId };
      }
      const newTokenId = randomUUID();
      await this.sessions.markRefreshTokenUsed(manager, tokenId);
      await this.sessions.insertRefreshToken(manager, newTokenId, token.sessionId, ttlSeconds);
      return {
        outcome: 'rotated',
        userId: token.userId,
        role: token.role,
        sessionId: token.sessionId,
        newTokenId,
      };
    });
  }

  /** The caller's current role and state if the session is live and the token not blacklisted. */
  checkAccess(userId: string, sessionId: string, tokenId: string): Promise<AccessCheck | null> {
    return this.sessions.checkAccess(userId, sessionId, tokenId);
  }

  /** Ends a session (idempotent) and blacklists an access token until it expires. */
  async logout(sessionId: string, accessToken?: { id: string; expiresAt: Date }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.revoke(manager, sessionId);
      if (accessToken !== undefined) {
        await this.sessions.blacklistAccessToken(manager, accessToken.id, accessToken.expiresAt);
      }
    });
  }

  /** Revokes every live session of a user, inside the caller's transaction. */
  revokeAllForUser(manager: EntityManager, userId: string): Promise<string[]> {
    return this.sessions.revokeAllForUser(manager, userId);
  }

  /** Deletes what can no longer matter: expired sessions (with their tokens) and blacklist rows. */
  purgeExpired(): Promise<void> {
    return this.sessions.purgeExpired();
  }
}
