// Tributary's own semantic diff of two versions of a port's value schema (Avro or JSON Schema): every change
// with its path, kind and class, and one verdict for the whole change.
//
// What "breaking" means here. A data product's consumers upgrade after its producers: when the owner registers
// a new schema, the producers write with it while every consumer still reads with the schema it was built
// against. So a change breaks when data written with the NEW schema cannot be read by a consumer holding the OLD
// one — the registry's FORWARD compatibility (old reader, new writer), which is also the level the integration
// test sets on its subjects. In practice:
//  - Avro, by Avro's schema resolution (reader = old, writer = new): adding a field never breaks (old readers
//    skip it); removing or renaming a field breaks unless the old schema gave it a default (old readers then
//    see the default — said in the detail); an alias on the new field does not help, because aliases are read
//    on the reader's side. Widening a type along int→long→float→double breaks (an old int reader cannot take a
//    long); narrowing along it does not; string↔bytes never breaks. A union branch or enum symbol the old
//    reader lacks breaks (an enum with a default absorbs new symbols); dropping one does not. Defaults and docs
//    only matter to new readers: non-breaking / doc. A logical type swapped for another (timestamp-millis →
//    timestamp-micros) is breaking here although Avro resolution — and so the registry — accepts it: the bytes
//    still decode, but they mean something else.
//  - JSON Schema, by document validity: a change breaks when some document valid under the new schema is
//    invalid under the old one. So widening a type, adding an enum value, dropping a required property,
//    loosening a bound, opening a closed object, adding a property to a closed object and removing a property
//    from an open one (old data may hold anything under that name, as Confluent also rules) all break; the
//    opposite moves do not. Changes to oneOf/anyOf/allOf/not/if/const/patternProperties… are breaking
//    (compared as opaque, like the registry stand-in). title/description/$comment/examples are doc.
// Readers on the NEW schema of OLD data (BACKWARD) are not part of the verdict, but a change that would stop them
// says so in its detail (e.g. a field added without a default).
import { TributaryError } from '../errors.ts';
import { diffAvro } from './avro-diff.ts';
import { diffJsonSchema } from './json-schema-diff.ts';

export type ChangeClass = 'breaking' | 'non-breaking' | 'doc';
export type Verdict = 'identical' | 'doc' | 'non-breaking' | 'breaking';
export type SchemaDiffFormat = 'AVRO' | 'JSON';

export const changeKinds = [
  'field-added',
  'field-removed',
  'field-renamed',
  'type-widened',
  'type-narrowed',
  'type-changed',
  'logical-type-changed',
  'name-changed',
  'default-added',
  'default-removed',
  'default-changed',
  'required-added',
  'required-removed',
  'enum-symbol-added',
  'enum-symbol-removed',
  'enum-default-changed',
  'union-branch-added',
  'union-branch-removed',
  'nullable-added',
  'nullable-removed',
  'constraint-tightened',
  'constraint-loosened',
  'additional-properties-closed',
  'additional-properties-opened',
  'keyword-changed',
  'aliases-changed',
  'doc-changed',
] as const;
export type ChangeKind = (typeof changeKinds)[number];

export interface SchemaChange {
  /** Where: the root record's (or JSON Schema's title's) name, then field names; `[]` is array items, `{}` map values. */
  path: string;
  kind: ChangeKind;
  classification: ChangeClass;
  /** One sentence a user reads, saying what changed and why it is classified so. */
  detail: string;
}

export interface SchemaDiff {
  changes: SchemaChange[];
  verdict: Verdict;
}

/** The verdict for a list of changes: the worst class among them, or identical for none. */
export function verdictOf(changes: SchemaChange[]): Verdict {
  if (changes.length === 0) return 'identical';
  if (changes.some((c) => c.classification === 'breaking')) return 'breaking';
  if (changes.some((c) => c.classification === 'non-breaking')) return 'non-breaking';
  return 'doc';
}

/**
 * Compares `before` (what consumers read with) and `after` (what producers will write with). Throws
 * TributaryError('Invalid') naming the schema and the problem when either is not JSON or not a schema.
 */
export function diffSchemas(format: SchemaDiffFormat, before: string, after: string): SchemaDiff {
  let changes: SchemaChange[];
  if (format === 'AVRO') changes = diffAvro(before, after);
  else if (format === 'JSON') changes = diffJsonSchema(before, after);
  else throw new TributaryError('Invalid', `Tributary compares Avro and JSON Schema versions; "${String(format)}" schemas are checked by the registry only`);
  return { changes, verdict: verdictOf(changes) };
}
