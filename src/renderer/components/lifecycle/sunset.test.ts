import { describe, expect, it } from 'vitest';
import { daysUntil, sunsetCountdown } from './sunset.ts';

const noon = Date.parse('2026-03-10T12:00:00Z');

describe('the sunset countdown', () => {
  it('counts whole calendar days from today, whatever the hour', () => {
    expect(daysUntil('2026-03-11', noon)).toBe(1);
    expect(daysUntil('2026-04-09', noon)).toBe(30);
  });

  it('says how long is left, that it is today, or how long ago it passed', () => {
    expect(sunsetCountdown('2026-03-11', noon)).toBe('sunset in 1 day');
    expect(sunsetCountdown('2026-03-20', noon)).toBe('sunset in 10 days');
    expect(sunsetCountdown('2026-03-10', noon)).toBe('sunset today');
    expect(sunsetCountdown('2026-03-07', noon)).toBe('sunset passed 3 days ago');
  });
});
