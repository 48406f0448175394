// JSON Schema for the stand-in registry: a documented subset of Confluent's JSON Schema compatibility rules,
// not a full implementation. "reader reads writer" means: every document valid under the writer schema is valid
// under the reader schema (BACKWARD: reader = new, writer = old; FORWARD the reverse; FULL both). At each pair of
// sub-schemas (after following $ref), it is a problem when the reader:
//  - types:      accepts fewer JSON types than the writer (TYPE_NARROWED) or none of them (TYPE_CHANGED); integer
//                reads as number; a writer without `type` accepts every type;
//  - enum:       lacks a value the writer allows, or adds an enum the writer did not have (ENUM_ARRAY_NARROWED);
//  - bounds:     adds or tightens maxLength, minLength, pattern, maximum, minimum, exclusiveMaximum,
//                exclusiveMinimum, multipleOf, maxItems, minItems, uniqueItems, maxProperties, minProperties
//                (MAX_LENGTH_ADDED / MAX_LENGTH_DECREASED, …);
//  - objects:    removes a property while closed (additionalProperties: false) —
//                PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL — or while partially open with a schema that does not
//                read the removed property's (PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
//                adds a constrained property where the writer is open (PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: old
//                data may hold anything under that name — Confluent refuses this too) or partially open with a
//                schema the new property cannot read (PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL);
//                requires a property the writer did not require (REQUIRED_ATTRIBUTE_ADDED, or
//                REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL for a new property); closes or narrows
//                additionalProperties (ADDITIONAL_PROPERTIES_REMOVED, ADDITIONAL_PROPERTIES_NARROWED);
//  - arrays:     cannot read the writer's `items` (single-schema form; checked recursively);
//  - everything else (oneOf, anyOf, allOf, not, if/then/else, const, patternProperties, dependencies,
//                tuple `items`, prefixItems, additionalItems, contains, propertyNames, unevaluated*): any change
//                to these keywords is a problem in both directions (COMBINED_TYPE_CHANGED for the combinators,
//                KEYWORD_CHANGED otherwise) — the stand-in does not reason about them.
// $ref is followed for local pointers (#/…) and for references registered with the schema (its `name`, optionally
// with #/pointer); any other $ref makes the schema invalid here (Confluent would try to fetch it).
import { InvalidSchemaError, type Incompatibility, type ResolvedReference, type SchemaFormat, type Sides } from './format.ts';
import { canonicalJson } from './avro.ts';

export interface ParsedJsonSchema {
  root: unknown;
  /** '' is the schema itself; the others are referenced documents by reference name. */
  docs: Map<string, unknown>;
}

interface Located {
  node: unknown;
  doc: string;
}

const TYPES = ['null', 'boolean', 'object', 'array', 'number', 'integer', 'string'];
const ANNOTATIONS = new Set(['title', 'description', '$comment', 'default', 'examples', '$id', 'id', '$schema', 'deprecated', 'readOnly', 'writeOnly', 'definitions', '$defs']);
const COMBINATORS = ['oneOf', 'anyOf', 'allOf', 'not'];
const OPAQUE = ['if', 'then', 'else', 'const', 'patternProperties', 'dependencies', 'dependentRequired', 'dependentSchemas', 'prefixItems', 'additionalItems', 'contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems'];

/** Bounds a reader must not add or tighten: [keyword, tighter-when, Confluent's name stem]. */
const BOUNDS: Array<[string, 'lower' | 'higher' | 'different', string]> = [
  ['maxLength', 'lower', 'MAX_LENGTH'],
  ['minLength', 'higher', 'MIN_LENGTH'],
  ['pattern', 'different', 'PATTERN'],
  ['maximum', 'lower', 'MAXIMUM'],
  ['minimum', 'higher', 'MINIMUM'],
  ['exclusiveMaximum', 'lower', 'EXCLUSIVE_MAXIMUM'],
  ['exclusiveMinimum', 'higher', 'EXCLUSIVE_MINIMUM'],
  ['maxItems', 'lower', 'MAX_ITEMS'],
  ['minItems', 'higher', 'MIN_ITEMS'],
  ['maxProperties', 'lower', 'MAX_PROPERTIES'],
  ['minProperties', 'higher', 'MIN_PROPERTIES'],
];

export const jsonSchemaFormat: SchemaFormat<ParsedJsonSchema> = {
  parse: parseJsonSchema,
  canonical: canonicalJson,
  readProblems(reader, writer, sides) {
    return new Walk(reader, writer, sides).compare({ node: reader.root, doc: '' }, { node: writer.root, doc: '' }, '#');
  },
};

export function parseJsonSchema(schema: string, references: ResolvedReference[]): ParsedJsonSchema {
  let root: unknown;
  try {
    root = JSON.parse(schema);
  } catch (err) {
    throw new InvalidSchemaError(`Invalid schema: not JSON (${(err as Error).message})`);
  }
  const docs = new Map<string, unknown>([['', root]]);
  const addRefs = (refs: ResolvedReference[]): void => {
    for (const ref of refs) {
      if (docs.has(ref.name)) continue;
      if (ref.schemaType !== 'JSON') throw new InvalidSchemaError(`Invalid schema: reference '${ref.name}' is ${ref.schemaType}, not JSON`);
      try {
        docs.set(ref.name, JSON.parse(ref.schema));
      } catch {
        throw new InvalidSchemaError(`Invalid schema: reference '${ref.name}' is not JSON`);
      }
      addRefs(ref.references);
    }
  };
  addRefs(references);
  const parsed = { root, docs };
  for (const [name, doc] of docs) validate(parsed, doc, name, name ? `${name}#` : '#');
  return parsed;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validate(parsed: ParsedJsonSchema, node: unknown, doc: string, path: string): void {
  if (typeof node === 'boolean') return;
  if (!isObject(node)) throw new InvalidSchemaError(`Invalid schema: ${path} is neither an object nor a boolean`);
  const t = node.type;
  if (t !== undefined) {
    const list = Array.isArray(t) ? t : [t];
    for (const x of list) if (typeof x !== 'string' || !TYPES.includes(x)) throw new InvalidSchemaError(`Invalid schema: ${path}/type has unknown type ${JSON.stringify(x)}`);
  }
  if (node.required !== undefined && (!Array.isArray(node.required) || node.required.some((r) => typeof r !== 'string'))) {
    throw new InvalidSchemaError(`Invalid schema: ${path}/required must be an array of strings`);
  }
  if (node.$ref !== undefined) {
    if (typeof node.$ref !== 'string') throw new InvalidSchemaError(`Invalid schema: ${path}/$ref must be a string`);
    if (resolveRef(parsed, node.$ref, doc) === undefined) throw new InvalidSchemaError(`Invalid schema: ${path}/$ref '${node.$ref}' cannot be resolved (not a local pointer, nor a reference registered with the schema)`);
  }
  for (const key of ['properties', 'definitions', '$defs', 'patternProperties']) {
    const map = node[key];
    if (map === undefined) continue;
    if (!isObject(map)) throw new InvalidSchemaError(`Invalid schema: ${path}/${key} must be an object`);
    for (const [k, v] of Object.entries(map)) validate(parsed, v, doc, `${path}/${key}/${k}`);
  }
  for (const key of ['additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'additionalItems']) {
    if (node[key] !== undefined) validate(parsed, node[key], doc, `${path}/${key}`);
  }
  if (node.items !== undefined) {
    if (Array.isArray(node.items)) node.items.forEach((v, i) => validate(parsed, v, doc, `${path}/items/${i}`));
    else validate(parsed, node.items, doc, `${path}/items`);
  }
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    const list = node[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0) throw new InvalidSchemaError(`Invalid schema: ${path}/${key} must be a non-empty array`);
    list.forEach((v, i) => validate(parsed, v, doc, `${path}/${key}/${i}`));
  }
}

function resolveRef(parsed: ParsedJsonSchema, ref: string, fromDoc: string): Located | undefined {
  const hash = ref.indexOf('#');
  const target = hash === -1 ? ref : ref.slice(0, hash);
  const pointer = hash === -1 ? '' : ref.slice(hash + 1);
  const doc = target === '' ? fromDoc : target;
  if (!parsed.docs.has(doc)) return undefined;
  let node: unknown = parsed.docs.get(doc);
  for (const raw of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
    if (node === undefined) return undefined;
  }
  return { node, doc };
}

class Walk {
  private readonly reader: ParsedJsonSchema;
  private readonly writer: ParsedJsonSchema;
  private readonly sides: Sides;
  private readonly seen = new Map<unknown, Set<unknown>>();

  constructor(reader: ParsedJsonSchema, writer: ParsedJsonSchema, sides: Sides) {
    this.reader = reader;
    this.writer = writer;
    this.sides = sides;
  }

  compare(r0: Located, w0: Located, path: string): Incompatibility[] {
    const r = this.deref(this.reader, r0);
    const w = this.deref(this.writer, w0);
    if (w.node === false || r.node === true) return [];
    if (isObject(r.node) && isUnconstrained(r.node)) return [];
    // Recursive schemas: a pair already being compared further up is assumed fine (checked there).
    const onStack = this.seen.get(r.node) ?? new Set();
    if (onStack.has(w.node)) return [];
    onStack.add(w.node);
    this.seen.set(r.node, onStack);
    try {
      return this.compareNodes(r, w, path);
    } finally {
      onStack.delete(w.node);
    }
  }

  private compareNodes(r: Located, w: Located, path: string): Incompatibility[] {
    const R = isObject(r.node) ? r.node : {};
    const W = isObject(w.node) ? w.node : {};
    if (r.node === false) return [this.problem('TYPE_NARROWED', path, `The ${this.sides.reader} schema at '${path}' accepts nothing`)];

    const problems: Incompatibility[] = [];
    for (const key of [...COMBINATORS, ...OPAQUE]) {
      if (canonicalOf(R[key]) !== canonicalOf(W[key])) {
        problems.push(this.problem(COMBINATORS.includes(key) ? 'COMBINED_TYPE_CHANGED' : 'KEYWORD_CHANGED', `${path}/${key}`, `'${key}' at '${path}' differs between the schemas; the stand-in treats any change to it as incompatible`, key));
      }
    }
    if (isObject(R.items) !== isObject(W.items) && (Array.isArray(R.items) || Array.isArray(W.items))) {
      problems.push(this.problem('KEYWORD_CHANGED', `${path}/items`, `'items' at '${path}' changed between a schema and a tuple`, 'items'));
    }

    const rTypes = typesOf(R);
    const wTypes = typesOf(W);
    let shared = wTypes;
    if (rTypes) {
      const readable = (t: string) => rTypes.includes(t) || (t === 'integer' && rTypes.includes('number'));
      const all = wTypes ?? TYPES;
      shared = all.filter(readable);
      // number → integer keeps the integers: narrowed, not changed.
      const overlaps = shared.length > 0 || (all.includes('number') && rTypes.includes('integer'));
      if (!overlaps) problems.push(this.problem('TYPE_CHANGED', path, `The type at '${path}' changed from ${JSON.stringify(wTypes ?? 'any')} to ${JSON.stringify(rTypes)}`));
      else if (shared.length < all.length) problems.push(this.problem('TYPE_NARROWED', path, `The type at '${path}' was narrowed from ${JSON.stringify(wTypes ?? 'any')} to ${JSON.stringify(rTypes)}`));
    }

    if (Array.isArray(R.enum)) {
      const allowed = new Set(R.enum.map(canonicalOf));
      const missing = Array.isArray(W.enum) ? W.enum.filter((v) => !allowed.has(canonicalOf(v))) : ['(any value)'];
      if (missing.length) problems.push(this.problem('ENUM_ARRAY_NARROWED', `${path}/enum`, `The enum at '${path}' no longer allows ${missing.map((m) => JSON.stringify(m)).join(', ')}`));
    }

    for (const [key, tighter, stem] of BOUNDS) {
      const rv = R[key];
      const wv = W[key];
      if (rv === undefined) continue;
      if (wv === undefined) {
        problems.push(this.problem(`${stem}_ADDED`, `${path}/${key}`, `'${key}' was added at '${path}'`));
      } else if (tighter === 'different' ? rv !== wv : tighter === 'lower' ? Number(rv) < Number(wv) : Number(rv) > Number(wv)) {
        const verb = tighter === 'different' ? 'CHANGED' : tighter === 'lower' ? 'DECREASED' : 'INCREASED';
        problems.push(this.problem(`${stem}_${verb}`, `${path}/${key}`, `'${key}' at '${path}' went from ${JSON.stringify(wv)} to ${JSON.stringify(rv)}`));
      }
    }
    if (R.multipleOf !== undefined) {
      const ok = W.multipleOf !== undefined && Number.isInteger(Number(W.multipleOf) / Number(R.multipleOf));
      if (!ok) problems.push(this.problem(W.multipleOf === undefined ? 'MULTIPLE_OF_ADDED' : 'MULTIPLE_OF_CHANGED', `${path}/multipleOf`, `'multipleOf' at '${path}' is stricter in the ${this.sides.reader} schema`));
    }
    if (R.uniqueItems === true && W.uniqueItems !== true) problems.push(this.problem('UNIQUE_ITEMS_ADDED', `${path}/uniqueItems`, `'uniqueItems' was added at '${path}'`));

    const objectish = (s: Record<string, unknown>) => s.properties !== undefined || s.required !== undefined || s.additionalProperties !== undefined;
    if ((objectish(R) || objectish(W)) && (!shared || shared.includes('object'))) problems.push(...this.compareObjects(r, w, R, W, path));
    if (!Array.isArray(R.items) && !Array.isArray(W.items) && (R.items !== undefined || W.items !== undefined) && (!shared || shared.includes('array'))) {
      problems.push(...this.compare({ node: R.items ?? true, doc: r.doc }, { node: W.items ?? true, doc: w.doc }, `${path}/items`));
    }
    return problems;
  }

  private compareObjects(r: Located, w: Located, R: Record<string, unknown>, W: Record<string, unknown>, path: string): Incompatibility[] {
    const problems: Incompatibility[] = [];
    const rProps = isObject(R.properties) ? R.properties : {};
    const wProps = isObject(W.properties) ? W.properties : {};
    const rAdd = R.additionalProperties ?? true;
    const wAdd = W.additionalProperties ?? true;
    for (const [name, wSchema] of Object.entries(wProps)) {
      const at = `${path}/properties/${name}`;
      if (name in rProps) {
        problems.push(...this.compare({ node: rProps[name], doc: r.doc }, { node: wSchema, doc: w.doc }, at));
      } else if (rAdd === false) {
        problems.push(this.problem('PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', at, `The property '${name}' at '${path}' is missing from the ${this.sides.reader} schema, whose content model is closed`, name));
      } else if (isObject(rAdd) && this.compare({ node: rAdd, doc: r.doc }, { node: wSchema, doc: w.doc }, at).length) {
        problems.push(this.problem('PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', at, `The property '${name}' at '${path}' is missing from the ${this.sides.reader} schema and its additionalProperties cannot read it`, name));
      }
    }
    for (const [name, rSchema] of Object.entries(rProps)) {
      if (name in wProps) continue;
      const at = `${path}/properties/${name}`;
      if (wAdd === false) continue;
      if (isObject(wAdd)) {
        if (this.compare({ node: rSchema, doc: r.doc }, { node: wAdd, doc: w.doc }, at).length) {
          problems.push(this.problem('PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', at, `The property '${name}' at '${path}' is new in the ${this.sides.reader} schema and cannot read what the ${this.sides.writer} schema's additionalProperties allow`, name));
        }
      } else if (!(rSchema === true || (isObject(rSchema) && isUnconstrained(rSchema)))) {
        problems.push(this.problem('PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', at, `The property '${name}' at '${path}' is new in the ${this.sides.reader} schema, but the ${this.sides.writer} schema's content model is open, so its data may hold anything under that name`, name));
      }
    }
    const wRequired = new Set(Array.isArray(W.required) ? (W.required as string[]) : []);
    for (const name of Array.isArray(R.required) ? (R.required as string[]) : []) {
      if (wRequired.has(name)) continue;
      const type = name in wProps ? 'REQUIRED_ATTRIBUTE_ADDED' : 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL';
      problems.push(this.problem(type, `${path}/required`, `The property '${name}' at '${path}' is required by the ${this.sides.reader} schema but not by the ${this.sides.writer} schema`, name));
    }
    if (wAdd !== false) {
      if (rAdd === false) {
        problems.push(this.problem('ADDITIONAL_PROPERTIES_REMOVED', `${path}/additionalProperties`, `The ${this.sides.reader} schema closes the content model at '${path}' (additionalProperties: false)`));
      } else if (isObject(rAdd) && !isUnconstrained(rAdd)) {
        const narrowed = wAdd === true || this.compare({ node: rAdd, doc: r.doc }, { node: wAdd, doc: w.doc }, `${path}/additionalProperties`).length > 0;
        if (narrowed) problems.push(this.problem('ADDITIONAL_PROPERTIES_NARROWED', `${path}/additionalProperties`, `The ${this.sides.reader} schema narrows additionalProperties at '${path}'`));
      }
    }
    return problems;
  }

  private deref(parsed: ParsedJsonSchema, at: Located): Located {
    let current = at;
    for (let hops = 0; hops < 32 && isObject(current.node) && typeof current.node.$ref === 'string'; hops++) {
      const next = resolveRef(parsed, current.node.$ref, current.doc);
      if (!next) break;
      current = next;
    }
    return current;
  }

  private problem(errorType: string, path: string, description: string, additionalInfo?: string): Incompatibility {
    return { errorType, description, additionalInfo: additionalInfo ?? path };
  }
}

function isUnconstrained(node: Record<string, unknown>): boolean {
  return Object.keys(node).every((k) => ANNOTATIONS.has(k));
}

function typesOf(node: Record<string, unknown>): string[] | undefined {
  if (node.type === undefined) return undefined;
  return Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
}

function canonicalOf(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  return value;
}
