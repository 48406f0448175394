// Reads Avro schema text into a graph of typed nodes the semantic diff walks: named types are defined once and
// every reference by name points at the same node (so recursive records become cycles, not infinite trees).
import { TributaryError } from '../errors.ts';

export const AVRO_PRIMITIVES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const;
export type AvroPrimitiveName = (typeof AVRO_PRIMITIVES)[number];

export interface AvroField {
  name: string;
  type: AvroNode;
  hasDefault: boolean;
  default: unknown;
  doc: string;
  aliases: string[];
}

export type AvroNode =
  | { kind: 'primitive'; name: AvroPrimitiveName; logicalType: string }
  | { kind: 'record'; name: string; aliases: string[]; doc: string; fields: AvroField[] }
  | { kind: 'enum'; name: string; aliases: string[]; doc: string; symbols: string[]; default: string | undefined }
  | { kind: 'fixed'; name: string; aliases: string[]; size: number; logicalType: string }
  | { kind: 'array'; items: AvroNode }
  | { kind: 'map'; values: AvroNode }
  | { kind: 'union'; branches: AvroNode[] };

/** The unqualified name, as Avro's own compatibility checker compares names. */
export function shortName(name: string): string {
  return name.split('.').pop() ?? name;
}

/** A short text for a type in messages: "long", "record Customer", "array<string>", "union[null, string]". */
export function describeAvro(node: AvroNode): string {
  switch (node.kind) {
    case 'primitive':
      return node.logicalType ? `${node.name} (${node.logicalType})` : node.name;
    case 'record':
    case 'enum':
    case 'fixed':
      return `${node.kind} ${shortName(node.name)}`;
    case 'array':
      return `array<${describeAvro(node.items)}>`;
    case 'map':
      return `map<${describeAvro(node.values)}>`;
    case 'union':
      return `union[${node.branches.map(describeAvro).join(', ')}]`;
  }
}

/** Parses Avro schema text; `side` names the schema in errors ("current", "proposed"). */
export function parseAvroSchema(text: string, side: string): AvroNode {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new TributaryError('Invalid', `The ${side} schema is not JSON: ${(err as Error).message}`);
  }
  const named = new Map<string, AvroNode>();
  const fail = (where: string, problem: string): never => {
    throw new TributaryError('Invalid', `The ${side} schema is not a valid Avro schema: ${where ? `at ${where}, ` : ''}${problem}`);
  };

  const fullName = (name: string, namespace: string) => (name.includes('.') || !namespace ? name : `${namespace}.${name}`);
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

  function read(raw: unknown, namespace: string, where: string): AvroNode {
    if (typeof raw === 'string') {
      if ((AVRO_PRIMITIVES as readonly string[]).includes(raw)) return { kind: 'primitive', name: raw as AvroPrimitiveName, logicalType: '' };
      const found = named.get(fullName(raw, namespace)) ?? named.get(raw);
      if (!found) fail(where, `the type "${raw}" is neither a primitive nor a named type defined earlier in the schema`);
      return found!;
    }
    if (Array.isArray(raw)) {
      if (raw.length === 0) fail(where, 'a union needs at least one type');
      const branches = raw.map((b, i) => read(b, namespace, `${where}[${i}]`));
      if (branches.some((b) => b.kind === 'union')) fail(where, 'a union cannot directly contain another union');
      return { kind: 'union', branches };
    }
    if (typeof raw !== 'object' || raw === null) return fail(where, `${JSON.stringify(raw)} is not a type (a type is a name, an object with "type", or a union array)`);
    const o = raw as Record<string, unknown>;
    const type = o.type;
    const logicalType = typeof o.logicalType === 'string' ? o.logicalType : '';
    if (typeof type === 'string' && (AVRO_PRIMITIVES as readonly string[]).includes(type)) return { kind: 'primitive', name: type as AvroPrimitiveName, logicalType };
    if (type === 'record' || type === 'error' || type === 'enum' || type === 'fixed') {
      if (typeof o.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(o.name)) fail(where, `a ${type} needs a "name" made of letters, digits and "_"`);
      const ns = typeof o.namespace === 'string' ? o.namespace : namespace;
      const name = fullName(o.name as string, ns);
      const innerNs = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '';
      if (named.has(name)) fail(where, `the type "${name}" is defined twice`);
      const aliases = strings(o.aliases);
      const doc = typeof o.doc === 'string' ? o.doc : '';
      if (type === 'enum') {
        if (!Array.isArray(o.symbols) || o.symbols.some((s) => typeof s !== 'string')) fail(name, 'an enum needs "symbols", an array of strings');
        const symbols = o.symbols as string[];
        if (new Set(symbols).size !== symbols.length) fail(name, 'an enum lists a symbol twice');
        const node: AvroNode = { kind: 'enum', name, aliases, doc, symbols, default: typeof o.default === 'string' ? o.default : undefined };
        named.set(name, node);
        return node;
      }
      if (type === 'fixed') {
        if (typeof o.size !== 'number' || !Number.isInteger(o.size) || o.size < 0) fail(name, 'a fixed type needs a whole-number "size"');
        const node: AvroNode = { kind: 'fixed', name, aliases, size: o.size as number, logicalType };
        named.set(name, node);
        return node;
      }
      if (!Array.isArray(o.fields)) fail(name, 'a record needs "fields", an array');
      // Registered before its fields are read, so a field may refer to the record itself.
      const node: AvroNode & { kind: 'record' } = { kind: 'record', name, aliases, doc, fields: [] };
      named.set(name, node);
      const seen = new Set<string>();
      (o.fields as unknown[]).forEach((f, i) => {
        if (typeof f !== 'object' || f === null || Array.isArray(f)) fail(`${shortName(name)}.fields[${i}]`, 'a field is an object with "name" and "type"');
        const field = f as Record<string, unknown>;
        if (typeof field.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(field.name)) fail(`${shortName(name)}.fields[${i}]`, 'a field needs a "name" made of letters, digits and "_"');
        const fieldName = field.name as string;
        if (seen.has(fieldName)) fail(`${shortName(name)}.${fieldName}`, 'the field is defined twice');
        seen.add(fieldName);
        if (field.type === undefined) fail(`${shortName(name)}.${fieldName}`, 'the field has no "type"');
        node.fields.push({
          name: fieldName,
          type: read(field.type, innerNs, `${shortName(name)}.${fieldName}`),
          hasDefault: Object.hasOwn(field, 'default'),
          default: field.default,
          doc: typeof field.doc === 'string' ? field.doc : '',
          aliases: strings(field.aliases),
        });
      });
      return node;
    }
    if (type === 'array') {
      if (o.items === undefined) fail(where, 'an array needs "items"');
      return { kind: 'array', items: read(o.items, namespace, `${where}[]`) };
    }
    if (type === 'map') {
      if (o.values === undefined) fail(where, 'a map needs "values"');
      return { kind: 'map', values: read(o.values, namespace, `${where}{}`) };
    }
    // {"type": "com.x.Money"} or {"type": ["null", …]}: a wrapped reference or union.
    if (typeof type === 'string' || Array.isArray(type) || (typeof type === 'object' && type !== null)) return read(type, namespace, where);
    return fail(where, `an object type needs "type" (one of ${AVRO_PRIMITIVES.join(', ')}, record, enum, fixed, array, map)`);
  }

  return read(json, '', '');
}
