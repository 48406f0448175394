import { describe, expect, it } from 'vitest';
import { absoluteTime, compactNumber, duration, elapsed, plural, relativeTime, retention, retentionSortKey } from './format.ts';

const now = Date.parse('2025-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('relativeTime', () => {
  it('reads a sync a few seconds old as just now', () => {
    expect(relativeTime(ago(10_000), now)).toBe('just now');
  });
  it('counts minutes, hours and days', () => {
    expect(relativeTime(ago(5 * 60_000), now)).toBe('5 min ago');
    expect(relativeTime(ago(50_000), now)).toBe('1 min ago');
    expect(relativeTime(ago(3 * 3_600_000 + 59 * 60_000), now)).toBe('3 h ago');
    expect(relativeTime(ago(2 * 86_400_000), now)).toBe('2 d ago');
    expect(relativeTime(ago(90 * 86_400_000), now)).toBe('3 mo ago');
    expect(relativeTime(ago(800 * 86_400_000), now)).toBe('2 y ago');
  });
  it('treats small clock skew as now and says so when the time is far ahead', () => {
    expect(relativeTime(now + 5_000, now)).toBe('just now');
    expect(relativeTime(now + 3_600_000, now)).toBe('in the future (check the clock)');
  });
  it('says when the time cannot be read', () => {
    expect(relativeTime('not a date', now)).toBe('at an unknown time');
  });
});

describe('absoluteTime', () => {
  it('prints local wall-clock time, zero-padded', () => {
    const d = new Date(2025, 2, 4, 7, 5, 9);
    expect(absoluteTime(d)).toBe('2025-03-04 07:05:09');
    expect(absoluteTime(d.toISOString())).toBe('2025-03-04 07:05:09');
  });
});

describe('retention', () => {
  it('shows -1 as infinite and an empty value as unknown', () => {
    expect(retention('-1')).toBe('∞');
    expect(retention('')).toBe('—');
  });
  it('uses the largest whole unit', () => {
    expect(retention('604800000')).toBe('7 d');
    expect(retention('129600000')).toBe('36 h');
    expect(retention('3600000')).toBe('1 h');
    expect(retention('90000')).toBe('90 s');
    expect(retention('250')).toBe('250 ms');
    expect(retention('0')).toBe('0 ms');
  });
  it('falls back to one decimal when no unit divides evenly', () => {
    expect(retention('604800001')).toBe('7 d');
    expect(retention('133200001')).toBe('1.5 d');
  });
  it('sorts unknown first and infinite last', () => {
    const values = ['-1', '604800000', '', '3600000'];
    expect([...values].sort((a, b) => retentionSortKey(a) - retentionSortKey(b))).toEqual(['', '3600000', '604800000', '-1']);
  });
});

describe('duration', () => {
  it('handles negative and infinite inputs', () => {
    expect(duration(-60_000)).toBe('-1 min');
    expect(duration(Number.POSITIVE_INFINITY)).toBe('∞');
  });
});

describe('compactNumber', () => {
  it('keeps small numbers whole and abbreviates large ones', () => {
    expect(compactNumber(0)).toBe('0');
    expect(compactNumber(950)).toBe('950');
    expect(compactNumber(1234)).toBe('1.2 k');
    expect(compactNumber(123_456)).toBe('123 k');
    expect(compactNumber(5_600_000)).toBe('5.6 M');
    expect(compactNumber(7e9)).toBe('7 B');
  });
  it('rolls over to the next unit instead of printing 1000 k', () => {
    expect(compactNumber(999_950)).toBe('1 M');
  });
});

describe('elapsed', () => {
  it('prints milliseconds, seconds and minutes', () => {
    expect(elapsed(12.4)).toBe('12 ms');
    expect(elapsed(1_420)).toBe('1.4 s');
    expect(elapsed(125_000)).toBe('2 min 5 s');
    expect(elapsed(120_000)).toBe('2 min');
  });
});

describe('plural', () => {
  it('agrees with the count', () => {
    expect(plural(1, 'topic')).toBe('1 topic');
    expect(plural(1200, 'topic')).toBe('1,200 topics');
  });
});
