// Verifies a host site's identity token: HS256 only, with WIDGET_IDENTITY_SECRET, then the claims
// (identity-claims.ts). Without the secret nobody can speak for a visitor, so no secret, no identity.
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { jwtKey } from '@/auth/jwt-key';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import type { VisitorIdentity } from '@/users/users.service';
import { readIdentityClaims } from '@/widget/identity-claims';
import { IdentityNotConfigured, InvalidIdentityToken } from '@/widget/widget.errors';
import { IDENTITY_CLOCK_SKEW_SECONDS, IDENTITY_TOKEN_ALGORITHM } from '@/widget/widget-limits';

@Injectable()
export class IdentityTokenVerifier {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async verify(token: string, now = Date.now()): Promise<VisitorIdentity> {
    const secret = this.config.widget.identitySecret;
    if (secret === undefined) throw new IdentityNotConfigured();
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync<object>(token, {
        secret: jwtKey(secret),
        // Pinned: `none`, another HMAC or a public-key algorithm are refused before the key is used.
        algorithms: [IDENTITY_TOKEN_ALGORITHM],
        // exp, with iat and the lifetime, is judged in one place: readIdentityClaims.
        ignoreExpiration: true,
        clockTolerance: IDENTITY_CLOCK_SKEW_SECONDS,
        clockTimestamp: Math.floor(now / 1000),
      });
    } catch (error) {
      throw new InvalidIdentityToken(reasonOf(error));
    }
    const verdict = readIdentityClaims(payload, Math.floor(now / 1000));
    if (!verdict.ok) throw new InvalidIdentityToken(verdict.reason);
    return verdict.identity;
  }
}

/** jsonwebtoken's refusals, in words a host site's developer can act on. */
function reasonOf(error: unknown): string {
  const { name, message } = error instanceof Error ? error : { name: '', message: '' };
  if (name === 'NotBeforeError') return 'Identity token is not valid yet (nbf)';
  if (message === 'invalid signature') return 'Identity token signature is invalid';
  if (message === 'invalid algorithm' || message === 'jwt signature is required') {
    return `Identity token must be signed with ${IDENTITY_TOKEN_ALGORITHM}`;
  }
  return 'Identity token is malformed';
}
