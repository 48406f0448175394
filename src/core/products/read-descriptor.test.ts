import { describe, expect, it } from 'vitest';
import { validateDescriptor } from './descriptor.ts';
import { readDescriptor } from './read-descriptor.ts';

const written = {
  id: 'trading.orders',
  name: 'Orders',
  version: '1.2.0',
  domain: 'trading',
  owner: { team: 'Trading', email: 'trading@example.com' },
  description: 'Every **order** accepted by the gateway',
  tags: ['orders', 'gold'],
  tier: 'gold',
  sla: { freshnessSeconds: 60, availability: 99.9, supportHours: '24x7' },
  outputPorts: [
    { topic: 'trading.orders.v1', key: 'orderId', schemaSubject: 'trading.orders.v1-value', format: 'AVRO' },
    { topic: 'trading.orders.audit', key: '', schemaSubject: '', format: 'JSON' },
  ],
  historyMode: { lastNDays: 30 },
  classification: { piiFields: ['customer.email'], dataRegion: 'eu' },
  producers: ['order-gateway'],
  consumers: [],
  status: 'published',
  createdAt: '2025-06-01T10:00:00.000Z',
  updatedAt: '2025-06-02T10:00:00.000Z',
  updatedBy: 'alice@desk',
  revision: 3,
};

type Json = Record<string, unknown>;
const withField = (path: string, value: unknown): Json => {
  const copy = structuredClone(written) as Json;
  const keys = path.split('.');
  let at: Json = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Json;
  if (value === undefined) delete at[keys.at(-1)!];
  else at[keys.at(-1)!] = value;
  return copy;
};

// Each field with values the schema accepts as they are, changes (trims, fills) or refuses.
const variants: Array<[string, unknown[]]> = [
  ['id', ['a', 'x'.repeat(128), 'x'.repeat(129), '', 'Trading.orders', '.orders', 'a b', 7, undefined]],
  ['name', ['N', ' Orders', 'Orders ', '   ', '', 'n'.repeat(200), 'n'.repeat(201), null, undefined]],
  ['version', ['0.0.1', '1.0.0-rc.1+b7', '01.0.0', '1.0', 1, undefined]],
  ['domain', [' trading', '', 'd'.repeat(101), undefined]],
  ['owner', [{ team: 'T', email: 'a@b.io', extra: 1 }, { team: 'T' }, { team: ' T', email: 'a@b.io' }, { team: 'T', email: 'not-an-email' }, { team: 'T', email: 'a@b' }, [], null, undefined]],
  ['owner.email', ["o'brien+x@mail.example.co", 'A@B.CO', 'a@@b.co', '.a@b.co', 'a@-b.co', 'a@b.c']],
  ['description', ['', 'd'.repeat(100_000), 'd'.repeat(100_001), undefined, 3]],
  ['tags', [[], [' x'], [''], ['t'.repeat(101)], Array(101).fill('t'), 'orders', undefined]],
  ['tier', ['silver', 'bronze', 'platinum', undefined]],
  ['sla', [{ freshnessSeconds: 0, availability: 0, supportHours: '' }, { freshnessSeconds: 1.5, availability: 99, supportHours: '' }, { freshnessSeconds: -1, availability: 99, supportHours: '' }, { freshnessSeconds: 60, availability: 100.1, supportHours: '' }, { freshnessSeconds: 60, availability: 99 }, { freshnessSeconds: 60, availability: '99', supportHours: '' }, undefined]],
  ['outputPorts', [[], [{ topic: 't' }], [{ topic: '.', key: '', schemaSubject: '', format: 'AVRO' }], [{ topic: '..', key: '', schemaSubject: '', format: 'AVRO' }], [{ topic: 'a/b', key: '', schemaSubject: '', format: 'AVRO' }], [{ topic: 't', key: '', schemaSubject: '', format: 'avro' }], [{ topic: 't', key: '', schemaSubject: '', format: 'JSON', extra: true }], [{ topic: 't', key: '', schemaSubject: '', format: 'AVRO' }, { topic: 't', key: '', schemaSubject: '', format: 'AVRO' }], Array(51).fill({ topic: 't', key: '', schemaSubject: '', format: 'AVRO' }), [null], undefined]],
  ['historyMode', ['all', 'compacted', 'forever', { lastNDays: 0 }, { lastNDays: 36_501 }, { lastNDays: 2.5 }, { lastNDays: 7, extra: 1 }, {}, undefined]],
  ['classification', [{ piiFields: [], dataRegion: '' }, { piiFields: [''], dataRegion: 'x' }, { piiFields: ['p'.repeat(501)], dataRegion: '' }, { dataRegion: 'eu' }, { piiFields: 'email', dataRegion: 'eu' }, undefined]],
  ['producers', [[''], ['p'.repeat(501)], Array(501).fill('p'), [1], undefined]],
  ['consumers', [['c'], null, undefined]],
  ['deprecation', [{ sunset: '2026-12-31', replacement: 'trading.orders2', reason: 'replaced' }, { sunset: '2026-12-31', reason: 'replaced' }, { sunset: 'soon', replacement: '', reason: '' }]],
  ['status', ['draft', 'deprecated', 'retired', 'gone', undefined]],
  ['createdAt', ['2025-06-01T', '2025-06-01', '', undefined]],
  ['updatedAt', ['2025-06-01 10:00', undefined]],
  ['updatedBy', ['', 'u'.repeat(201), undefined]],
  ['revision', [1, 0, 2.5, '3', Number.MAX_SAFE_INTEGER + 2, undefined]],
  ['unknownField', ['dropped']],
];

describe('reading a product record in the fold', () => {
  it('gives the schema answer for a descriptor as Tributary writes it, key for key and in the same order', () => {
    const read = readDescriptor(structuredClone(written));
    expect(read.ok).toBe(true);
    expect(JSON.stringify(read)).toBe(JSON.stringify(validateDescriptor(structuredClone(written))));
  });

  it.each(variants)('gives the schema answer, valid or not, for every kind of %s', (path, values) => {
    for (const value of values) {
      const record = withField(path, value);
      expect(JSON.stringify(readDescriptor(structuredClone(record))), `${path} = ${JSON.stringify(value)?.slice(0, 80)}`).toBe(JSON.stringify(validateDescriptor(structuredClone(record))));
    }
  });

  it('gives the schema answer for values that are not descriptors at all', () => {
    for (const value of [null, 'orders', 42, [], [written], { ...written, owner: 'trading' }, JSON.parse('{"__proto__": {"id": "x"}}')]) {
      expect(JSON.stringify(readDescriptor(value))).toBe(JSON.stringify(validateDescriptor(value)));
    }
  });

  it('lists the schema problems of a bad record the way a form shows them', () => {
    expect(readDescriptor(withField('owner.email', 'nobody'))).toEqual({ ok: false, problems: [{ path: 'owner.email', message: 'the owner contact is an e-mail address' }] });
  });
});
