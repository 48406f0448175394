// Avro schema pairs with the classification the semantic diff must give them (FORWARD: consumers keep the
// "before" schema while producers write with "after"). Each one is also checked against the registry.
import type { CorpusPair } from './corpus-pair.ts';

const ns = 'com.tributary.corpus';
const order = (fields: unknown[], extra: Record<string, unknown> = {}) => ({ type: 'record', name: 'Order', namespace: ns, fields, ...extra });
const id = { name: 'id', type: 'string' };
const amount = { name: 'amount', type: 'long' };
const status = (symbols: string[], extra: Record<string, unknown> = {}) => ({ name: 'status', type: { type: 'enum', name: 'Status', symbols, ...extra } });
const customer = (fields: unknown[]) => ({ name: 'customer', type: { type: 'record', name: 'Customer', fields } });

export const avroPairs: CorpusPair[] = [
  { name: 'an unchanged schema is identical', format: 'AVRO', before: order([id, amount]), after: order([id, amount]), verdict: 'identical', kinds: [] },
  {
    name: 'changing only documentation is doc-only',
    format: 'AVRO',
    before: order([id, amount]),
    after: order([id, { ...amount, doc: 'in cents' }], { doc: 'One order as the trading desk accepted it' }),
    verdict: 'doc',
    kinds: ['doc-changed'],
    path: 'Order.amount',
  },
  { name: 'adding a field with a default is non-breaking', format: 'AVRO', before: order([id]), after: order([id, { name: 'note', type: 'string', default: '' }]), verdict: 'non-breaking', kinds: ['field-added'], path: 'Order.note' },
  { name: 'adding a field without a default is non-breaking for current readers', format: 'AVRO', before: order([id]), after: order([id, amount]), verdict: 'non-breaking', kinds: ['field-added'], path: 'Order.amount' },
  { name: 'removing a field without a default is breaking', format: 'AVRO', before: order([id, amount]), after: order([id]), verdict: 'breaking', kinds: ['field-removed'], path: 'Order.amount' },
  { name: 'removing a field that has a default is non-breaking', format: 'AVRO', before: order([id, { ...amount, default: 0 }]), after: order([id]), verdict: 'non-breaking', kinds: ['field-removed'], path: 'Order.amount' },
  {
    name: 'renaming a field with an alias is breaking for readers of the old name',
    format: 'AVRO',
    before: order([id, amount]),
    after: order([id, { name: 'total', type: 'long', aliases: ['amount'] }]),
    verdict: 'breaking',
    kinds: ['field-renamed'],
    path: 'Order.amount',
  },
  { name: 'a field replaced at the same position with the same type reads as a rename', format: 'AVRO', before: order([id, amount]), after: order([id, { name: 'total', type: 'long' }]), verdict: 'breaking', kinds: ['field-renamed'], path: 'Order.amount' },
  {
    name: 'renaming a field that has a default is non-breaking',
    format: 'AVRO',
    before: order([id, { ...amount, default: 0 }]),
    after: order([id, { name: 'total', type: 'long', aliases: ['amount'], default: 0 }]),
    verdict: 'non-breaking',
    kinds: ['field-renamed'],
  },
  { name: 'widening int to long is breaking', format: 'AVRO', before: order([id, { name: 'qty', type: 'int' }]), after: order([id, { name: 'qty', type: 'long' }]), verdict: 'breaking', kinds: ['type-widened'], path: 'Order.qty' },
  { name: 'widening float to double is breaking', format: 'AVRO', before: order([{ name: 'price', type: 'float' }]), after: order([{ name: 'price', type: 'double' }]), verdict: 'breaking', kinds: ['type-widened'] },
  { name: 'narrowing long to int is non-breaking (old readers promote)', format: 'AVRO', before: order([id, amount]), after: order([id, { name: 'amount', type: 'int' }]), verdict: 'non-breaking', kinds: ['type-narrowed'], path: 'Order.amount' },
  { name: 'string to bytes is non-breaking', format: 'AVRO', before: order([{ name: 'payload', type: 'string' }]), after: order([{ name: 'payload', type: 'bytes' }]), verdict: 'non-breaking', kinds: ['type-changed'] },
  { name: 'string to int is breaking', format: 'AVRO', before: order([id]), after: order([{ name: 'id', type: 'int' }]), verdict: 'breaking', kinds: ['type-changed'], path: 'Order.id' },
  { name: 'making a field nullable is breaking', format: 'AVRO', before: order([id, { name: 'note', type: 'string' }]), after: order([id, { name: 'note', type: ['null', 'string'] }]), verdict: 'breaking', kinds: ['nullable-added'], path: 'Order.note' },
  { name: 'making a nullable field required is non-breaking', format: 'AVRO', before: order([id, { name: 'note', type: ['null', 'string'], default: null }]), after: order([id, { name: 'note', type: 'string' }]), verdict: 'non-breaking', kinds: ['nullable-removed', 'default-removed'] },
  { name: 'a union branch old readers lack is breaking', format: 'AVRO', before: order([{ name: 'ref', type: ['null', 'string'] }]), after: order([{ name: 'ref', type: ['null', 'string', 'int'] }]), verdict: 'breaking', kinds: ['union-branch-added'] },
  { name: 'a union branch old readers promote is non-breaking', format: 'AVRO', before: order([{ name: 'ref', type: ['null', 'long'] }]), after: order([{ name: 'ref', type: ['null', 'long', 'int'] }]), verdict: 'non-breaking', kinds: ['union-branch-added'] },
  { name: 'adding an enum symbol is breaking', format: 'AVRO', before: order([id, status(['NEW', 'FILLED'])]), after: order([id, status(['NEW', 'FILLED', 'CANCELLED'])]), verdict: 'breaking', kinds: ['enum-symbol-added'], path: 'Order.status' },
  { name: 'adding an enum symbol to an enum with a default is non-breaking', format: 'AVRO', before: order([id, status(['UNKNOWN', 'NEW'], { default: 'UNKNOWN' })]), after: order([id, status(['UNKNOWN', 'NEW', 'FILLED'], { default: 'UNKNOWN' })]), verdict: 'non-breaking', kinds: ['enum-symbol-added'] },
  { name: 'removing an enum symbol is non-breaking', format: 'AVRO', before: order([id, status(['NEW', 'FILLED', 'CANCELLED'])]), after: order([id, status(['NEW', 'FILLED'])]), verdict: 'non-breaking', kinds: ['enum-symbol-removed'] },
  {
    name: 'removing a field of a nested record is breaking at its path',
    format: 'AVRO',
    before: order([id, customer([{ name: 'name', type: 'string' }, { name: 'email', type: 'string' }])]),
    after: order([id, customer([{ name: 'name', type: 'string' }])]),
    verdict: 'breaking',
    kinds: ['field-removed'],
    path: 'Order.customer.email',
  },
  {
    name: 'adding a field to a nested record is non-breaking',
    format: 'AVRO',
    before: order([id, customer([{ name: 'name', type: 'string' }])]),
    after: order([id, customer([{ name: 'name', type: 'string' }, { name: 'tier', type: 'string', default: 'basic' }])]),
    verdict: 'non-breaking',
    kinds: ['field-added'],
    path: 'Order.customer.tier',
  },
  { name: 'widening array items is breaking', format: 'AVRO', before: order([{ name: 'lots', type: { type: 'array', items: 'int' } }]), after: order([{ name: 'lots', type: { type: 'array', items: 'long' } }]), verdict: 'breaking', kinds: ['type-widened'], path: 'Order.lots[]' },
  { name: 'narrowing map values is non-breaking', format: 'AVRO', before: order([{ name: 'fees', type: { type: 'map', values: 'double' } }]), after: order([{ name: 'fees', type: { type: 'map', values: 'float' } }]), verdict: 'non-breaking', kinds: ['type-narrowed'], path: 'Order.fees{}' },
  { name: 'adding a default is non-breaking', format: 'AVRO', before: order([id, amount]), after: order([id, { ...amount, default: 0 }]), verdict: 'non-breaking', kinds: ['default-added'] },
  { name: 'removing a default is non-breaking for current readers', format: 'AVRO', before: order([id, { ...amount, default: 0 }]), after: order([id, amount]), verdict: 'non-breaking', kinds: ['default-removed'] },
  { name: 'renaming the record is breaking', format: 'AVRO', before: order([id]), after: { type: 'record', name: 'Purchase', namespace: ns, fields: [id] }, verdict: 'breaking', kinds: ['name-changed'] },
  { name: 'moving the record to another namespace is non-breaking', format: 'AVRO', before: order([id]), after: { type: 'record', name: 'Order', namespace: 'com.tributary.other', fields: [id] }, verdict: 'non-breaking', kinds: ['name-changed'] },
  {
    name: 'a change inside a named type used twice is found through the reference',
    format: 'AVRO',
    before: order([
      { name: 'price', type: { type: 'record', name: 'Money', fields: [{ name: 'units', type: 'int' }, { name: 'currency', type: 'string' }] } },
      { name: 'fee', type: 'Money' },
    ]),
    after: order([
      { name: 'price', type: { type: 'record', name: 'Money', fields: [{ name: 'units', type: 'long' }, { name: 'currency', type: 'string' }] } },
      { name: 'fee', type: 'Money' },
    ]),
    verdict: 'breaking',
    kinds: ['type-widened'],
    path: 'Order.price.units',
  },
  {
    name: 'a recursive record gains a field with a default',
    format: 'AVRO',
    before: { type: 'record', name: 'Node', namespace: ns, fields: [{ name: 'value', type: 'string' }, { name: 'next', type: ['null', 'Node'], default: null }] },
    after: { type: 'record', name: 'Node', namespace: ns, fields: [{ name: 'value', type: 'string' }, { name: 'next', type: ['null', 'Node'], default: null }, { name: 'weight', type: 'int', default: 1 }] },
    verdict: 'non-breaking',
    kinds: ['field-added'],
    path: 'Node.weight',
  },
  {
    name: 'changing a fixed size is breaking',
    format: 'AVRO',
    before: order([{ name: 'hash', type: { type: 'fixed', name: 'Hash', size: 16 } }]),
    after: order([{ name: 'hash', type: { type: 'fixed', name: 'Hash', size: 32 } }]),
    verdict: 'breaking',
    kinds: ['type-changed'],
  },
  {
    name: 'swapping timestamp-millis for timestamp-micros is breaking',
    format: 'AVRO',
    before: order([{ name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } }]),
    after: order([{ name: 'at', type: { type: 'long', logicalType: 'timestamp-micros' } }]),
    verdict: 'breaking',
    kinds: ['logical-type-changed'],
    registryDisagrees: 'Avro resolution ignores logical types, so the registry accepts it; the values still decode as longs but now count microseconds, so current consumers misread every timestamp',
  },
];
