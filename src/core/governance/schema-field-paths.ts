// The field paths of an Avro or JSON Schema value schema ("UserProfile.address.city"), which the PII rule
// matches against the names of personal data.
import { parseAvroSchema, shortName, type AvroNode } from './avro-schema.ts';

export interface SchemaField {
  /** From the root record (or "$" for JSON Schema) down to the field. */
  path: string;
  /** The field's own name. */
  name: string;
}

export function schemaFieldPaths(format: string, schemaText: string): SchemaField[] {
  if (format === 'AVRO') return avroFields(parseAvroSchema(schemaText, 'registered'));
  if (format === 'JSON') return jsonFields(JSON.parse(schemaText) as unknown);
  return [];
}

function avroFields(root: AvroNode): SchemaField[] {
  const out: SchemaField[] = [];
  const seen = new Set<AvroNode>();
  const walk = (node: AvroNode, path: string): void => {
    if (node.kind === 'union') return node.branches.forEach((b) => walk(b, path));
    if (node.kind === 'array') return walk(node.items, path);
    if (node.kind === 'map') return walk(node.values, path);
    if (node.kind !== 'record' || seen.has(node)) return;
    seen.add(node);
    for (const f of node.fields) {
      const at = `${path}.${f.name}`;
      out.push({ path: at, name: f.name });
      walk(f.type, at);
    }
    seen.delete(node);
  };
  walk(root, root.kind === 'record' ? shortName(root.name) : '');
  return out;
}

function jsonFields(root: unknown): SchemaField[] {
  const out: SchemaField[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const resolve = (ref: string): unknown => ref.startsWith('#') ? ref.slice(2).split('/').reduce<unknown>((n, k) => (isObj(n) ? n[k] : undefined), root) : undefined;
  const walk = (node: unknown, path: string, depth: number): void => {
    if (!isObj(node) || depth > 32) return;
    if (typeof node.$ref === 'string') return walk(resolve(node.$ref), path, depth + 1);
    if (isObj(node.properties)) {
      for (const [name, sub] of Object.entries(node.properties)) {
        out.push({ path: `${path}.${name}`, name });
        walk(sub, `${path}.${name}`, depth + 1);
      }
    }
    if (node.items !== undefined) walk(node.items, path, depth + 1);
    for (const k of ['oneOf', 'anyOf', 'allOf']) if (Array.isArray(node[k])) (node[k] as unknown[]).forEach((s) => walk(s, path, depth + 1));
  };
  walk(root, isObj(root) && typeof root.title === 'string' && root.title ? root.title : '$', 0);
  return out;
}
