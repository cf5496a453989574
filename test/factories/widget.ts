// Widget visitors: identity tokens as a host site's backend signs them, and widget sessions.
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { bearer, TestUser } from './users';
import type { TestApp } from '../support/test-app';

/** The WIDGET_IDENTITY_SECRET of the suites that turn visitor identity on. */
export const WIDGET_SECRET = 'widget-identity-secret-for-tests-0123456789';

export interface IdentityClaims {
  sub?: unknown;
  email?: unknown;
  name?: unknown;
  [claim: string]: unknown;
}

export interface SignOptions {
  /** exp − iat; 300 s unless given. */
  lifetimeSeconds?: number;
  /** iat relative to now, in seconds (negative: in the past). */
  issuedAgo?: number;
  secret?: string;
  algorithm?: 'HS256' | 'HS384' | 'HS512';
  /** Leave iat or exp out. */
  without?: 'iat' | 'exp';
}

const jwt = new JwtService();

/** An identity token, signed with jsonwebtoken (through @nestjs/jwt) the way a host would. */
export function identityToken(claims: IdentityClaims, options: SignOptions = {}): string {
  const iat = Math.floor(Date.now() / 1000) - (options.issuedAgo ?? 0);
  const exp = iat + (options.lifetimeSeconds ?? 300);
  const payload: Record<string, unknown> = { ...claims, iat, exp };
  if (options.without !== undefined) delete payload[options.without];
  return jwt.sign(payload, {
    secret: options.secret ?? WIDGET_SECRET,
    algorithm: options.algorithm ?? 'HS256',
    // jsonwebtoken would add an iat of its own where the claims have none.
    noTimestamp: options.without === 'iat',
  });
}

export const externalId = (prefix = 'cust') => `${prefix}-${randomBytes(5).toString('hex')}`;

/** A documentation address (2001:db8::/32), new per call, so each test has its own guest count. */
export function clientIp(): string {
  return `2001:db8::${randomBytes(4)
    .toString('hex')
    .replace(/(....)(....)/, '$1:$2')}`;
}

export interface SessionOptions {
  /** X-Forwarded-For (the suite trusts the proxy): the client address the guest limit counts. */
  ip?: string;
  origin?: string;
  bearer?: string;
}

export function widgetSession(
  t: Pick<TestApp, 'url'>,
  body: Record<string, unknown>,
  options: SessionOptions = {},
): request.Test {
  let pending = request(t.url)
    .post('/api/v1/widget/session')
    .set('x-forwarded-for', options.ip ?? clientIp());
  if (options.origin !== undefined) pending = pending.set('origin', options.origin);
  if (options.bearer !== undefined) pending = pending.set(bearer(options.bearer));
  return pending.send(body);
}

/** A widget visitor or guest signed in through the widget, usable wherever a TestUser is. */
export async function widgetUser(
  t: Pick<TestApp, 'url'>,
  body: Record<string, unknown>,
  options: SessionOptions = {},
): Promise<TestUser> {
  const session = await widgetSession(t, body, options).expect(200);
  const tokens = session.body as { access_token: string; refresh_token: string };
  const me = await request(t.url)
    .get('/api/v1/users/me')
    .set(bearer(tokens.access_token))
    .expect(200);
  const user = me.body as { id: string; email: string | null };
  return {
    id: user.id,
    email: user.email ?? '',
    password: '',
    role: 'user',
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
  };
}
