// The Avro half of the semantic diff: walks the current and proposed schemas side by side and classifies each
// change by Avro's schema resolution with the current schema as reader (see schema-diff.ts for why).
import { describeAvro, parseAvroSchema, shortName, type AvroField, type AvroNode } from './avro-schema.ts';
import type { ChangeClass, ChangeKind, SchemaChange } from './schema-diff.ts';

/** Writer type → reader types that can read it, from the Avro specification's promotions. */
const PROMOTIONS: Record<string, string[]> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};
const WIDENING = ['int', 'long', 'float', 'double'];

function namesMatch(reader: { name: string; aliases: string[] }, writer: { name: string }): boolean {
  return shortName(reader.name) === shortName(writer.name) || reader.aliases.some((a) => shortName(a) === shortName(writer.name));
}

/** Whether data written with `writer` resolves against `reader` (Avro's rules, names compared unqualified). */
export function avroCanRead(reader: AvroNode, writer: AvroNode, seen = new Set<string>()): boolean {
  if (writer.kind === 'union') return writer.branches.every((b) => avroCanRead(reader, b, seen));
  if (reader.kind === 'union') return reader.branches.some((b) => avroCanRead(b, writer, new Set(seen)));
  if (reader.kind !== writer.kind) return false;
  switch (reader.kind) {
    case 'primitive': {
      const w = (writer as typeof reader).name;
      return reader.name === w || (PROMOTIONS[w]?.includes(reader.name) ?? false);
    }
    case 'record': {
      const w = writer as typeof reader;
      if (!namesMatch(reader, w)) return false;
      const key = `${reader.name}\u0000${w.name}`;
      if (seen.has(key)) return true;
      seen.add(key);
      return reader.fields.every((f) => {
        const match = w.fields.find((x) => x.name === f.name) ?? w.fields.find((x) => f.aliases.includes(x.name));
        return match ? avroCanRead(f.type, match.type, seen) : f.hasDefault;
      });
    }
    case 'enum': {
      const w = writer as typeof reader;
      return namesMatch(reader, w) && (reader.default !== undefined || w.symbols.every((s) => reader.symbols.includes(s)));
    }
    case 'fixed': {
      const w = writer as typeof reader;
      return namesMatch(reader, w) && reader.size === w.size;
    }
    case 'array':
      return avroCanRead(reader.items, (writer as typeof reader).items, seen);
    case 'map':
      return avroCanRead(reader.values, (writer as typeof reader).values, seen);
  }
}

/** Two union branches are "the same branch" when they are the same primitive or the same named type. */
function branchKey(node: AvroNode): string {
  if (node.kind === 'primitive') return node.name;
  if (node.kind === 'record' || node.kind === 'enum' || node.kind === 'fixed') return `${node.kind}:${shortName(node.name)}`;
  return node.kind;
}

function sameShape(a: AvroNode, b: AvroNode): boolean {
  return describeAvro(a) === describeAvro(b);
}

function json(v: unknown): string {
  return JSON.stringify(v);
}

export function diffAvro(before: string, after: string): SchemaChange[] {
  // The proposal first: when both are wrong, the one being edited is the one to hear about.
  const newRoot = parseAvroSchema(after, 'proposed');
  const oldRoot = parseAvroSchema(before, 'current');
  const changes: SchemaChange[] = [];
  const add = (path: string, kind: ChangeKind, classification: ChangeClass, detail: string) => changes.push({ path: path || '(root)', kind, classification, detail });
  const seen = new Set<string>();

  function walk(o: AvroNode, n: AvroNode, path: string): void {
    if (o.kind === 'union' || n.kind === 'union') return walkUnion(o, n, path);
    if (o.kind !== n.kind) {
      const breaking = !avroCanRead(o, n);
      add(path, 'type-changed', breaking ? 'breaking' : 'non-breaking', `the type changes from ${describeAvro(o)} to ${describeAvro(n)}${breaking ? '; consumers on the current schema cannot read it' : ''}`);
      return;
    }
    switch (o.kind) {
      case 'primitive':
        return walkPrimitive(o, n as typeof o, path);
      case 'record':
        return walkRecord(o, n as typeof o, path);
      case 'enum':
        return walkEnum(o, n as typeof o, path);
      case 'fixed': {
        const nf = n as typeof o;
        walkName(o, nf, path);
        if (o.size !== nf.size) add(path, 'type-changed', 'breaking', `the fixed size changes from ${o.size} to ${nf.size} bytes; consumers on the current schema cannot read it`);
        if (o.logicalType !== nf.logicalType) walkLogical(o.logicalType, nf.logicalType, path);
        return;
      }
      case 'array':
        return walk(o.items, (n as typeof o).items, `${path}[]`);
      case 'map':
        return walk(o.values, (n as typeof o).values, `${path}{}`);
    }
  }

  function walkPrimitive(o: AvroNode & { kind: 'primitive' }, n: AvroNode & { kind: 'primitive' }, path: string): void {
    if (o.name !== n.name) {
      const oi = WIDENING.indexOf(o.name);
      const ni = WIDENING.indexOf(n.name);
      if (oi >= 0 && ni >= 0) {
        if (ni > oi) add(path, 'type-widened', 'breaking', `${o.name} widens to ${n.name}: consumers on the current schema read ${o.name} and cannot take ${n.name} values`);
        else add(path, 'type-narrowed', 'non-breaking', `${o.name} narrows to ${n.name}: current readers promote ${n.name} to ${o.name}; readers on the proposed schema cannot read older ${o.name} records`);
      } else if (PROMOTIONS[n.name]?.includes(o.name)) {
        add(path, 'type-changed', 'non-breaking', `${o.name} becomes ${n.name}; Avro reads one as the other`);
      } else {
        add(path, 'type-changed', 'breaking', `the type changes from ${o.name} to ${n.name}; consumers on the current schema cannot read it`);
      }
    }
    if (o.logicalType !== n.logicalType) walkLogical(o.logicalType, n.logicalType, path);
  }

  function walkLogical(o: string, n: string, path: string): void {
    if (o && n) add(path, 'logical-type-changed', 'breaking', `the logical type changes from ${o} to ${n}: the values still decode but mean something else (the registry does not check this)`);
    else add(path, 'logical-type-changed', 'non-breaking', n ? `the logical type ${n} is added; current readers see the plain type` : `the logical type ${o} is removed; values keep their plain type`);
  }

  function walkName(o: { name: string; aliases: string[] }, n: { name: string; aliases: string[] }, path: string): void {
    if (shortName(o.name) !== shortName(n.name)) {
      const breaking = !namesMatch(o, n);
      add(path, 'name-changed', breaking ? 'breaking' : 'non-breaking', `the type is renamed from ${o.name} to ${n.name}${breaking ? '; consumers on the current schema resolve types by name and do not know the new one' : ', which the current schema lists as an alias'}`);
    } else if (o.name !== n.name) {
      add(path, 'name-changed', 'non-breaking', `the namespace changes (${o.name} → ${n.name}); Avro compares names without namespaces`);
    }
    if (json([...o.aliases].sort()) !== json([...n.aliases].sort())) add(path, 'aliases-changed', 'non-breaking', `the aliases change from ${json(o.aliases)} to ${json(n.aliases)}; they only help readers on the proposed schema`);
  }

  function walkRecord(o: AvroNode & { kind: 'record' }, n: AvroNode & { kind: 'record' }, path: string): void {
    const key = `${o.name}\u0000${n.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    walkName(o, n, path);
    if (o.doc !== n.doc) add(path, 'doc-changed', 'doc', `the record's documentation changes`);
    const at = (f: string) => (path ? `${path}.${f}` : f);

    const matched = new Map<AvroField, AvroField>();
    const renamed = new Map<AvroField, { from: AvroField; how: string }>();
    for (const nf of n.fields) {
      const byName = o.fields.find((f) => f.name === nf.name);
      if (byName) matched.set(nf, byName);
    }
    const oldTaken = () => new Set([...matched.values(), ...[...renamed.values()].map((r) => r.from)]);
    for (const nf of n.fields) {
      if (matched.has(nf)) continue;
      const byAlias = o.fields.find((f) => nf.aliases.includes(f.name) && !oldTaken().has(f));
      if (byAlias) renamed.set(nf, { from: byAlias, how: `the proposed field lists "${byAlias.name}" as an alias` });
    }
    // A field removed and another added at the same position with the same type reads as a rename.
    n.fields.forEach((nf, i) => {
      if (matched.has(nf) || renamed.has(nf)) return;
      const of = o.fields[i];
      if (of && !oldTaken().has(of) && !n.fields.some((x) => x.name === of.name) && sameShape(of.type, nf.type)) renamed.set(nf, { from: of, how: 'same position and type, no alias' });
    });
    const taken = oldTaken();

    for (const of of o.fields) {
      if (taken.has(of)) continue;
      add(at(of.name), 'field-removed', of.hasDefault ? 'non-breaking' : 'breaking', of.hasDefault ? `the field is removed; consumers on the current schema read its default ${json(of.default)} instead` : `the field is removed and has no default in the current schema, so consumers on it cannot read the new records`);
    }
    for (const nf of n.fields) {
      const pair = matched.get(nf);
      if (pair) {
        walkField(pair, nf, at(nf.name));
        continue;
      }
      const rename = renamed.get(nf);
      if (rename) {
        const of = rename.from;
        add(at(of.name), 'field-renamed', of.hasDefault ? 'non-breaking' : 'breaking', `renamed to "${nf.name}" (${rename.how}); ${of.hasDefault ? `consumers on the current schema no longer find "${of.name}" and read its default ${json(of.default)}` : `consumers on the current schema still look for "${of.name}", which has no default there, so they cannot read the new records`}`);
        walkField(of, nf, at(nf.name));
        continue;
      }
      add(at(nf.name), 'field-added', 'non-breaking', nf.hasDefault ? `a field of type ${describeAvro(nf.type)} with default ${json(nf.default)} is added; consumers on the current schema skip it` : `a field of type ${describeAvro(nf.type)} is added without a default; consumers on the current schema skip it, but readers on the proposed schema cannot read older records`);
    }
  }

  function walkField(of: AvroField, nf: AvroField, path: string): void {
    if (of.doc !== nf.doc) add(path, 'doc-changed', 'doc', `the field's documentation changes`);
    if (of.hasDefault && !nf.hasDefault) add(path, 'default-removed', 'non-breaking', `the default ${json(of.default)} is removed; only readers on the proposed schema of records without the field are affected`);
    else if (!of.hasDefault && nf.hasDefault) add(path, 'default-added', 'non-breaking', `a default ${json(nf.default)} is added`);
    else if (of.hasDefault && json(of.default) !== json(nf.default)) add(path, 'default-changed', 'non-breaking', `the default changes from ${json(of.default)} to ${json(nf.default)}`);
    if (json([...of.aliases].sort()) !== json([...nf.aliases].sort()) && !nf.aliases.includes(of.name)) add(path, 'aliases-changed', 'non-breaking', `the field's aliases change from ${json(of.aliases)} to ${json(nf.aliases)}`);
    walk(of.type, nf.type, path);
  }

  function walkEnum(o: AvroNode & { kind: 'enum' }, n: AvroNode & { kind: 'enum' }, path: string): void {
    walkName(o, n, path);
    if (o.doc !== n.doc) add(path, 'doc-changed', 'doc', `the enum's documentation changes`);
    for (const s of n.symbols.filter((x) => !o.symbols.includes(x))) {
      const absorbed = o.default !== undefined;
      add(path, 'enum-symbol-added', absorbed ? 'non-breaking' : 'breaking', absorbed ? `symbol ${s} is added; consumers on the current schema read it as the enum default ${o.default}` : `symbol ${s} is added; consumers on the current schema do not know it and the enum has no default there`);
    }
    for (const s of o.symbols.filter((x) => !n.symbols.includes(x))) add(path, 'enum-symbol-removed', 'non-breaking', `symbol ${s} is removed; new records never carry it`);
    if (o.default !== n.default) add(path, 'enum-default-changed', 'non-breaking', `the enum default changes from ${json(o.default ?? null)} to ${json(n.default ?? null)}`);
  }

  function walkUnion(o: AvroNode, n: AvroNode, path: string): void {
    const ob = o.kind === 'union' ? o.branches : [o];
    const nb = n.kind === 'union' ? n.branches : [n];
    const pairs: Array<[AvroNode, AvroNode]> = [];
    for (const b of nb) {
      const same = ob.find((x) => branchKey(x) === branchKey(b));
      if (same) {
        pairs.push([same, b]);
        continue;
      }
      const readable = avroCanRead(o, b);
      const kind: ChangeKind = b.kind === 'primitive' && b.name === 'null' ? 'nullable-added' : o.kind === 'union' ? 'union-branch-added' : 'type-changed';
      const what = kind === 'nullable-added' ? 'the value may now be null' : `${describeAvro(b)} is added as a possible type`;
      add(path, kind, readable ? 'non-breaking' : 'breaking', `${what}${readable ? '; consumers on the current schema can read it' : '; consumers on the current schema cannot read such values'}`);
    }
    for (const b of ob) {
      if (nb.some((x) => branchKey(x) === branchKey(b))) continue;
      const kind: ChangeKind = b.kind === 'primitive' && b.name === 'null' ? 'nullable-removed' : 'union-branch-removed';
      add(path, kind, 'non-breaking', kind === 'nullable-removed' ? 'the value can no longer be null; consumers on the current schema still read it' : `${describeAvro(b)} is no longer a possible type; readers on the proposed schema cannot read older values of it`);
    }
    for (const [a, b] of pairs) walk(a, b, path);
  }

  walk(oldRoot, newRoot, oldRoot.kind === 'record' ? shortName(oldRoot.name) : '');
  return changes;
}
