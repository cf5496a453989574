// Every SQL statement on sessions, their refresh tokens and the access-token blacklist
// (auth_sessions, refresh_tokens, revoked_tokens). Writes take the caller's transaction.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { poolRead } from '@/common/pool-read';
import type { Role } from '@/users/user.entity';

export interface AccessCheck {
  role: Role;
  isActive: boolean;
}

/** A refresh token with its session and user, as rotation decides on them. */
export interface RotationCandidate {
  sessionId: string;
  used: boolean;
  expired: boolean;
  sessionRevoked: boolean;
  userId: string;
  role: Role;
  isActive: boolean;
}

interface RotationRow {
  session_id: string;
  used_at: Date | null;
  expired: boolean;
  revoked_at: Date | null;
  user_id: string;
  role: Role;
  is_active: boolean;
}

function toRotationCandidate(row: RotationRow): RotationCandidate {
  return {
    sessionId: row.session_id,
    used: row.used_at !== null,
    expired: row.expired,
    sessionRevoked: row.revoked_at !== null,
    userId: row.user_id,
    role: row.role,
    isActive: row.is_active,
  };
}

@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertSession(
    manager: EntityManager,
    id: string,
    userId: string,
    ttlSeconds: number,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO auth_sessions (id, user_id, expires_at)
       VALUES ($1, $2, now() + make_interval(secs => $3))`,
      [id, userId, ttlSeconds],
    );
  }

  async insertRefreshToken(
    manager: EntityManager,
    id: string,
    sessionId: string,
    ttlSeconds: number,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO refresh_tokens (id, session_id, expires_at)
       VALUES ($1, $2, now() + make_interval(secs => $3))`,
      [id, sessionId, ttlSeconds],
    );
  }

  /** The token, its session and its user, holding the token's and the session's rows. */
  async lockForRotation(
    manager: EntityManager,
    tokenId: string,
  ): Promise<RotationCandidate | null> {
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
    return rows[0] === undefined ? null : toRotationCandidate(rows[0]);
  }

  async markRefreshTokenUsed(manager: EntityManager, tokenId: string): Promise<void> {
    await manager.query(`UPDATE refresh_tokens SET used_at = now() WHERE id = $1`, [tokenId]);
  }

  /** Every authenticated request runs this, so it goes straight to the pool. */
  async checkAccess(
    userId: string,
    sessionId: string,
    tokenId: string,
  ): Promise<AccessCheck | null> {
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

  /** Idempotent: a revoked session keeps its first revocation time. */
  async revoke(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.query(
      `UPDATE auth_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId],
    );
  }

  /** Returns the ids of the sessions it revoked. */
  async revokeAllForUser(manager: EntityManager, userId: string): Promise<string[]> {
    const rows = await manager.query<[{ id: string }[], number]>(
      `UPDATE auth_sessions SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL
        RETURNING id`,
      [userId],
    );
    return rows[0].map((row) => row.id);
  }

  async blacklistAccessToken(manager: EntityManager, jti: string, expiresAt: Date): Promise<void> {
    await manager.query(
      `INSERT INTO revoked_tokens (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING`,
      [jti, expiresAt],
    );
  }

  /** Expired blacklist rows, and sessions (their tokens cascade) a day past their expiry. */
  async purgeExpired(): Promise<void> {
    await this.dataSource.query(`DELETE FROM revoked_tokens WHERE expires_at < now()`);
    await this.dataSource.query(
      `DELETE FROM auth_sessions WHERE expires_at < now() - interval '1 day'`,
    );
  }
}
