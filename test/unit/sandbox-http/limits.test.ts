import { describe, expect, it } from 'vitest';
import { createRateLimiter, TIER_LIMITS } from '../../../src/sandbox/http/limits.js';

function setup(overrides = {}) {
  const clock = { now: Date.UTC(2025, 0, 1, 12) };
  return { clock, limiter: createRateLimiter(() => clock.now, overrides) };
}

describe('rate limiter', () => {
  it('rejects the burst bucket past its max and frees it as the 10 s window rolls', () => {
    const { clock, limiter } = setup();
    const on = { enabled: true, tier: 'free' as const };
    for (let i = 0; i < 100; i++) {
      const d = limiter.consume('standard', on);
      expect(d.allowed).toBe(true);
      expect(d.headers['x-hubspot-ratelimit-remaining']).toBe(String(99 - i));
      clock.now += 50; // 100 requests over 5 s
    }
    const over = limiter.consume('standard', on);
    expect(over.allowed).toBe(false);
    if (over.allowed) return;
    expect(over.policy).toBe('TEN_SECONDLY_ROLLING');
    expect(over.retryAfterMs).toBe(5000);
    expect(over.headers['x-hubspot-ratelimit-remaining']).toBe('0');
    clock.now += 5000; // the first request leaves the window
    expect(limiter.consume('standard', on).allowed).toBe(true);
    expect(limiter.consume('standard', on).allowed).toBe(false);
  });

  it('sends the tier figures in headers, without daily ones for oauth', () => {
    const { limiter } = setup();
    const pro = limiter.consume('standard', { enabled: true, tier: 'professional' });
    expect(pro.headers).toEqual({
      'x-hubspot-ratelimit-max': '190',
      'x-hubspot-ratelimit-remaining': '189',
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
      'x-hubspot-ratelimit-daily': '625000',
      'x-hubspot-ratelimit-daily-remaining': '624999',
    });
    const oauth = limiter.consume('standard', { enabled: true, tier: 'oauth' });
    expect(oauth.headers['x-hubspot-ratelimit-max']).toBe('110');
    expect(oauth.headers['x-hubspot-ratelimit-daily']).toBeUndefined();
    expect(oauth.headers['x-hubspot-ratelimit-daily-remaining']).toBeUndefined();
  });

  it('limits search to 5 per second outside the burst bucket but inside the daily count', () => {
    const { clock, limiter } = setup();
    const on = { enabled: true, tier: 'enterprise' as const };
    for (let i = 0; i < 5; i++) {
      const d = limiter.consume('search', on);
      expect(d.allowed).toBe(true);
      expect(d.headers).toEqual({});
    }
    const sixth = limiter.consume('search', on);
    expect(sixth.allowed).toBe(false);
    if (!sixth.allowed) expect(sixth.policy).toBe('SECONDLY');
    const standard = limiter.consume('standard', on);
    expect(standard.headers['x-hubspot-ratelimit-remaining']).toBe('189');
    expect(standard.headers['x-hubspot-ratelimit-daily-remaining']).toBe(String(1_000_000 - 6));
    clock.now += 1000;
    expect(limiter.consume('search', on).allowed).toBe(true);
  });

  it('stops at the daily quota until UTC midnight', () => {
    const { clock, limiter } = setup({ starter: { daily: 3 } });
    const on = { enabled: true, tier: 'starter' as const };
    for (let i = 0; i < 3; i++) expect(limiter.consume('standard', on).allowed).toBe(true);
    const over = limiter.consume('search', on);
    expect(over.allowed).toBe(false);
    if (!over.allowed) {
      expect(over.policy).toBe('DAILY');
      expect(over.retryAfterMs).toBe(12 * 3_600_000);
    }
    clock.now += 12 * 3_600_000;
    expect(limiter.consume('standard', on).allowed).toBe(true);
  });

  it('never rejects when disabled, but still reports headers', () => {
    const { limiter } = setup();
    const off = { enabled: false, tier: 'free' as const };
    for (let i = 0; i < 300; i++) expect(limiter.consume('standard', off).allowed).toBe(true);
    for (let i = 0; i < 20; i++) expect(limiter.consume('search', off).allowed).toBe(true);
    expect(limiter.consume('standard', off).headers['x-hubspot-ratelimit-remaining']).toBe('0');
  });

  it('keeps the documented tier table', () => {
    expect(TIER_LIMITS.addon.burst).toBe(250);
    expect(TIER_LIMITS.oauth.daily).toBeNull();
    expect(TIER_LIMITS.free.daily).toBe(250_000);
  });
});
