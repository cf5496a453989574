import { readIdentityClaims } from '@/widget/identity-claims';

const NOW = 1_800_000_000;
const valid = { sub: 'cust-42', iat: NOW - 10, exp: NOW + 290 };

describe('readIdentityClaims', () => {
  it('reads sub, and email and name when given', () => {
    expect(readIdentityClaims(valid, NOW)).toEqual({
      ok: true,
      identity: { externalId: 'cust-42' },
    });
    expect(
      readIdentityClaims({ ...valid, email: ' Ann@Example.com ', name: '  Ann Lee ' }, NOW),
    ).toEqual({
      ok: true,
      identity: { externalId: 'cust-42', email: 'Ann@Example.com', fullName: 'Ann Lee' },
    });
    // null email: the visitor has none (cleared); null name: keep the stored one.
    expect(readIdentityClaims({ ...valid, email: null, name: null }, NOW)).toEqual({
      ok: true,
      identity: { externalId: 'cust-42', email: null },
    });
  });

  it('takes a lifetime of exactly ten minutes, and refuses one second more', () => {
    expect(readIdentityClaims({ ...valid, iat: NOW, exp: NOW + 600 }, NOW).ok).toBe(true);
    expect(readIdentityClaims({ ...valid, iat: NOW, exp: NOW + 601 }, NOW)).toEqual({
      ok: false,
      reason: 'Identity token lifetime (exp − iat) must be at most 10 minutes',
    });
    expect(readIdentityClaims({ ...valid, iat: NOW, exp: NOW + 11 * 60 }, NOW).ok).toBe(false);
  });

  it.each([
    ['no iat', { sub: 'a', exp: NOW + 60 }, 'must carry iat and exp'],
    ['no exp', { sub: 'a', iat: NOW }, 'must carry iat and exp'],
    ['a text iat', { sub: 'a', iat: String(NOW), exp: NOW + 60 }, 'must carry iat and exp'],
    ['exp before iat', { sub: 'a', iat: NOW, exp: NOW - 1 }, 'lifetime'],
    ['expired', { sub: 'a', iat: NOW - 400, exp: NOW - 31 }, 'has expired'],
    // A far-future iat with a short lifetime would otherwise make a token that lasts for years.
    ['issued in the future', { sub: 'a', iat: NOW + 3600, exp: NOW + 3900 }, 'in the future'],
    ['no sub', { iat: NOW, exp: NOW + 60 }, 'sub'],
    ['a numeric sub', { sub: 42, iat: NOW, exp: NOW + 60 }, 'sub'],
    ['a blank sub', { sub: '  ', iat: NOW, exp: NOW + 60 }, 'sub'],
    ['a sub over 128 characters', { sub: 'x'.repeat(129), iat: NOW, exp: NOW + 60 }, 'sub'],
    ['a control character in sub', { sub: 'a\u0000b', iat: NOW, exp: NOW + 60 }, 'sub'],
    ['a bad email', { ...valid, email: 'not-an-email' }, 'email'],
    ['a numeric email', { ...valid, email: 7 }, 'email'],
    ['an empty name', { ...valid, name: ' ' }, 'name'],
    ['a name over 200 characters', { ...valid, name: 'n'.repeat(201) }, 'name'],
  ])('refuses %s', (_name, claims, reason) => {
    const verdict = readIdentityClaims(claims, NOW);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toContain(reason);
  });

  it('allows 30 s of clock skew either way', () => {
    expect(readIdentityClaims({ ...valid, iat: NOW + 30, exp: NOW + 300 }, NOW).ok).toBe(true);
    expect(readIdentityClaims({ ...valid, iat: NOW - 400, exp: NOW - 29 }, NOW).ok).toBe(true);
  });

  it('refuses claims that are not an object', () => {
    for (const payload of ['cust-42', null, [valid], 42]) {
      expect(readIdentityClaims(payload, NOW).ok).toBe(false);
    }
  });
});
