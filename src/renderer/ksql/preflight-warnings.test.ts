import { describe, expect, it } from 'vitest';
import type { Out } from '../../core/contract.ts';
import { preflightWarnings, topicDomain } from './preflight-warnings.ts';

type Statement = Out<'ksql.preflight'>['statements'][number];
const statement = (index: number, reads: Array<string | null>, writes: Array<{ topic: string | null; createsTopic: boolean }>): Statement => ({
  index,
  start: 0,
  end: 1,
  statement: '',
  flow: {
    kind: 'create-as-select',
    reads: reads.map((topic, i) => ({ name: `S${i}`, topic })),
    writes: writes.map((w) => ({ name: 'SINK', kind: 'stream', creates: true, ...w })),
    drops: null,
    terminates: null,
  },
});

describe('preflightWarnings', () => {
  it('reads a topic\'s domain from its first segment', () => {
    expect(topicDomain('trading.orders.v1')).toBe('trading');
    expect(topicDomain('TRADING_BIG_ORDERS')).toBe('trading');
    expect(topicDomain('payments-audit')).toBe('payments');
  });

  it('warns when a statement writes into another domain\'s topic than it reads', () => {
    const ws = preflightWarnings([statement(0, ['trading.orders.v1'], [{ topic: 'payments.big-orders.v1', createsTopic: false }])], null);
    expect(ws).toEqual([{ index: 0, message: expect.stringContaining('"payments"') }]);
  });

  it('says nothing when the sink stays in its sources\' domain or the sources are unknown', () => {
    expect(preflightWarnings([statement(0, ['trading.orders.v1'], [{ topic: 'trading.big-orders.v1', createsTopic: false }])], null)).toEqual([]);
    expect(preflightWarnings([statement(0, [null], [{ topic: 'payments.x', createsTopic: false }])], null)).toEqual([]);
  });

  it('warns when a statement creates a topic with no registered value schema, if subjects are known', () => {
    const s = statement(2, ['trading.orders.v1'], [{ topic: 'trading.big-orders.v1', createsTopic: true }]);
    expect(preflightWarnings([s], new Set(['trading.orders.v1-value']))).toEqual([{ index: 2, message: expect.stringContaining('no subject trading.big-orders.v1-value') }]);
    expect(preflightWarnings([s], new Set(['trading.big-orders.v1-value']))).toEqual([]);
    expect(preflightWarnings([s], null)).toEqual([]);
  });
});
