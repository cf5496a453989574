// Owns sign-up, login with brute-force throttling, refresh rotation and logout.
import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SESSIONS_REVOKED, SessionsRevokedEvent } from '@/auth/auth.events';
import { LoginThrottleService } from '@/auth/login-throttle.service';
import { SessionsService } from '@/auth/sessions.service';
import { TokenPair, TokensService } from '@/auth/tokens.service';
import { TooManyRequests, Unauthorized } from '@/common/errors/domain-errors';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import { PasswordHasher } from '@/users/password-hasher';
import type { User } from '@/users/user.entity';
import { normalizeEmail, UsersService } from '@/users/users.service';

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokensService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly events: EventEmitter2,
  ) {}

  signup(input: { email: string; password: string; fullName: string }): Promise<User> {
    return this.users.create({ ...input, role: 'user' });
  }

  /**
   * Unknown email, wrong password and deactivated account get one answer, and take about as
   * long: an unknown email is still compared against a dummy hash.
   */
  async login(email: string, password: string, clientIp: string): Promise<TokenPair> {
    const keys = this.throttle.keysFor(normalizeEmail(email), clientIp);
    const wait = await this.throttle.lockedFor(keys);
    if (wait > 0)
      throw new TooManyRequests('Too many failed login attempts; try again later', wait);

    const user = await this.users.findByEmail(email);
    // Visitors and guests have no password (and findByEmail never returns them).
    const matches = await this.hasher.compare(password, user?.passwordHash ?? undefined);
    if (user === null || !matches || !user.isActive) {
      await this.throttle.recordFailure(keys);
      throw new Unauthorized('Invalid credentials');
    }
    await this.throttle.reset(keys);
    const { sessionId, tokenId } = await this.sessions.open(
      user.id,
      this.config.jwt.refreshTtlSeconds,
    );
    return this.tokens.issuePair(user, sessionId, tokenId);
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const claims = await this.tokens.verify(refreshToken, 'refresh');
    if (claims === null) throw new Unauthorized('Invalid refresh token');
    const result = await this.sessions.rotate(claims.jti, this.config.jwt.refreshTtlSeconds);
    switch (result.outcome) {
      case 'rotated':
        return this.tokens.issuePair(
          { id: result.userId, role: result.role },
          result.sessionId,
          result.newTokenId,
        );
      case 'reused':
        this.sessionsRevoked([result.sessionId]);
        throw new Unauthorized('Refresh token has been revoked');
      case 'revoked':
        throw new Unauthorized('Refresh token has been revoked');
      case 'inactive':
        this.sessionsRevoked([result.sessionId]);
        throw new Unauthorized('Invalid refresh token');
      default:
        throw new Unauthorized('Invalid refresh token');
    }
  }

  /** Ends the refresh token's session and blacklists the access token; repeating it is harmless. */
  async logout(refreshToken: string, accessToken: string | undefined): Promise<void> {
    const refresh = await this.tokens.verify(refreshToken, 'refresh', true);
    if (refresh === null) throw new Unauthorized('Invalid refresh token');
    const access =
      accessToken === undefined ? null : await this.tokens.verify(accessToken, 'access', true);
    await this.sessions.logout(
      refresh.sid,
      access === null || access.sub !== refresh.sub
        ? undefined
        : { id: access.jti, expiresAt: new Date(access.exp * 1000) },
    );
    this.sessionsRevoked([refresh.sid]);
  }

  /** Live sockets of these sessions are cut as well, on every instance. */
  private sessionsRevoked(sessionIds: string[]): void {
    this.events.emit(SESSIONS_REVOKED, { sessionIds } satisfies SessionsRevokedEvent);
  }
}
