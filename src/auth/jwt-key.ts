// The HMAC key as a KeyObject, made once. Given a string, jsonwebtoken first tries (and fails) to
// parse it as a public key on every sign and verify; a profile put that at ~19% of request CPU.
import { createSecretKey, KeyObject } from 'node:crypto';

const cache = new Map<string, KeyObject>();

/** Typed as string because @nestjs/jwt and passport-jwt declare string | Buffer; both pass the
 *  value straight to jsonwebtoken, which takes a KeyObject. */
export function jwtKey(secret: string): string {
  let key = cache.get(secret);
  if (key === undefined) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    cache.set(secret, key);
  }
  return key as unknown as string;
}
