// Forged and tampered JWTs for the attack tests: alg none, other keys and algorithms, edited
// claims under the old signature, expiry and not-before outside the valid window.
import { createHmac } from 'node:crypto';

type Claims = Record<string, unknown>;

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeClaims(token: string): Claims {
  const part = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Claims;
}

/** An HMAC-signed token, as the app would make it if `secret` and `alg` were its own. */
export function signToken(
  claims: Claims,
  secret: string,
  alg: 'HS256' | 'HS384' | 'HS512' = 'HS256',
): string {
  const signed = `${encode({ alg, typ: 'JWT' })}.${encode(claims)}`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  return `${signed}.${createHmac(hash, secret).update(signed).digest('base64url')}`;
}

/** `alg: none` with an empty signature. */
export function unsignedToken(claims: Claims): string {
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

/** The same header and signature over edited claims (e.g. `role: "admin"`). */
export function tamperedToken(token: string, changes: Claims): string {
  const [header = '', , signature = ''] = token.split('.');
  return `${header}.${encode({ ...decodeClaims(token), ...changes })}.${signature}`;
}

/** Every key, at any depth, whose name matches `pattern`, as a JSON path. */
export function keysMatching(value: unknown, pattern: RegExp, path = '$'): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => keysMatching(item, pattern, `${path}[${index}]`));
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => [
    ...(pattern.test(key) ? [`${path}.${key}`] : []),
    ...keysMatching(item, pattern, `${path}.${key}`),
  ]);
}
