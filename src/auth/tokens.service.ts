// Signs and verifies the two token types. Claims: sub, role, sid, jti, type, iat, exp.
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { UUID_PATTERN } from '@/common/uuid';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import type { Role } from '@/users/user.entity';

export type TokenType = 'access' | 'refresh';

export interface TokenClaims {
  sub: string;
  role: Role;
  sid: string;
  jti: string;
  type: TokenType;
  iat: number;
  exp: number;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  expires_in: number;
}

@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issuePair(
    user: { id: string; role: Role },
    sessionId: string,
    refreshId: string,
  ): Promise<TokenPair> {
    const { accessTtlSeconds, refreshTtlSeconds } = this.config.jwt;
    const [access, refresh] = await Promise.all([
      this.jwt.signAsync(
        { sub: user.id, role: user.role, sid: sessionId, type: 'access' },
        { jwtid: randomUUID(), expiresIn: accessTtlSeconds },
      ),
      this.jwt.signAsync(
        { sub: user.id, role: user.role, sid: sessionId, type: 'refresh' },
        { jwtid: refreshId, expiresIn: refreshTtlSeconds },
      ),
    ]);
    return {
      access_token: access,
      refresh_token: refresh,
      token_type: 'bearer',
      expires_in: accessTtlSeconds,
    };
  }

  /** Verified claims of the expected type, or null for any bad, expired or mistyped token. */
  async verify(
    token: string,
    type: TokenType,
    ignoreExpiration = false,
  ): Promise<TokenClaims | null> {
    try {
      const claims = await this.jwt.verifyAsync<Partial<TokenClaims>>(token, {
        algorithms: [this.config.jwt.algorithm],
        ignoreExpiration,
      });
      return isClaims(claims, type) ? claims : null;
    } catch {
      return null;
    }
  }
}

export function isClaims(claims: Partial<TokenClaims>, type: TokenType): claims is TokenClaims {
  return (
    claims.type === type &&
    typeof claims.sub === 'string' &&
    UUID_PATTERN.test(claims.sub) &&
    typeof claims.sid === 'string' &&
    UUID_PATTERN.test(claims.sid) &&
    typeof claims.jti === 'string' &&
    UUID_PATTERN.test(claims.jti) &&
    typeof claims.exp === 'number'
  );
}
