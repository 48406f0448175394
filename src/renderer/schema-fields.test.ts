import { describe, expect, it } from 'vitest';
import { prettySchema, schemaFields } from './schema-fields.ts';

describe('schema fields', () => {
  it('lists Avro fields with nested records, optional unions and docs', () => {
    const avro = JSON.stringify({
      type: 'record',
      name: 'Order',
      fields: [
        { name: 'order_id', type: 'string', doc: 'Exchange order identifier' },
        { name: 'venue', type: ['null', 'string'], default: null },
        { name: 'side', type: { type: 'enum', name: 'Side', symbols: ['BUY', 'SELL'] } },
        { name: 'legs', type: { type: 'array', items: { type: 'record', name: 'Leg', fields: [{ name: 'price', type: 'double' }] } } },
      ],
    });
    expect(schemaFields('AVRO', avro)).toEqual([
      { path: 'order_id', depth: 0, type: 'string', doc: 'Exchange order identifier', required: true },
      { path: 'venue', depth: 0, type: 'string?', doc: '', required: false },
      { path: 'side', depth: 0, type: 'Side (enum)', doc: '', required: true },
      { path: 'legs', depth: 0, type: 'array<Leg>', doc: '', required: true },
      { path: 'legs[].price', depth: 1, type: 'double', doc: '', required: true },
    ]);
  });

  it('lists a recursive Avro record once instead of looping', () => {
    const avro = JSON.stringify({ type: 'record', name: 'Node', fields: [{ name: 'next', type: ['null', { type: 'record', name: 'Node', fields: [] }] }, { name: 'v', type: 'int' }] });
    expect(schemaFields('AVRO', avro)!.map((f) => f.path)).toEqual(['next', 'v']);
  });

  it('lists JSON schema properties with required flags, arrays of objects and formats', () => {
    const json = JSON.stringify({
      type: 'object',
      required: ['user_id'],
      properties: {
        user_id: { type: 'string', description: 'stable id' },
        email: { type: 'string', format: 'email' },
        addresses: { type: 'array', items: { type: 'object', properties: { city: { type: 'string' } } } },
      },
    });
    expect(schemaFields('JSON', json)).toEqual([
      { path: 'user_id', depth: 0, type: 'string', doc: 'stable id', required: true },
      { path: 'email', depth: 0, type: 'string (email)', doc: '', required: false },
      { path: 'addresses', depth: 0, type: 'array<object>', doc: '', required: false },
      { path: 'addresses[].city', depth: 1, type: 'string', doc: '', required: false },
    ]);
  });

  it('has no field list for Protobuf or unparsable text, and pretty-prints only JSON', () => {
    expect(schemaFields('PROTOBUF', 'message A {}')).toBeNull();
    expect(schemaFields('AVRO', '{not json')).toBeNull();
    expect(schemaFields('AVRO', '"string"')).toEqual([]);
    expect(prettySchema('AVRO', '{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettySchema('PROTOBUF', 'message A {}')).toBe('message A {}');
  });
});
