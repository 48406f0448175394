import { describe, expect, it } from 'vitest';
import { classifyAvailability, classifyFreshness, messageRate, REAL_TIME_BUDGET_MS, worst } from './stream-status.ts';

describe('SLA freshness', () => {
  it('is met while the newest record is well inside the declared freshness', () => {
    expect(classifyFreshness(10_000, 3600)).toBe('met');
    expect(classifyFreshness(0, 60)).toBe('met');
  });
  it('is at risk in the last fifth of the budget and breached past it', () => {
    expect(classifyFreshness(3_000_000, 3600)).toBe('at-risk');
    expect(classifyFreshness(3_600_000, 3600)).toBe('at-risk');
    expect(classifyFreshness(3_600_001, 3600)).toBe('breached');
  });
  it('gives a real-time SLA a one-minute budget rather than breaching on every read', () => {
    expect(classifyFreshness(5_000, 0)).toBe('met');
    expect(classifyFreshness(REAL_TIME_BUDGET_MS + 1, 0)).toBe('breached');
  });
  it('is unknown when no record could be read', () => {
    expect(classifyFreshness(null, 3600)).toBe('unknown');
  });
});

describe('SLA availability', () => {
  const healthy = { leader: 1, replicas: [1, 2, 3], isr: [1, 2, 3] };
  it('is met when every partition has a leader and a full ISR', () => {
    expect(classifyAvailability([{ partition: 0, ...healthy }, { partition: 1, ...healthy }])).toEqual({ state: 'met', offline: 0, underReplicated: 0 });
  });
  it('is at risk with an under-replicated partition', () => {
    expect(classifyAvailability([{ partition: 0, ...healthy }, { partition: 1, leader: 2, replicas: [1, 2, 3], isr: [2, 3] }])).toEqual({ state: 'at-risk', offline: 0, underReplicated: 1 });
  });
  it('is breached when a partition is offline, whatever else is under-replicated', () => {
    expect(classifyAvailability([{ partition: 0, leader: -1, replicas: [1], isr: [] }, { partition: 1, leader: 2, replicas: [1, 2], isr: [2] }])).toEqual({ state: 'breached', offline: 1, underReplicated: 1 });
  });
  it('is unknown for a topic the snapshot does not have', () => {
    expect(classifyAvailability([]).state).toBe('unknown');
  });
});

describe('overall state and message rate', () => {
  it('takes the worst known state', () => {
    expect(worst(['met', 'unknown', 'at-risk'])).toBe('at-risk');
    expect(worst(['met', 'breached', 'at-risk'])).toBe('breached');
    expect(worst(['unknown'])).toBe('unknown');
    expect(worst([])).toBe('unknown');
  });
  it('counts records per second from end-offset deltas between two snapshots', () => {
    const earlier = { takenAt: '2026-01-01T00:00:00Z', latest: new Map([[0, 100n], [1, 50n]]) };
    const later = { takenAt: '2026-01-01T00:00:10Z', latest: new Map([[0, 200n], [1, 150n], [2, 30n]]) };
    expect(messageRate(earlier, later)).toBe(23);
  });
  it('has no rate for snapshots taken at the same moment or out of order', () => {
    const s = { takenAt: '2026-01-01T00:00:00Z', latest: new Map([[0, 1n]]) };
    expect(messageRate(s, s)).toBeNull();
  });
});
