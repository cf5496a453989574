import { SendRateLimiter } from '@/chat/send-rate-limiter';

describe('SendRateLimiter', () => {
  it('allows 20 sends in 10 seconds and refuses the 21st with a wait', () => {
    let now = 1_000_000;
    const limiter = new SendRateLimiter(20, 10_000, () => now);
    for (let i = 0; i < 20; i++) {
      expect(limiter.take()).toBe(0);
      now += 100;
    }
    const wait = limiter.take();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(10);
  });

  it('frees a slot once the oldest send leaves the window', () => {
    let now = 0;
    const limiter = new SendRateLimiter(2, 1000, () => now);
    expect(limiter.take()).toBe(0);
    now = 500;
    expect(limiter.take()).toBe(0);
    expect(limiter.take()).toBe(1);
    now = 1000;
    expect(limiter.take()).toBe(0);
    expect(limiter.take()).toBe(1);
  });

  it('does not count refused sends', () => {
    let now = 0;
    const limiter = new SendRateLimiter(1, 1000, () => now);
    expect(limiter.take()).toBe(0);
    for (let i = 0; i < 5; i++) expect(limiter.take()).toBeGreaterThan(0);
    now = 1000;
    expect(limiter.take()).toBe(0);
  });

  it('never refuses when the limit is 0 (off)', () => {
    const limiter = new SendRateLimiter(0, 1000, () => 0);
    for (let i = 0; i < 1000; i++) expect(limiter.take()).toBe(0);
  });
});
