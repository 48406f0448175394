// Avro for the stand-in registry: schemas are parsed by avsc (references first, into one registry of named
// types) and whether a reader can read a writer's data is avsc's own schema resolution
// (`reader.createResolver(writer)`), names compared without namespaces as Avro's Java SchemaCompatibility does.
// A walk over both types then names each problem the way Confluent's messages do (READER_FIELD_MISSING_DEFAULT_VALUE,
// TYPE_MISMATCH, NAME_MISMATCH, MISSING_ENUM_SYMBOLS, FIXED_SIZE_MISMATCH, MISSING_UNION_BRANCH); the verdict is
// always avsc's.
import avsc from 'avsc';
import { InvalidSchemaError, type Incompatibility, type ResolvedReference, type SchemaFormat, type Sides } from './format.ts';

export interface ParsedAvro {
  type: avsc.Type;
}

/** The parts of avsc's type classes the walk reads; avsc's typings declare them on subclasses only. */
interface AvscType {
  typeName: string;
  name?: string;
  aliases?: string[];
  fields?: Array<{ name: string; aliases: string[]; type: AvscType; defaultValue(): unknown }>;
  symbols?: string[];
  size?: number;
  itemsType?: AvscType;
  valuesType?: AvscType;
  types?: AvscType[];
  underlyingType?: AvscType;
}

export const avroFormat: SchemaFormat<ParsedAvro> = {
  parse: parseAvro,
  canonical: canonicalJson,
  readProblems(reader, writer, sides) {
    try {
      reader.type.createResolver(writer.type, { ignoreNamespaces: true });
      return [];
    } catch (err) {
      const found = walk(reader.type as unknown as AvscType, writer.type as unknown as AvscType, '', sides, new Set());
      if (found.length) return found;
      return [{ errorType: 'TYPE_MISMATCH', description: `The ${sides.reader} schema cannot read data written with the ${sides.writer} schema: ${(err as Error).message}` }];
    }
  },
};

export function parseAvro(schema: string, references: ResolvedReference[]): ParsedAvro {
  let json: unknown;
  try {
    json = JSON.parse(schema);
  } catch (err) {
    throw new InvalidSchemaError(`Invalid schema: not JSON (${(err as Error).message})`);
  }
  const registry: Record<string, avsc.Type> = {};
  const loaded = new Set<string>();
  const load = (refs: ResolvedReference[]): void => {
    for (const ref of refs) {
      const key = `${ref.subject}\u0000${ref.version}`;
      if (loaded.has(key)) continue;
      loaded.add(key);
      load(ref.references);
      if (ref.schemaType !== 'AVRO') throw new InvalidSchemaError(`Invalid schema: reference '${ref.name}' (subject '${ref.subject}' version ${ref.version}) is ${ref.schemaType}, not AVRO`);
      try {
        avsc.Type.forSchema(JSON.parse(ref.schema) as avsc.Schema, { registry });
      } catch (err) {
        throw new InvalidSchemaError(`Invalid schema: reference '${ref.name}' (subject '${ref.subject}' version ${ref.version}) does not parse: ${(err as Error).message}`);
      }
    }
  };
  load(references);
  try {
    return { type: avsc.Type.forSchema(json as avsc.Schema, { registry }) };
  } catch (err) {
    throw new InvalidSchemaError(`Invalid schema: ${(err as Error).message}`);
  }
}

/** Whitespace-free JSON in the input's key order (Confluent stores Avro's own canonical toString()). */
export function canonicalJson(schema: string): string {
  try {
    return JSON.stringify(JSON.parse(schema));
  } catch {
    return schema;
  }
}

const PROMOTIONS: Record<string, string[]> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

function kind(t: AvscType): string {
  if (t.typeName.startsWith('union')) return 'union';
  if (t.typeName === 'error') return 'record';
  return t.typeName;
}

function shortName(name: string | undefined): string {
  return (name ?? '').split('.').pop() ?? '';
}

function namesMatch(reader: AvscType, writer: AvscType): boolean {
  return shortName(reader.name) === shortName(writer.name) || (reader.aliases ?? []).some((a) => a === writer.name || shortName(a) === shortName(writer.name));
}

function walk(reader: AvscType, writer: AvscType, path: string, sides: Sides, seen: Set<string>): Incompatibility[] {
  while (reader.underlyingType) reader = reader.underlyingType;
  while (writer.underlyingType) writer = writer.underlyingType;
  const rk = kind(reader);
  const wk = kind(writer);
  if (wk === 'union') {
    return (writer.types ?? []).flatMap((branch, i) => walk(reader, branch, `${path}/${i}`, sides, seen));
  }
  if (rk === 'union') {
    const readable = (reader.types ?? []).some((branch) => walk(branch, writer, path, sides, new Set(seen)).length === 0);
    if (readable) return [];
    return [{ errorType: 'MISSING_UNION_BRANCH', description: `The ${sides.reader} schema is missing a type inside a union field at path '${path || '/'}' in the ${sides.writer} schema`, additionalInfo: `reader union lacking writer type: ${wk.toUpperCase()}` }];
  }
  if (rk !== wk) {
    if (PROMOTIONS[wk]?.includes(rk)) return [];
    return [{ errorType: 'TYPE_MISMATCH', description: `The type (path '${path || '/'}') of a field in the ${sides.reader} schema does not match with the ${sides.writer} schema`, additionalInfo: `reader type: ${rk.toUpperCase()} not compatible with writer type: ${wk.toUpperCase()}` }];
  }
  if (rk === 'record' || rk === 'enum' || rk === 'fixed') {
    if (!namesMatch(reader, writer)) {
      return [{ errorType: 'NAME_MISMATCH', description: `The name of the schema has changed (path '${path}/name')`, additionalInfo: `expected: ${writer.name}` }];
    }
  }
  switch (rk) {
    case 'record': {
      const pair = `${reader.name}\u0000${writer.name}`;
      if (seen.has(pair)) return [];
      seen.add(pair);
      const problems: Incompatibility[] = [];
      const writerFields = writer.fields ?? [];
      (reader.fields ?? []).forEach((field, i) => {
        const match = writerFields.find((w) => w.name === field.name) ?? writerFields.find((w) => field.aliases.includes(w.name));
        if (match) {
          problems.push(...walk(field.type, match.type, `${path}/fields/${i}/type`, sides, seen));
        } else if (field.defaultValue() === undefined) {
          problems.push({
            errorType: 'READER_FIELD_MISSING_DEFAULT_VALUE',
            description: `The field '${field.name}' at path '${path}/fields/${i}' in the ${sides.reader} schema has no default value and is missing in the ${sides.writer} schema`,
            additionalInfo: field.name,
          });
        }
      });
      return problems;
    }
    case 'enum': {
      const missing = (writer.symbols ?? []).filter((s) => !(reader.symbols ?? []).includes(s));
      if (!missing.length || (reader as { default?: string }).default !== undefined) return [];
      return [{ errorType: 'MISSING_ENUM_SYMBOLS', description: `The ${sides.reader} schema is missing enum symbols '[${missing.join(', ')}]' at path '${path}/symbols' in the ${sides.writer} schema`, additionalInfo: `[${missing.join(', ')}]` }];
    }
    case 'fixed':
      if (reader.size === writer.size) return [];
      return [{ errorType: 'FIXED_SIZE_MISMATCH', description: `The size of FIXED type field at path '${path}/size' in the ${sides.reader} schema does not match with the ${sides.writer} schema`, additionalInfo: `expected: ${writer.size}, found: ${reader.size}` }];
    case 'array':
      return walk(reader.itemsType!, writer.itemsType!, `${path}/items`, sides, seen);
    case 'map':
      return walk(reader.valuesType!, writer.valuesType!, `${path}/values`, sides, seen);
    default:
      return [];
  }
}
