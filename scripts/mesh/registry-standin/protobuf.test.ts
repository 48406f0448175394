// The stand-in's Protobuf support: what its small parser accepts and refuses, and the field-number rules
// (listed in protobuf.ts) that are all it checks for compatibility.
import { describe, expect, it } from 'vitest';
import { compatibilityMessages } from './compatibility.ts';
import { InvalidSchemaError, type ResolvedReference } from './format.ts';
import { parseProtobuf } from './protobuf.ts';

const profile = (body: string) => `syntax = "proto3";\npackage users;\n// a comment { with braces }\nmessage Profile {\n${body}\n}\n`;

function errorTypes(prev: string, next: string, level: 'BACKWARD' | 'FORWARD' | 'FULL' = 'BACKWARD'): string[] {
  const messages = compatibilityMessages(level, { schemaType: 'PROTOBUF', parsed: parseProtobuf(next, []) }, [{ version: 1, schemaType: 'PROTOBUF', schema: prev, parsed: parseProtobuf(prev, []) }]);
  return messages.map((m) => /^\{errorType:'([A-Z_]+)'/.exec(m)?.[1]).filter((t): t is string => t !== undefined);
}

describe('Protobuf in the stand-in', () => {
  it('parses messages, nested messages, enums, oneofs, maps, options and reserved ranges', () => {
    const parsed = parseProtobuf(
      `syntax = "proto3";
       package shop.v1;
       import "google/protobuf/timestamp.proto";
       option java_package = "x.y";
       message Order {
         reserved 4, 6 to 8;
         string id = 1 [deprecated = true];
         Status status = 2;
         map<string, int64> counts = 3;
         oneof payment { string card = 5; string iban = 9; }
         repeated Line lines = 10;
         google.protobuf.Timestamp at = 11;
         message Line { string sku = 1; int32 qty = 2; }
         enum Status { UNKNOWN = 0; OPEN = 1; }
       }
       service Orders { rpc Get (Order) returns (Order); }`,
      [],
    );
    expect([...parsed.messages.keys()]).toEqual(['shop.v1.Order', 'shop.v1.Order.Line']);
    expect([...parsed.messages.get('shop.v1.Order')!.keys()]).toEqual([1, 2, 3, 5, 9, 10, 11]);
    expect(parsed.messages.get('shop.v1.Order')!.get(3)).toMatchObject({ kind: 'map', type: 'map<string,int64>' });
    expect(parsed.enums.has('shop.v1.Order.Status')).toBe(true);
  });

  it('refuses text that is not a schema: unclosed messages, reused numbers, unknown imports', () => {
    expect(() => parseProtobuf('syntax = "proto3"; message A { string a = 1;', [])).toThrow(InvalidSchemaError);
    expect(() => parseProtobuf('message A { string a = 1; int32 b = 1; }', [])).toThrow(/used twice/);
    expect(() => parseProtobuf('import "other.proto"; message A { string a = 1; }', [])).toThrow(/not among the schema's references/);
    expect(() => parseProtobuf('hello world', [])).toThrow(InvalidSchemaError);
    const other: ResolvedReference = { name: 'other.proto', subject: 'other', version: 1, schemaType: 'PROTOBUF', schema: 'message B { string b = 1; }', references: [] };
    expect(() => parseProtobuf('import "other.proto"; message A { B b = 1; }', [other])).not.toThrow();
  });

  it('accepts added and removed fields and wire-compatible type changes', () => {
    const v1 = profile('string id = 1;\nint32 age = 2;');
    expect(errorTypes(v1, profile('string id = 1;\nint32 age = 2;\nstring email = 3;'), 'FULL')).toEqual([]);
    expect(errorTypes(v1, profile('string id = 1;'), 'FULL')).toEqual([]);
    expect(errorTypes(v1, profile('string id = 1;\nint64 age = 2;'), 'FULL')).toEqual([]);
    expect(errorTypes(v1, profile('bytes id = 1;\nint32 age = 2;'), 'FULL')).toEqual([]);
  });

  it('refuses a field number reused with a wire-incompatible type or kind', () => {
    const v1 = profile('string id = 1;\nint32 age = 2;');
    expect(errorTypes(v1, profile('string id = 1;\nstring age = 2;'))).toEqual(['FIELD_SCALAR_KIND_CHANGED']);
    expect(errorTypes(v1, profile('string id = 1;\nrepeated int32 age = 2;'))).toEqual(['FIELD_KIND_CHANGED']);
    expect(errorTypes(v1, profile('string id = 1;\nAddress age = 2;\nmessage Address { string city = 1; }'))).toEqual(['FIELD_KIND_CHANGED']);
    expect(errorTypes(v1, profile('string id = 1;\nsint32 age = 2;'), 'FORWARD')).toEqual(['FIELD_SCALAR_KIND_CHANGED']);
  });

  it('refuses a proto2 required field the other side lacks', () => {
    const v1 = 'syntax = "proto2"; message A { optional string a = 1; }';
    expect(errorTypes(v1, 'syntax = "proto2"; message A { optional string a = 1; required int32 b = 2; }')).toEqual(['REQUIRED_FIELD_ADDED']);
  });
});
