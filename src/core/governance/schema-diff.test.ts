import { describe, expect, it } from 'vitest';
import { TributaryError } from '../errors.ts';
import { avroPairs } from './corpus/avro-pairs.ts';
import { jsonSchemaPairs } from './corpus/json-schema-pairs.ts';
import { diffSchemas } from './schema-diff.ts';

describe('the semantic schema diff on the corpus', () => {
  for (const pair of [...avroPairs, ...jsonSchemaPairs]) {
    it(`${pair.format}: ${pair.name} (${pair.verdict})`, () => {
      const diff = diffSchemas(pair.format, JSON.stringify(pair.before), JSON.stringify(pair.after));
      expect(diff.verdict, JSON.stringify(diff.changes, null, 1)).toBe(pair.verdict);
      for (const kind of pair.kinds) expect(diff.changes.map((c) => c.kind)).toContain(kind);
      if (pair.path) expect(diff.changes.map((c) => c.path)).toContain(pair.path);
      for (const c of diff.changes) expect(c.detail.length).toBeGreaterThan(10);
    });
  }

  it('holds at least 30 pairs of both formats', () => {
    expect(avroPairs.length + jsonSchemaPairs.length).toBeGreaterThanOrEqual(30);
    expect(avroPairs.length).toBeGreaterThan(10);
    expect(jsonSchemaPairs.length).toBeGreaterThan(10);
  });
});

describe('the semantic schema diff', () => {
  const v1 = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }, { name: 'amount', type: 'long' }] });

  it('says which field was removed and why it breaks current consumers', () => {
    const diff = diffSchemas('AVRO', v1, JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] }));
    expect(diff.changes).toEqual([{ path: 'Order.amount', kind: 'field-removed', classification: 'breaking', detail: expect.stringContaining('no default') }]);
  });

  it('refuses text that is not JSON, naming the schema', () => {
    expect(() => diffSchemas('AVRO', v1, '{"type": "record", ')).toThrow(/proposed schema is not JSON/);
    try {
      diffSchemas('JSON', 'nope', '{}');
    } catch (err) {
      expect(err).toBeInstanceOf(TributaryError);
      expect((err as TributaryError).kind).toBe('Invalid');
      expect((err as TributaryError).message).toMatch(/current schema is not JSON/);
    }
  });

  it('refuses JSON that is not an Avro schema, saying what is missing', () => {
    expect(() => diffSchemas('AVRO', v1, JSON.stringify({ type: 'record', name: 'Order' }))).toThrow(/proposed schema is not a valid Avro schema: at Order, a record needs "fields"/);
    expect(() => diffSchemas('AVRO', v1, JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'm', type: 'Money' }] }))).toThrow(/"Money" is neither a primitive nor a named type/);
    expect(() => diffSchemas('AVRO', v1, '42')).toThrow(/42 is not a type/);
  });

  it('refuses JSON that is not a JSON Schema, naming the place', () => {
    expect(() => diffSchemas('JSON', '{}', JSON.stringify({ type: 'object', properties: { a: { type: 'text' } } }))).toThrow(/at #\/properties\/a\/type, "text" is not a JSON Schema type/);
    expect(() => diffSchemas('JSON', '{}', '[1]')).toThrow(/a schema is an object or true\/false/);
  });
});
