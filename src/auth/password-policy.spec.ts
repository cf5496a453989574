import { isCommonPassword } from '@/auth/password-policy';

describe('isCommonPassword', () => {
  it('knows the usual suspects in any letter case', () => {
    for (const password of ['password', 'PASSWORD', '12345678', 'qwertyuiop', 'iloveyou']) {
      expect(isCommonPassword(password)).toBe(true);
    }
  });

  it('lets an uncommon passphrase through', () => {
    expect(isCommonPassword('correct horse battery staple 42')).toBe(false);
  });
});
