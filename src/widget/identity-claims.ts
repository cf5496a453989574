// What a verified identity token's claims must say (pure): `sub` the host's id of the visitor,
// `iat` and `exp` at most IDENTITY_TOKEN_MAX_LIFETIME_SECONDS apart, not issued in the future and
// not expired; optional `email` and `name`.
import { isEmail } from 'class-validator';
import { EMAIL_MAX, EXTERNAL_ID_MAX, FULL_NAME_MAX } from '@/users/user-limits';
import type { VisitorIdentity } from '@/users/users.service';
import {
  IDENTITY_CLOCK_SKEW_SECONDS,
  IDENTITY_TOKEN_MAX_LIFETIME_SECONDS,
} from '@/widget/widget-limits';

export type ClaimsVerdict = { ok: true; identity: VisitorIdentity } | { ok: false; reason: string };

const refuse = (reason: string): ClaimsVerdict => ({ ok: false, reason });
const isTime = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);
const CONTROL = /\p{Cc}/u;

export function readIdentityClaims(payload: unknown, nowSeconds: number): ClaimsVerdict {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return refuse('Identity token claims must be a JSON object');
  }
  const claims = payload as Record<string, unknown>;
  const { sub, iat, exp, email, name } = claims;
  if (
    typeof sub !== 'string' ||
    sub.trim().length === 0 ||
    sub.length > EXTERNAL_ID_MAX ||
    CONTROL.test(sub)
  ) {
    return refuse(`Identity token sub must be the visitor's id: 1–${EXTERNAL_ID_MAX} characters`);
  }
  if (!isTime(iat) || !isTime(exp)) return refuse('Identity token must carry iat and exp');
  if (iat > nowSeconds + IDENTITY_CLOCK_SKEW_SECONDS) {
    return refuse('Identity token is issued in the future');
  }
  if (exp <= iat || exp - iat > IDENTITY_TOKEN_MAX_LIFETIME_SECONDS) {
    return refuse(
      `Identity token lifetime (exp − iat) must be at most ${IDENTITY_TOKEN_MAX_LIFETIME_SECONDS / 60} minutes`,
    );
  }
  if (exp + IDENTITY_CLOCK_SKEW_SECONDS <= nowSeconds) return refuse('Identity token has expired');

  const identity: VisitorIdentity = { externalId: sub };
  if (email === null) identity.email = null;
  else if (email !== undefined) {
    const trimmed = typeof email === 'string' ? email.trim() : undefined;
    if (trimmed === undefined || trimmed.length > EMAIL_MAX || !isEmail(trimmed)) {
      return refuse('Identity token email must be a valid email address');
    }
    identity.email = trimmed;
  }
  if (name !== undefined && name !== null) {
    const trimmed = typeof name === 'string' ? name.trim() : '';
    if (trimmed.length === 0 || trimmed.length > FULL_NAME_MAX || CONTROL.test(trimmed)) {
      return refuse(`Identity token name must be 1–${FULL_NAME_MAX} characters`);
    }
    identity.fullName = trimmed;
  }
  return { ok: true, identity };
}
