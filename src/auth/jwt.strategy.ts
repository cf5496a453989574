// Verifies the Bearer access token, then reads the session and role from the database, so a
// logout, a deactivation or a demotion takes effect on the very next request.
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Actor } from '@/auth/actor';
import { AccessTokenVerifier } from '@/auth/access-token.verifier';
import { jwtKey } from '@/auth/jwt-key';
import { isClaims, TokenClaims } from '@/auth/tokens.service';
import { Unauthorized } from '@/common/errors/domain-errors';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly verifier: AccessTokenVerifier,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: jwtKey(config.jwt.secret),
      algorithms: [config.jwt.algorithm],
      ignoreExpiration: false,
    });
  }

  async validate(claims: Partial<TokenClaims>): Promise<Actor> {
    if (!isClaims(claims, 'access')) throw new Unauthorized('Invalid or expired token');
    const actor = await this.verifier.actorFor(claims);
    if (actor === null) throw new Unauthorized('Invalid or expired token');
    return actor;
  }
}
