import { RateLimiter } from '@/common/rate-limiter';

describe('RateLimiter (in memory)', () => {
  it('lets `limit` requests per address through each minute, then answers with the wait', async () => {
    let now = 120_000 + 15_000;
    const limiter = new RateLimiter(3, null, 'test', () => now);
    for (let i = 0; i < 3; i++) expect(await limiter.hit('1.2.3.4')).toBe(0);
    expect(await limiter.hit('1.2.3.4')).toBe(45);
    expect(await limiter.hit('5.6.7.8')).toBe(0);
    now = 180_000;
    expect(await limiter.hit('1.2.3.4')).toBe(0);
  });

  it('is off at 0', async () => {
    const limiter = new RateLimiter(0, null, 'test');
    for (let i = 0; i < 100; i++) expect(await limiter.hit('a')).toBe(0);
  });
});
