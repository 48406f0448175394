// The stand-in's JSON Schema rules (listed in json-schema.ts), one behaviour each, plus the same rules over HTTP.
import { describe, expect, it } from 'vitest';
import { compatibilityMessages, type CompatibilityLevel } from './compatibility.ts';
import { InvalidSchemaError, type ResolvedReference } from './format.ts';
import { jsonSchemaFormat, parseJsonSchema } from './json-schema.ts';
import { startRegistryStandin } from './server.ts';

const parse = (schema: object, refs: ResolvedReference[] = []) => parseJsonSchema(JSON.stringify(schema), refs);

/** errorTypes found when `next` replaces `prev` under `level`. */
function check(level: CompatibilityLevel, prev: object, next: object): string[] {
  const messages = compatibilityMessages(level, { schemaType: 'JSON', parsed: parse(next) }, [{ version: 1, schemaType: 'JSON', schema: JSON.stringify(prev), parsed: parse(prev) }]);
  return messages.map((m) => /^\{errorType:'([A-Z_]+)'/.exec(m)?.[1]).filter((t): t is string => t !== undefined);
}

const closed = (properties: object, required: string[] = []) => ({ type: 'object', properties, required, additionalProperties: false });
const open = (properties: object, required: string[] = []) => ({ type: 'object', properties, required });

describe('JSON Schema compatibility in the stand-in', () => {
  it('breaks BACKWARD when a property is removed from a closed object, but not FORWARD', () => {
    const prev = closed({ a: { type: 'string' }, b: { type: 'string' } });
    const next = closed({ a: { type: 'string' } });
    expect(check('BACKWARD', prev, next)).toEqual(['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL']);
    expect(check('FORWARD', prev, next)).toEqual([]);
  });

  it('lets an open object drop a property under BACKWARD', () => {
    expect(check('BACKWARD', open({ a: { type: 'string' }, b: { type: 'string' } }), open({ a: { type: 'string' } }))).toEqual([]);
  });

  it('breaks BACKWARD when a new property is required', () => {
    expect(check('BACKWARD', closed({ a: { type: 'string' } }), closed({ a: { type: 'string' }, b: { type: 'string' } }, ['b']))).toEqual(['REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL']);
    expect(check('BACKWARD', closed({ a: { type: 'string' } }), closed({ a: { type: 'string' } }, ['a']))).toEqual(['REQUIRED_ATTRIBUTE_ADDED']);
  });

  it('lets BACKWARD add an optional property to a closed object, which FULL refuses: old closed readers reject it', () => {
    expect(check('FULL', closed({ a: { type: 'string' } }), closed({ a: { type: 'string' }, b: { type: 'string' } }))).toEqual(['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL']);
    expect(check('BACKWARD', closed({ a: { type: 'string' } }), closed({ a: { type: 'string' }, b: { type: 'string' } }))).toEqual([]);
  });

  it('refuses a constrained property added to an open object under BACKWARD, as Confluent does', () => {
    expect(check('BACKWARD', open({ a: { type: 'string' } }), open({ a: { type: 'string' }, b: { type: 'string' } }))).toEqual(['PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL']);
    // An unconstrained one is fine: old data under that name is still valid.
    expect(check('BACKWARD', open({ a: { type: 'string' } }), open({ a: { type: 'string' }, b: { description: 'anything' } }))).toEqual([]);
  });

  it('reads a property through a partially open content model when its schema covers it', () => {
    const prev = { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } };
    expect(check('BACKWARD', prev, { ...prev, properties: { a: { type: 'string' }, b: { type: 'string' } } })).toEqual([]);
    expect(check('BACKWARD', prev, { ...prev, properties: { a: { type: 'string' }, b: { type: 'integer' } } })).toEqual(['PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL']);
  });

  it('treats a type change as incompatible and integer → number as widening', () => {
    expect(check('BACKWARD', open({ a: { type: 'string' } }), open({ a: { type: 'integer' } }))).toEqual(['TYPE_CHANGED']);
    expect(check('BACKWARD', open({ a: { type: 'integer' } }), open({ a: { type: 'number' } }))).toEqual([]);
    expect(check('FORWARD', open({ a: { type: 'integer' } }), open({ a: { type: 'number' } }))).toEqual(['TYPE_NARROWED']);
    expect(check('BACKWARD', open({ a: { type: ['string', 'null'] } }), open({ a: { type: 'string' } }))).toEqual(['TYPE_NARROWED']);
  });

  it('refuses closing or narrowing additionalProperties under BACKWARD', () => {
    expect(check('BACKWARD', open({ a: { type: 'string' } }), closed({ a: { type: 'string' } }))).toEqual(['ADDITIONAL_PROPERTIES_REMOVED']);
    expect(check('BACKWARD', open({}), { type: 'object', properties: {}, additionalProperties: { type: 'string' } })).toEqual(['ADDITIONAL_PROPERTIES_NARROWED']);
    expect(check('BACKWARD', closed({ a: { type: 'string' } }), open({ a: { type: 'string' } }))).toEqual([]);
  });

  it('refuses narrowed enums and tightened bounds, and accepts loosened ones', () => {
    expect(check('BACKWARD', { enum: ['a', 'b'] }, { enum: ['a'] })).toEqual(['ENUM_ARRAY_NARROWED']);
    expect(check('BACKWARD', { enum: ['a'] }, { enum: ['a', 'b'] })).toEqual([]);
    expect(check('BACKWARD', { type: 'string' }, { type: 'string', maxLength: 10 })).toEqual(['MAX_LENGTH_ADDED']);
    expect(check('BACKWARD', { type: 'string', maxLength: 20 }, { type: 'string', maxLength: 10 })).toEqual(['MAX_LENGTH_DECREASED']);
    expect(check('BACKWARD', { type: 'string', maxLength: 10 }, { type: 'string', maxLength: 20 })).toEqual([]);
    expect(check('BACKWARD', { type: 'integer', minimum: 0 }, { type: 'integer', minimum: 1 })).toEqual(['MINIMUM_INCREASED']);
    expect(check('BACKWARD', { type: 'string' }, { type: 'string', pattern: '^x' })).toEqual(['PATTERN_ADDED']);
  });

  it('checks array items and nested objects recursively, with the path in the message', () => {
    const prev = open({ lines: { type: 'array', items: closed({ sku: { type: 'string' }, qty: { type: 'integer' } }) } });
    const next = open({ lines: { type: 'array', items: closed({ sku: { type: 'string' } }) } });
    const messages = compatibilityMessages('BACKWARD', { schemaType: 'JSON', parsed: parse(next) }, [{ version: 1, schemaType: 'JSON', schema: '{}', parsed: parse(prev) }]);
    expect(messages[0]).toContain("errorType:'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'");
    expect(messages[0]).toContain('#/properties/lines/items');
  });

  it('follows local $refs and references registered with the schema', () => {
    const withDefs = (t: string) => ({ $defs: { Money: closed({ units: { type: t } }) }, type: 'object', properties: { amount: { $ref: '#/$defs/Money' } } });
    expect(check('BACKWARD', withDefs('integer'), withDefs('integer'))).toEqual([]);
    expect(check('BACKWARD', withDefs('integer'), withDefs('string'))).toEqual(['TYPE_CHANGED']);
    const money: ResolvedReference = { name: 'money.json', subject: 'Money', version: 1, schemaType: 'JSON', schema: JSON.stringify(closed({ units: { type: 'integer' } })), references: [] };
    const parsed = parse({ type: 'object', properties: { amount: { $ref: 'money.json' } } }, [money]);
    expect(jsonSchemaFormat.readProblems(parsed, parsed, { reader: 'new', writer: 'old' })).toEqual([]);
  });

  it('treats any change to a combinator as incompatible, and an unchanged one as fine', () => {
    const one = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    expect(check('FULL', one, one)).toEqual([]);
    expect(check('BACKWARD', one, { oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] })).toEqual(['COMBINED_TYPE_CHANGED']);
  });

  it('refuses invalid schemas: not JSON, unknown types, bad required, unresolvable $ref', () => {
    expect(() => parseJsonSchema('{"type":', [])).toThrow(InvalidSchemaError);
    expect(() => parse({ type: 'text' })).toThrow(/unknown type "text"/);
    expect(() => parse({ type: 'object', required: 'a' })).toThrow(/required must be an array/);
    expect(() => parse({ properties: { a: { $ref: '#/$defs/Nope' } } })).toThrow(/cannot be resolved/);
    expect(() => parse({ properties: { a: { $ref: 'https://elsewhere.example/x.json' } } })).toThrow(/cannot be resolved/);
    expect(() => parseJsonSchema('42', [])).toThrow(/neither an object nor a boolean/);
  });

  it('answers 409 over HTTP for a removed property of a closed object and 42201 for an invalid schema', async () => {
    const standin = await startRegistryStandin();
    try {
      const post = (schema: object | string) =>
        fetch(`${standin.url}/subjects/users-value/versions`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
          body: JSON.stringify({ schemaType: 'JSON', schema: typeof schema === 'string' ? schema : JSON.stringify(schema) }),
        });
      expect((await post(closed({ name: { type: 'string' }, email: { type: 'string' } }))).status).toBe(200);
      const refused = await post(closed({ name: { type: 'string' } }));
      expect(refused.status).toBe(409);
      expect((await refused.json()).message).toContain("errorType:'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'");
      const invalid = await post({ type: 'objekt' });
      expect(invalid.status).toBe(422);
      expect((await invalid.json()).error_code).toBe(42201);
    } finally {
      await standin.close();
    }
  });
});
