// Turns an access token into an Actor: signature, algorithm, expiry and type first, then the
// session, blacklist, activation and current role from the database. HTTP and sockets share it.
import { Injectable } from '@nestjs/common';
import type { Actor } from '@/auth/actor';
import { SessionsService } from '@/auth/sessions.service';
import { TokenClaims, TokensService } from '@/auth/tokens.service';

@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly tokens: TokensService,
    private readonly sessions: SessionsService,
  ) {}

  async verify(token: string): Promise<Actor | null> {
    const claims = await this.tokens.verify(token, 'access');
    return claims === null ? null : this.actorFor(claims);
  }

  /** For claims whose signature was already checked (the passport strategy does that). */
  async actorFor(claims: TokenClaims): Promise<Actor | null> {
    const access = await this.sessions.checkAccess(claims.sub, claims.sid, claims.jti);
    if (access === null || !access.isActive) return null;
    return {
      id: claims.sub,
      role: access.role,
      sessionId: claims.sid,
      tokenId: claims.jti,
      tokenExpiresAt: new Date(claims.exp * 1000),
    };
  }
}
