import { describe, expect, it } from 'vitest';
import type { Out } from '../../core/contract.ts';
import { preflightWarnings, topicDomain, type RetiringProduct } from './preflight-warnings.ts';
import { loadRetiringProducts } from './retiring-products.ts';

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

  const oldOrders: RetiringProduct = { id: 'trading-orders', name: 'Trading orders', status: 'deprecated', topics: ['trading.orders.v1'], replacement: 'trading-orders-v2', replacementName: 'Trading orders v2', sunset: '2026-12-31' };

  it('warns when a statement reads a topic of a deprecated product, naming the product, its sunset and replacement', () => {
    const ws = preflightWarnings([statement(0, ['trading.orders.v1', 'crm.customers'], [])], null, [oldOrders]);
    expect(ws).toEqual([
      { index: 0, message: 'Reads trading.orders.v1, an output port of data product “Trading orders” (trading-orders), which is deprecated, sunset 2026-12-31 — use “Trading orders v2” (trading-orders-v2) instead' },
    ]);
  });

  it('warns when a statement declares a stream over a retired product\'s topic, and says when no replacement is named', () => {
    const declare: Statement = { ...statement(3, [], [{ topic: 'trading.orders.v1', createsTopic: false }]), flow: { ...statement(3, [], [{ topic: 'trading.orders.v1', createsTopic: false }]).flow, kind: 'create-source' } };
    const retired: RetiringProduct = { ...oldOrders, status: 'retired', replacement: '', replacementName: '', sunset: '' };
    expect(preflightWarnings([declare], null, [retired])).toEqual([
      { index: 3, message: 'Declares SINK over trading.orders.v1, an output port of data product “Trading orders” (trading-orders), which is retired — no replacement is named; ask its owners' },
    ]);
  });

  it('says nothing about products when the statement reads none of their topics', () => {
    expect(preflightWarnings([statement(0, ['trading.fills.v1', null], [])], null, [oldOrders])).toEqual([]);
  });
});

describe('loadRetiringProducts', () => {
  const summary = (id: string, name: string, status: 'published' | 'deprecated' | 'retired', topics: string[]) => ({ profileId: 'p', id, name, version: '1.0.0', domain: 'trading', ownerTeam: 't', tier: 'gold' as const, status, revision: 2, updatedAt: '', updatedBy: '', topics, tags: [] });

  it('keeps the deprecated and retired products with their topics, sunset and the replacement\'s name', async () => {
    const asked: string[] = [];
    const api = {
      'products.list': async () => ({
        products: [summary('orders', 'Orders', 'deprecated', ['trading.orders.v1']), summary('orders-v2', 'Orders v2', 'published', ['trading.orders.v2']), summary('old', 'Old', 'retired', ['legacy.t'])],
        registry: { state: 'live' as const, detail: '', productsTopic: '', eventsTopic: '', lastFoldedAt: null },
        warningCount: 0,
      }),
      'products.get': async ({ productId }: { productId: string }) => {
        asked.push(productId);
        if (productId === 'old') throw new Error('gone');
        return { descriptor: { deprecation: { sunset: '2026-06-30', replacement: 'orders-v2', reason: 'v2' } }, events: [], warnings: [], registry: {} };
      },
    } as unknown as Parameters<typeof loadRetiringProducts>[0];
    expect(await loadRetiringProducts(api, 'p')).toEqual([
      { id: 'orders', name: 'Orders', status: 'deprecated', topics: ['trading.orders.v1'], replacement: 'orders-v2', replacementName: 'Orders v2', sunset: '2026-06-30' },
      { id: 'old', name: 'Old', status: 'retired', topics: ['legacy.t'], replacement: '', replacementName: '', sunset: '' },
    ]);
    expect(asked).toEqual(['orders', 'old']);
  });
});
