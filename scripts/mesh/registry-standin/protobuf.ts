// Protobuf for the stand-in registry: a small parser of .proto text (syntax, package, import, option, message,
// enum, oneof, map, reserved; service and extend blocks are skipped), enough to validate a schema's shape and its
// imports against the registered references. Compatibility is deliberately narrow — it looks only at field
// numbers: for each message present (by full name) in both schemas, a field number used by both must keep a
// wire-compatible type (int32/uint32/int64/uint64/bool/enum; sint32/sint64; fixed32/sfixed32; fixed64/sfixed64;
// string/bytes; the same message type by name) and the same kind (singular, repeated, map) — else
// FIELD_SCALAR_KIND_CHANGED, FIELD_NAMED_TYPE_CHANGED or FIELD_KIND_CHANGED. A proto2 `required` field the
// writer lacks is REQUIRED_FIELD_ADDED. The rules are the same in both directions. Removed or added messages,
// renamed fields, oneof moves and packages are not checked (Confluent checks more).
import { InvalidSchemaError, type Incompatibility, type ResolvedReference, type SchemaFormat } from './format.ts';

export interface ProtoField {
  name: string;
  number: number;
  type: string;
  kind: 'singular' | 'repeated' | 'map';
  required: boolean;
}

export interface ParsedProtobuf {
  /** Full message name (package.Outer.Inner) → its fields by number. */
  messages: Map<string, Map<number, ProtoField>>;
  /** Full names of enums, to tell enum-typed fields from message-typed ones. */
  enums: Set<string>;
}

const SCALARS = new Set(['double', 'float', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string', 'bytes']);
const WIRE_GROUPS = [['int32', 'uint32', 'int64', 'uint64', 'bool', '<enum>'], ['sint32', 'sint64'], ['fixed32', 'sfixed32'], ['fixed64', 'sfixed64'], ['string', 'bytes']];

export const protobufFormat: SchemaFormat<ParsedProtobuf> = {
  parse: parseProtobuf,
  canonical: (schema) => schema.trim(),
  readProblems(reader, writer) {
    const problems: Incompatibility[] = [];
    for (const [message, wFields] of writer.messages) {
      const rFields = reader.messages.get(message);
      if (!rFields) continue;
      for (const [number, w] of wFields) {
        const r = rFields.get(number);
        if (!r) continue;
        const at = `#/${message}/${number}`;
        if (r.kind !== w.kind) {
          problems.push({ errorType: 'FIELD_KIND_CHANGED', description: `Field number ${number} of ${message} changed from ${w.kind} '${w.name}' to ${r.kind} '${r.name}'`, additionalInfo: at });
          continue;
        }
        const rt = wireType(r.type, reader);
        const wt = wireType(w.type, writer);
        if (rt === wt) continue;
        const rScalar = SCALARS.has(r.type) || rt === '<enum>';
        const wScalar = SCALARS.has(w.type) || wt === '<enum>';
        const errorType = rScalar && wScalar ? 'FIELD_SCALAR_KIND_CHANGED' : rScalar !== wScalar ? 'FIELD_KIND_CHANGED' : 'FIELD_NAMED_TYPE_CHANGED';
        problems.push({ errorType, description: `Field number ${number} of ${message} changed type from '${w.type}' to '${r.type}', which cannot read the same bytes`, additionalInfo: at });
      }
      for (const r of rFields.values()) {
        if (r.required && !wFields.has(r.number)) {
          problems.push({ errorType: 'REQUIRED_FIELD_ADDED', description: `Required field '${r.name}' (${r.number}) of ${message} is missing from the other schema`, additionalInfo: `#/${message}/${r.number}` });
        }
      }
    }
    return problems;
  },
};

function wireType(type: string, parsed: ParsedProtobuf): string {
  if (SCALARS.has(type)) return WIRE_GROUPS.find((g) => g.includes(type))?.[0] ?? type;
  const short = type.split('.').pop()!;
  const isEnum = [...parsed.enums].some((e) => e === type || e.endsWith(`.${short}`));
  return isEnum ? 'int32' : `message:${short}`;
}

export function parseProtobuf(schema: string, references: ResolvedReference[]): ParsedProtobuf {
  const tokens = tokenize(schema);
  const parsed: ParsedProtobuf = { messages: new Map(), enums: new Set() };
  let pos = 0;
  const peek = () => tokens[pos];
  const next = (): string => {
    const t = tokens[pos++];
    if (t === undefined) throw new InvalidSchemaError('Invalid schema: the Protobuf text ends too early');
    return t;
  };
  const expect = (want: string): void => {
    const t = next();
    if (t !== want) throw new InvalidSchemaError(`Invalid schema: expected '${want}' but found '${t}' in the Protobuf text`);
  };
  const skipStatement = (): void => {
    let depth = 0;
    for (;;) {
      const t = next();
      if (t === '{') depth++;
      else if (t === '}') {
        depth--;
        if (depth === 0) return;
      } else if (t === ';' && depth === 0) return;
    }
  };
  const skipBlock = (): void => {
    while (peek() !== '{') next();
    skipStatement();
  };
  const number = (): number => {
    const t = next();
    const n = Number(t);
    if (!Number.isInteger(n)) throw new InvalidSchemaError(`Invalid schema: '${t}' is not a field number`);
    return n;
  };
  const ident = (): string => {
    const t = next();
    if (!/^[A-Za-z_.][\w.]*$/.test(t)) throw new InvalidSchemaError(`Invalid schema: '${t}' is not a name`);
    return t;
  };
  const fieldOptionsAndEnd = (): void => {
    if (peek() === '[') while (next() !== ']');
    expect(';');
  };

  const parseEnum = (scope: string): void => {
    const name = ident();
    parsed.enums.add(scope ? `${scope}.${name}` : name);
    expect('{');
    while (peek() !== '}') {
      if (peek() === 'option' || peek() === 'reserved') {
        skipStatement();
        continue;
      }
      ident();
      expect('=');
      next();
      fieldOptionsAndEnd();
    }
    expect('}');
  };

  const parseMessage = (scope: string): void => {
    const name = ident();
    const full = scope ? `${scope}.${name}` : name;
    const fields = new Map<number, ProtoField>();
    parsed.messages.set(full, fields);
    const addField = (f: ProtoField): void => {
      if (fields.has(f.number)) throw new InvalidSchemaError(`Invalid schema: field number ${f.number} is used twice in message ${full}`);
      if (f.number < 1 || f.number > 536_870_911) throw new InvalidSchemaError(`Invalid schema: field number ${f.number} of ${full} is out of range`);
      fields.set(f.number, f);
    };
    const parseField = (label: string | undefined): void => {
      if (peek() === 'map') {
        next();
        expect('<');
        const key = ident();
        expect(',');
        const value = ident();
        expect('>');
        const fname = ident();
        expect('=');
        addField({ name: fname, number: number(), type: `map<${key},${value}>`, kind: 'map', required: false });
      } else {
        const type = ident();
        const fname = ident();
        expect('=');
        addField({ name: fname, number: number(), type, kind: label === 'repeated' ? 'repeated' : 'singular', required: label === 'required' });
      }
      fieldOptionsAndEnd();
    };
    expect('{');
    while (peek() !== '}') {
      const t = peek();
      if (t === undefined) throw new InvalidSchemaError(`Invalid schema: message ${full} is not closed`);
      if (t === ';') next();
      else if (t === 'message') {
        next();
        parseMessage(full);
      } else if (t === 'enum') {
        next();
        parseEnum(full);
      } else if (t === 'oneof') {
        next();
        ident();
        expect('{');
        while (peek() !== '}') {
          if (peek() === 'option') skipStatement();
          else parseField(undefined);
        }
        expect('}');
      } else if (t === 'option' || t === 'reserved' || t === 'extensions') skipStatement();
      else if (t === 'extend') skipBlock();
      else if (t === 'repeated' || t === 'optional' || t === 'required') parseField(next());
      else parseField(undefined);
    }
    expect('}');
  };

  const imports: string[] = [];
  let pkg = '';
  while (pos < tokens.length) {
    const t = next();
    if (t === 'syntax' || t === 'edition') {
      expect('=');
      const v = next();
      if (!/^"(proto2|proto3|\d+)"$/.test(v)) throw new InvalidSchemaError(`Invalid schema: unknown Protobuf syntax ${v}`);
      expect(';');
    } else if (t === 'package') {
      pkg = ident();
      expect(';');
    } else if (t === 'import') {
      let v = next();
      if (v === 'public' || v === 'weak') v = next();
      imports.push(v.slice(1, -1));
      expect(';');
    } else if (t === 'option') skipStatement();
    else if (t === 'message') parseMessage(pkg);
    else if (t === 'enum') parseEnum(pkg);
    else if (t === 'service' || t === 'extend') skipBlock();
    else if (t === ';') continue;
    else throw new InvalidSchemaError(`Invalid schema: unexpected '${t}' at the top level of the Protobuf text`);
  }
  if (parsed.messages.size === 0 && parsed.enums.size === 0) throw new InvalidSchemaError('Invalid schema: the Protobuf text defines no message or enum');
  const known = new Set(references.map((r) => r.name));
  for (const imp of imports) {
    if (!known.has(imp) && !imp.startsWith('google/protobuf/')) throw new InvalidSchemaError(`Invalid schema: import "${imp}" is not among the schema's references`);
  }
  for (const ref of references) {
    if (ref.schemaType !== 'PROTOBUF') throw new InvalidSchemaError(`Invalid schema: reference '${ref.name}' is ${ref.schemaType}, not PROTOBUF`);
    const inner = parseProtobuf(ref.schema, ref.references);
    for (const e of inner.enums) parsed.enums.add(e);
  }
  return parsed;
}

function tokenize(text: string): string[] {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
  const tokens = withoutComments.match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Za-z_.][\w.]*|-?\d[\w.+-]*|[{}\[\]();=<>,:]|\S/g);
  return tokens ?? [];
}
