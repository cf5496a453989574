// Owns sessions, refresh-token rotation with reuse detection, and the access-token blacklist.
// Every statement that touches these tables is here.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '@/users/user.entity';
import { poolRead } from '@/common/pool-read';

export interface AccessCheck {
  role: Role;
  isActive: boolean;
}

export type RotationResult =
  | { outcome: 'rotated'; userId: string; role: Role; sessionId: string; newTokenId: string }
  | { outcome: 'reused' | 'inactive'; sessionId: string }
  | { outcome: 'revoked' | 'unknown' };

interface RotationRow {
  session_id: string;
  used_at: Date | null;
  expired: boolean;
  revoked_at: Date | null;
  user_id: string;
  role: Role;
  is_active: boolean;
}

@Injectable()
export class SessionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Opens a session with its first refresh token; returns their ids. */
  async open(userId: string, ttlSeconds: number): Promise<{ sessionId: string; tokenId: string }> {
    const sessionId = randomUUID();
    const tokenId = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO auth_sessions (id, user_id, expires_at)
         VALUES ($1, $2, now() + make_interval(secs => $3))`,
        [sessionId, userId, ttlSeconds],
      );
      await manager.query(
        `INSERT INTO refresh_tokens (id, session_id, expires_at)
         VALUES ($1, $2, now() + make_interval(secs => $3))`,
        [tokenId, sessionId, ttlSeconds],
      );
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
      const rows = await manager.query<RotationRow[]>(
        `SELECT rt.session_id, rt.used_at, rt.expires_at < now() AS expired,
                s.revoked_at, s.user_id, u.role, u.is_active
           FROM refresh_tokens rt
           JOIN auth_sessions s ON s.id = rt.session_id
           JOIN users u ON u.id = s.user_id
          WHERE rt.id = $1
          FOR UPDATE OF rt, s`,
        [tokenId],
      );
      const row = rows[0];
      if (row === undefined || row.expired) return { outcome: 'unknown' };
      if (row.revoked_at !== null) return { outcome: 'revoked' };
      if (row.used_at !== null) {
        await this.revoke(manager, row.session_id);
        return { outcome: 'reused', sessionId: row.session_id };
      }
      if (!row.is_active) {
        await this.revoke(manager, row.session_id);
        return { outcome: 'inactive', sessionId: row.session_id };
      }
      const newTokenId = randomUUID();
      await manager.query(`UPDATE refresh_tokens SET used_at = now() WHERE id = $1`, [tokenId]);
      await manager.query(
        `INSERT INTO refresh_tokens (id, session_id, expires_at)
         VALUES ($1, $2, now() + make_interval(secs => $3))`,
        [newTokenId, row.session_id, ttlSeconds],
      );
      return {
        outcome: 'rotated',
        userId: row.user_id,
        role: row.role,
        sessionId: row.session_id,
        newTokenId,
      };
    });
  }

  /** The caller's current role and state if the session is live and the token not blacklisted. */
  async checkAccess(
    userId: string,
    sessionId: string,
    tokenId: string,
  ): Promise<AccessCheck | null> {
    // Every authenticated request runs this, so it goes straight to the pool.
    const rows = await poolRead<{ role: Role; is_active: boolean }>(
      this.dataSource,
      `SELECT u.role, u.is_active
         FROM auth_sessions s
         JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM revoked_tokens r WHERE r.jti = $3)`,
      [sessionId, userId, tokenId],
    );
    const row = rows[0];
    return row === undefined ? null : { role: row.role, isActive: row.is_active };
  }

  /** Ends a session (idempotent) and blacklists an access token until it expires. */
  async logout(sessionId: string, accessToken?: { id: string; expiresAt: Date }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.revoke(manager, sessionId);
      if (accessToken !== undefined) {
        await manager.query(
          `INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING`,
          [accessToken.id, accessToken.expiresAt],
        );
      }
    });
  }

  /** Revokes every live session of a user, inside the caller's transaction. */
  async revokeAllForUser(manager: EntityManager, userId: string): Promise<string[]> {
    const rows = await manager.query<[{ id: string }[], number]>(
      `UPDATE auth_sessions SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL
        RETURNING id`,
      [userId],
    );
    return rows[0].map((row) => row.id);
  }

  /** Deletes what can no longer matter: expired sessions (with their tokens) and blacklist rows. */
  async purgeExpired(): Promise<void> {
    await this.dataSource.query(`DELETE FROM revoked_tokens WHERE expires_at < now()`);
    await this.dataSource.query(
      `DELETE FROM auth_sessions WHERE expires_at < now() - interval '1 day'`,
    );
  }

  private async revoke(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.query(
      `UPDATE auth_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId],
    );
  }
}
