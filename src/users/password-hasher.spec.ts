import { PasswordHasher } from '@/users/password-hasher';
import type { AppConfig } from '@/config/config';

describe('PasswordHasher', () => {
  // From the .ts sources, as Jest runs them: the worker file must load from src/ too.
  const hasher = new PasswordHasher({ bcryptRounds: 4, hashWorkers: 2 } as AppConfig);

  afterAll(() => hasher.onApplicationShutdown());

  it('hashes on its workers and compares against the hash', async () => {
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    await expect(hasher.compare('correct horse battery', hash)).resolves.toBe(true);
    await expect(hasher.compare('wrong horse battery', hash)).resolves.toBe(false);
  });

  it('answers false for an unknown account, after a compare of its own', async () => {
    await expect(hasher.compare('anything at all', undefined)).resolves.toBe(false);
  });

  it('runs more jobs than workers, each getting its own answer', async () => {
    const passwords = Array.from({ length: 6 }, (_, i) => `password number ${i}`);
    const hashes = await Promise.all(passwords.map((password) => hasher.hash(password)));
    const checks = await Promise.all(
      hashes.map((hash, i) => hasher.compare(passwords[(i + 1) % 6]!, hash)),
    );
    expect(checks).toEqual([false, false, false, false, false, false]);
    await expect(hasher.compare(passwords[3]!, hashes[3])).resolves.toBe(true);
  });

  it('fails the job, not the pool, when bcrypt throws', async () => {
    const broken = new PasswordHasher({ bcryptRounds: 'many', hashWorkers: 1 } as never);
    try {
      await expect(broken.hash('x')).rejects.toThrow('Invalid salt version');
      await expect(broken.compare('x', await hasher.hash('x'))).resolves.toBe(true);
    } finally {
      await broken.onApplicationShutdown();
    }
  });
});
