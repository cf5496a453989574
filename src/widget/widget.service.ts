// Owns widget sessions: an identified visitor (a host site's signed identity token), an anonymous
// guest (WIDGET_ANONYMOUS), a guest merged into the visitor it turns out to be, and whether anyone
// is there to answer. Sessions and tokens are the auth module's, the same as a login's.
import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessTokenVerifier } from '@/auth/access-token.verifier';
import type { Actor } from '@/auth/actor';
import { USER_ACCESS_CHANGED, UserAccessChangedEvent } from '@/auth/auth.events';
import { LoginThrottleService } from '@/auth/login-throttle.service';
import { SessionsService } from '@/auth/sessions.service';
import { TokenPair, TokensService } from '@/auth/tokens.service';
import { TooManyRequests, Unauthorized } from '@/common/errors/domain-errors';
import { publish } from '@/common/publish';
import type { AppConfig } from '@/config/config';
import { APP_CONFIG } from '@/config/config.module';
import { PresenceService } from '@/routing/presence.service';
import { TicketsService } from '@/tickets/tickets.service';
import type { User } from '@/users/user.entity';
import { UsersService } from '@/users/users.service';
import { GuestMerge, MergedGuest } from '@/widget/guest-merge';
import { IdentityTokenVerifier } from '@/widget/identity-token';
import { mayOpenSession } from '@/widget/widget-origin';
import { AnonymousSessionsOff, OriginNotAllowed, VisitorDeactivated } from '@/widget/widget.errors';
import { GUEST_WINDOW_SECONDS, GUESTS_PER_WINDOW } from '@/widget/widget-limits';

export interface SessionRequest {
  /** Absent: an anonymous guest. */
  identityToken: string | undefined;
  /** The Bearer token sent along, if any: a guest's, to merge into the identified visitor. */
  bearer: string | undefined;
  origin: string | undefined;
  host: string;
  clientIp: string;
}

@Injectable()
export class WidgetService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identityTokens: IdentityTokenVerifier,
    private readonly accessTokens: AccessTokenVerifier,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly throttle: LoginThrottleService,
    private readonly guests: GuestMerge,
    private readonly tickets: TicketsService,
    private readonly presence: PresenceService,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * A token pair for the widget's visitor, like a login's. A Bearer token sent along is checked
   * like on any route (a bad, expired or revoked one is 401, so a widget refreshes a guest's
   * token instead of losing what the guest wrote); only a guest's is acted on.
   */
  async openSession(request: SessionRequest): Promise<TokenPair> {
    const caller = request.bearer === undefined ? null : await this.callerOf(request.bearer);
    const user =
      request.identityToken === undefined
        ? await this.newGuest(request)
        : await this.identify(request, request.identityToken, caller);
    const { sessionId, tokenId } = await this.sessions.open(
      user.id,
      this.config.jwt.refreshTtlSeconds,
    );
    return this.tokens.issuePair(user, sessionId, tokenId);
  }

  /** True when at least one active CSR is online, on any instance. */
  agentsOnline(): Promise<boolean> {
    return this.presence.anyCsrOnline();
  }

  private async callerOf(bearer: string): Promise<Actor> {
    const actor = await this.accessTokens.verify(bearer);
    if (actor === null) throw new Unauthorized('Invalid or expired token');
    return actor;
  }

  /** At most GUESTS_PER_WINDOW new guests per client address per window, on every instance. */
  private async newGuest(request: SessionRequest): Promise<User> {
    if (!this.config.widget.anonymous) throw new AnonymousSessionsOff();
    if (!this.allowed('anonymous', request)) throw new OriginNotAllowed('anonymous');
    const { count, retryAfterSeconds } = await this.throttle.countAttempt(
      `widget-guest:ip:${request.clientIp}`,
      GUEST_WINDOW_SECONDS,
    );
    if (count > GUESTS_PER_WINDOW) {
      throw new TooManyRequests(
        'Too many new widget visitors from this address; try again later',
        retryAfterSeconds,
      );
    }
    return this.users.createGuest();
  }

  /**
   * The visitor the token names, created or updated from its claims; a guest calling with its
   * own Bearer token is merged into them in the same transaction.
   */
  private async identify(
    request: SessionRequest,
    identityToken: string,
    caller: Actor | null,
  ): Promise<User> {
    const identity = await this.identityTokens.verify(identityToken);
    if (!this.allowed('identity', request)) throw new OriginNotAllowed('identity');
    // Read before the transaction (the embedded database has one connection); whether an account
    // is a guest never changes, and the merge checks the rest under its lock.
    const guestId =
      caller !== null && (await this.users.getById(caller.id)).isGuest ? caller.id : undefined;
    const { visitor, merged } = await this.dataSource.transaction(async (manager) => {
      const found = await this.users.identifyVisitor(manager, identity);
      // Deactivated by an admin: refused, and nothing the token said is kept.
      if (!found.isActive) throw new VisitorDeactivated();
      const moved: MergedGuest | undefined =
        guestId === undefined ? undefined : await this.guests.merge(manager, guestId, found.id);
      return { visitor: found, merged: moved };
    });
    if (merged !== undefined) this.publishMerge(merged);
    return visitor;
  }

  private publishMerge(merged: MergedGuest): void {
    // The guest's sockets go, on every instance; rooms of its tickets hear of the new owner.
    publish<UserAccessChangedEvent>(this.events, USER_ACCESS_CHANGED, { userId: merged.guestId });
    for (const ticket of merged.tickets) this.tickets.publishUpdated(ticket);
  }

  private allowed(kind: 'identity' | 'anonymous', request: SessionRequest): boolean {
    return mayOpenSession(kind, request.origin, request.host, this.config.widget.origins);
  }
}
