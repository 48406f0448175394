// What a registered schema says, for a person: its text pretty-printed, and a flat list of its fields (path,
// type, doc) for Avro and JSON Schema. Protobuf and anything unparsable get their text and no field list.

export interface SchemaField {
  /** Dotted path from the root: `legs[].venue`. */
  path: string;
  depth: number;
  type: string;
  doc: string;
  required: boolean;
}

const MAX_DEPTH = 12;
const MAX_FIELDS = 5000;

/** Avro and JSON schemas indented by two spaces; other text (Protobuf) as registered. */
export function prettySchema(schemaType: string, text: string): string {
  if (schemaType.toUpperCase() === 'PROTOBUF') return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The fields of an Avro or JSON schema, depth first; null when the type has no field list we can read. */
export function schemaFields(schemaType: string, text: string): SchemaField[] | null {
  const kind = schemaType.toUpperCase();
  if (kind !== 'AVRO' && kind !== 'JSON') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const out: SchemaField[] = [];
  if (kind === 'AVRO') avroFields(parsed, '', 0, out, new Set());
  else jsonFields(parsed, '', 0, out);
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** "string", "string?" for a union with null, "array<Leg>", "map<long>", "Side (enum)". */
function avroTypeName(t: unknown): string {
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) {
    const rest = t.filter((x) => x !== 'null');
    const name = rest.map(avroTypeName).join(' | ');
    return rest.length < t.length ? (rest.length === 1 ? `${name}?` : `null | ${name}`) : name;
  }
  if (isObj(t)) {
    const type = str(t.type);
    if (type === 'array') return `array<${avroTypeName(t.items)}>`;
    if (type === 'map') return `map<${avroTypeName(t.values)}>`;
    if (type === 'record' || type === 'enum' || type === 'fixed') return `${str(t.name) || type}${type === 'record' ? '' : ` (${type})`}`;
    if (typeof t.logicalType === 'string') return `${type} (${t.logicalType})`;
    return type || 'unknown';
  }
  return 'unknown';
}

/** The records nested in a field's type (through unions, arrays and maps), with the path suffix to reach them. */
function nestedRecords(t: unknown, suffix = ''): Array<{ record: Obj; suffix: string }> {
  if (Array.isArray(t)) return t.flatMap((x) => nestedRecords(x, suffix));
  if (!isObj(t)) return [];
  if (t.type === 'record') return [{ record: t, suffix }];
  if (t.type === 'array') return nestedRecords(t.items, `${suffix}[]`);
  if (t.type === 'map') return nestedRecords(t.values, `${suffix}{}`);
  return [];
}

function avroFields(node: unknown, prefix: string, depth: number, out: SchemaField[], seen: Set<string>): void {
  if (depth > MAX_DEPTH || out.length >= MAX_FIELDS) return;
  const roots = depth === 0 ? nestedRecords(node) : [];
  if (depth === 0 && roots.length === 0) return;
  const record = depth === 0 ? roots[0]!.record : (node as Obj);
  const name = str(record.name);
  // A record that refers to itself (a linked list, a tree) is listed once.
  if (name && seen.has(name)) return;
  const inner = new Set(seen);
  if (name) inner.add(name);
  for (const f of Array.isArray(record.fields) ? record.fields : []) {
    if (!isObj(f) || out.length >= MAX_FIELDS) continue;
    const path = prefix ? `${prefix}.${str(f.name)}` : str(f.name);
    const optional = Array.isArray(f.type) && f.type.includes('null');
    out.push({ path, depth, type: avroTypeName(f.type), doc: str(f.doc), required: !optional && !('default' in f) });
    for (const nested of nestedRecords(f.type)) avroFields(nested.record, `${path}${nested.suffix}`, depth + 1, out, inner);
  }
}

function jsonTypeName(s: Obj): string {
  const t = s.type;
  let name = Array.isArray(t) ? t.filter((x) => typeof x === 'string').join(' | ') : str(t);
  if (!name && typeof s.$ref === 'string') name = s.$ref.replace(/^#\/(definitions|\$defs)\//, '');
  if (!name && Array.isArray(s.enum)) name = 'enum';
  if (!name) name = ['oneOf', 'anyOf', 'allOf'].find((k) => Array.isArray(s[k])) ?? 'any';
  if (name === 'array' && isObj(s.items)) name = `array<${jsonTypeName(s.items)}>`;
  if (typeof s.format === 'string') name += ` (${s.format})`;
  return name;
}

function jsonFields(node: unknown, prefix: string, depth: number, out: SchemaField[]): void {
  if (depth > MAX_DEPTH || !isObj(node) || out.length >= MAX_FIELDS) return;
  const target = node.type === 'array' && isObj(node.items) ? node.items : node;
  const suffix = target === node ? '' : '[]';
  if (!isObj(target.properties)) return;
  const required = new Set(Array.isArray(target.required) ? target.required.filter((r): r is string => typeof r === 'string') : []);
  for (const [name, sub] of Object.entries(target.properties)) {
    if (out.length >= MAX_FIELDS) return;
    const path = `${prefix}${suffix}${prefix || suffix ? '.' : ''}${name}`;
    const s = isObj(sub) ? sub : {};
    out.push({ path, depth, type: jsonTypeName(s), doc: str(s.description) || str(s.title), required: required.has(name) });
    jsonFields(s, path, depth + 1, out);
  }
}
