// The JSON Schema half of the semantic diff: walks the current and proposed schemas side by side (following
// local $refs) and classifies each change by whether a document valid under the proposed schema can be
// invalid under the current one (see schema-diff.ts).
import { TributaryError } from '../errors.ts';
import type { ChangeClass, ChangeKind, SchemaChange } from './schema-diff.ts';

type Obj = Record<string, unknown>;
const TYPES = ['null', 'boolean', 'object', 'array', 'number', 'integer', 'string'];
const DOC_KEYS = ['title', 'description', '$comment', 'examples', 'deprecated', 'readOnly', 'writeOnly'];
/** Keywords compared as opaque values: any change breaks (their semantics are not reasoned about). */
const OPAQUE = ['oneOf', 'anyOf', 'allOf', 'not', 'if', 'then', 'else', 'const', 'patternProperties', 'dependencies', 'dependentRequired', 'dependentSchemas', 'prefixItems', 'additionalItems', 'contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems'];
/** [keyword, which direction is tighter]. */
const BOUNDS: Array<[string, 'lower' | 'higher' | 'different']> = [
  ['maxLength', 'lower'],
  ['minLength', 'higher'],
  ['pattern', 'different'],
  ['format', 'different'],
  ['maximum', 'lower'],
  ['minimum', 'higher'],
  ['exclusiveMaximum', 'lower'],
  ['exclusiveMinimum', 'higher'],
  ['maxItems', 'lower'],
  ['minItems', 'higher'],
  ['maxProperties', 'lower'],
  ['minProperties', 'higher'],
];
const ANNOTATIONS = new Set([...DOC_KEYS, 'default', '$id', 'id', '$schema', 'definitions', '$defs']);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function canonical(v: unknown): string {
  const sort = (x: unknown): unknown => (Array.isArray(x) ? x.map(sort) : isObj(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort(x[k])])) : x);
  return v === undefined ? '' : JSON.stringify(sort(v));
}

function unconstrained(node: unknown): boolean {
  return node === true || (isObj(node) && Object.keys(node).every((k) => ANNOTATIONS.has(k)));
}

function parse(text: string, side: string): unknown {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (err) {
    throw new TributaryError('Invalid', `The ${side} schema is not JSON: ${(err as Error).message}`);
  }
  const fail = (at: string, problem: string): never => {
    throw new TributaryError('Invalid', `The ${side} schema is not a valid JSON Schema: at ${at}, ${problem}`);
  };
  const check = (node: unknown, at: string): void => {
    if (typeof node === 'boolean') return;
    if (!isObj(node)) return fail(at, 'a schema is an object or true/false');
    if (node.type !== undefined) {
      for (const t of Array.isArray(node.type) ? node.type : [node.type]) if (typeof t !== 'string' || !TYPES.includes(t)) fail(`${at}/type`, `${JSON.stringify(t)} is not a JSON Schema type (${TYPES.join(', ')})`);
    }
    if (node.required !== undefined && (!Array.isArray(node.required) || node.required.some((r) => typeof r !== 'string'))) fail(`${at}/required`, 'required is an array of property names');
    if (node.enum !== undefined && !Array.isArray(node.enum)) fail(`${at}/enum`, 'enum is an array of values');
    if (node.$ref !== undefined && (typeof node.$ref !== 'string' || resolve(root, node.$ref) === undefined)) fail(`${at}/$ref`, `${JSON.stringify(node.$ref)} is not a pointer into this schema (#/definitions/… or #/$defs/…)`);
    for (const key of ['properties', 'definitions', '$defs', 'patternProperties']) {
      if (node[key] === undefined) continue;
      if (!isObj(node[key])) fail(`${at}/${key}`, `${key} is an object of schemas`);
      for (const [k, v] of Object.entries(node[key] as Obj)) check(v, `${at}/${key}/${k}`);
    }
    for (const key of ['additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'additionalItems']) if (node[key] !== undefined) check(node[key], `${at}/${key}`);
    if (Array.isArray(node.items)) node.items.forEach((v, i) => check(v, `${at}/items/${i}`));
    else if (node.items !== undefined) check(node.items, `${at}/items`);
    for (const key of ['oneOf', 'anyOf', 'allOf']) {
      if (node[key] === undefined) continue;
      if (!Array.isArray(node[key]) || (node[key] as unknown[]).length === 0) fail(`${at}/${key}`, `${key} is a non-empty array of schemas`);
      (node[key] as unknown[]).forEach((v, i) => check(v, `${at}/${key}/${i}`));
    }
  };
  check(root, '#');
  return root;
}

function resolve(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObj(node) && !Array.isArray(node)) return undefined;
    node = Array.isArray(node) ? node[Number(key)] : node[key];
    if (node === undefined) return undefined;
  }
  return node;
}

function typesOf(node: Obj): string[] | undefined {
  if (node.type === undefined) return undefined;
  return Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
}

export function diffJsonSchema(before: string, after: string): SchemaChange[] {
  // The proposal first: when both are wrong, the one being edited is the one to hear about.
  const newRoot = parse(after, 'proposed');
  const oldRoot = parse(before, 'current');
  const changes: SchemaChange[] = [];
  const stack = new Set<string>();
  const deref = (root: unknown, node: unknown): unknown => {
    for (let hops = 0; hops < 32 && isObj(node) && typeof node.$ref === 'string'; hops++) node = resolve(root, node.$ref);
    return node;
  };

  /** The changes between two sub-schemas, without recording them (used to judge a property against additionalProperties). */
  function breaks(o: unknown, n: unknown, path: string): boolean {
    const saved = changes.length;
    walk(o, n, path);
    const found = changes.splice(saved);
    return found.some((c) => c.classification === 'breaking');
  }

  function walk(o0: unknown, n0: unknown, path: string): void {
    const add = (kind: ChangeKind, classification: ChangeClass, detail: string, at = path) => void changes.push({ path: at, kind, classification, detail });
    const o1 = deref(oldRoot, o0);
    const n1 = deref(newRoot, n0);
    if (o1 === false && n1 === false) return;
    if (n1 === false) return add('constraint-tightened', 'non-breaking', 'the proposed schema accepts nothing here');
    if (o1 === false) return add('constraint-loosened', 'breaking', 'the current schema accepts nothing here, the proposed one does');
    const O: Obj = isObj(o1) ? o1 : {};
    const N: Obj = isObj(n1) ? n1 : {};
    const key = `${canonical(O)}\u0000${canonical(N)}`;
    if (stack.has(key)) return;
    stack.add(key);
    try {
      compare(O, N, path, add);
    } finally {
      stack.delete(key);
    }
  }

  function compare(O: Obj, N: Obj, path: string, add: (kind: ChangeKind, classification: ChangeClass, detail: string, at?: string) => void): void {
    for (const k of DOC_KEYS) if (canonical(O[k]) !== canonical(N[k])) add('doc-changed', 'doc', `"${k}" changes`);
    if (O.default === undefined && N.default !== undefined) add('default-added', 'non-breaking', `a default ${JSON.stringify(N.default)} is added (an annotation; validation ignores it)`);
    else if (O.default !== undefined && N.default === undefined) add('default-removed', 'non-breaking', `the default ${JSON.stringify(O.default)} is removed`);
    else if (canonical(O.default) !== canonical(N.default)) add('default-changed', 'non-breaking', `the default changes from ${JSON.stringify(O.default)} to ${JSON.stringify(N.default)}`);

    for (const k of OPAQUE) if (canonical(O[k]) !== canonical(N[k])) add('keyword-changed', 'breaking', `"${k}" changes; Tributary does not reason about it, so any change counts as breaking`);

    // Types: a document of a type the current schema does not accept breaks its consumers.
    const oT = typesOf(O);
    const nT = typesOf(N);
    const all = nT ?? TYPES;
    const readable = (t: string) => !oT || oT.includes(t) || (t === 'integer' && oT.includes('number'));
    const gained = all.filter((t) => !readable(t));
    const lost = oT && nT ? oT.filter((t) => !nT.includes(t) && !(t === 'number' && nT.includes('integer'))) : [];
    const narrowedToInteger = oT?.includes('number') && nT?.includes('integer') && !nT.includes('number');
    const overlap = !oT || all.some(readable) || (all.includes('number') && oT.includes('integer'));
    if (!overlap) {
      add('type-changed', 'breaking', `the type changes from ${JSON.stringify(oT)} to ${JSON.stringify(nT)}; no value of the proposed type is valid for current consumers`);
    } else if (oT && !nT) {
      add('type-widened', 'breaking', `the type restriction (${oT.join(', ')}) is dropped; current consumers reject values of other types`);
    } else {
      for (const t of gained) add(t === 'null' ? 'nullable-added' : 'type-widened', 'breaking', t === 'null' ? 'the value may now be null, which the current schema rejects' : `values of type ${t} become valid, but the current schema accepts only ${oT!.join(', ')}`);
      for (const t of lost) add(t === 'null' ? 'nullable-removed' : 'type-narrowed', 'non-breaking', t === 'null' ? 'the value can no longer be null' : `values of type ${t} are no longer valid; current consumers still accept what remains`);
      if (narrowedToInteger) add('type-narrowed', 'non-breaking', 'number narrows to integer; every integer is a number for current consumers');
      if (!oT && nT) add('type-narrowed', 'non-breaking', `the type is restricted to ${nT.join(', ')}`);
    }

    // Enums.
    if (Array.isArray(O.enum) && Array.isArray(N.enum)) {
      const oldValues = new Set(O.enum.map(canonical));
      const newValues = new Set(N.enum.map(canonical));
      for (const v of N.enum.filter((x) => !oldValues.has(canonical(x)))) add('enum-symbol-added', 'breaking', `the value ${JSON.stringify(v)} becomes valid; current consumers reject it`);
      for (const v of O.enum.filter((x) => !newValues.has(canonical(x)))) add('enum-symbol-removed', 'non-breaking', `the value ${JSON.stringify(v)} is no longer valid`);
    } else if (Array.isArray(O.enum)) {
      add('constraint-loosened', 'breaking', `the enum ${JSON.stringify(O.enum)} is dropped; any value becomes valid, current consumers accept only the listed ones`);
    } else if (Array.isArray(N.enum)) {
      add('constraint-tightened', 'non-breaking', `an enum ${JSON.stringify(N.enum)} is added`);
    }

    // Bounds: tighter in the proposal is safe for current consumers, looser is not.
    for (const [k, tighter] of BOUNDS) {
      const ov = O[k];
      const nv = N[k];
      if (canonical(ov) === canonical(nv)) continue;
      if (ov === undefined) add('constraint-tightened', 'non-breaking', `"${k}": ${JSON.stringify(nv)} is added`);
      else if (nv === undefined) add('constraint-loosened', 'breaking', `"${k}": ${JSON.stringify(ov)} is removed; current consumers still enforce it`);
      else if (tighter === 'different') add('keyword-changed', 'breaking', `"${k}" changes from ${JSON.stringify(ov)} to ${JSON.stringify(nv)}; current consumers still enforce the old one`);
      else if (tighter === 'lower' ? Number(nv) < Number(ov) : Number(nv) > Number(ov)) add('constraint-tightened', 'non-breaking', `"${k}" tightens from ${JSON.stringify(ov)} to ${JSON.stringify(nv)}`);
      else add('constraint-loosened', 'breaking', `"${k}" loosens from ${JSON.stringify(ov)} to ${JSON.stringify(nv)}; current consumers still enforce ${JSON.stringify(ov)}`);
    }
    if (canonical(O.multipleOf) !== canonical(N.multipleOf)) {
      const ok = O.multipleOf === undefined || (N.multipleOf !== undefined && Number.isInteger(Number(N.multipleOf) / Number(O.multipleOf)));
      add(ok ? 'constraint-tightened' : 'constraint-loosened', ok ? 'non-breaking' : 'breaking', `"multipleOf" changes from ${JSON.stringify(O.multipleOf)} to ${JSON.stringify(N.multipleOf)}`);
    }
    if ((O.uniqueItems === true) !== (N.uniqueItems === true)) add(O.uniqueItems === true ? 'constraint-loosened' : 'constraint-tightened', O.uniqueItems === true ? 'breaking' : 'non-breaking', `"uniqueItems" is ${O.uniqueItems === true ? 'dropped' : 'added'}`);

    const objectish = (s: Obj) => s.properties !== undefined || s.required !== undefined || s.additionalProperties !== undefined;
    if (objectish(O) || objectish(N)) compareObjects(O, N, path, add);

    if (Array.isArray(O.items) || Array.isArray(N.items)) {
      if (canonical(O.items) !== canonical(N.items)) add('keyword-changed', 'breaking', '"items" as a tuple changes; any change to it counts as breaking');
    } else if (O.items !== undefined || N.items !== undefined) {
      walk(O.items ?? true, N.items ?? true, `${path}[]`);
    }
  }

  function compareObjects(O: Obj, N: Obj, path: string, add: (kind: ChangeKind, classification: ChangeClass, detail: string, at?: string) => void): void {
    const oProps = isObj(O.properties) ? O.properties : {};
    const nProps = isObj(N.properties) ? N.properties : {};
    const oAdd = O.additionalProperties ?? true;
    const nAdd = N.additionalProperties ?? true;
    const at = (name: string) => `${path}.${name}`;
    const oReq = new Set(Array.isArray(O.required) ? (O.required as string[]) : []);
    const nReq = new Set(Array.isArray(N.required) ? (N.required as string[]) : []);

    const added = Object.keys(nProps).filter((k) => !(k in oProps));
    const removed = Object.keys(oProps).filter((k) => !(k in nProps));
    const addedBreaks = (name: string) => oAdd === false || (isObj(oAdd) && breaks(oAdd, nProps[name], at(name)));
    const removedBreaks = (name: string) => (nAdd === false ? false : isObj(nAdd) ? breaks(oProps[name], nAdd, at(name)) : !unconstrained(deref(oldRoot, oProps[name])));
    const addedWhy = (name: string, breaking: boolean) =>
      breaking ? (oAdd === false ? 'the current schema is closed (additionalProperties: false), so current consumers reject documents with it' : 'the current schema\'s additionalProperties do not accept its values') : 'current consumers accept it as an additional property';
    const removedWhy = (breaking: boolean) =>
      breaking ? 'the proposed schema stays open, so new documents may hold anything under that name while current consumers still validate it' : nAdd === false ? 'the proposed schema is closed, so new documents never carry it' : 'current consumers accept what may appear in its place';

    // A property removed and another added at the same position with the same schema reads as a rename.
    const oKeys = Object.keys(oProps);
    const nKeys = Object.keys(nProps);
    const renames = new Map<string, string>();
    for (const name of added) {
      const i = nKeys.indexOf(name);
      const was = oKeys[i];
      if (was !== undefined && removed.includes(was) && ![...renames.values()].includes(was) && canonical(oProps[was]) === canonical(nProps[name])) renames.set(name, was);
    }
    for (const [name, was] of renames) {
      const breaking = addedBreaks(name) || removedBreaks(was) || oReq.has(was);
      add('field-renamed', breaking ? 'breaking' : 'non-breaking', `renamed to "${name}" (same position and schema)${breaking ? `; current consumers still expect "${was}"` : ''}`, at(was));
    }
    for (const name of added) {
      if (renames.has(name)) continue;
      const breaking = addedBreaks(name);
      add('field-added', breaking ? 'breaking' : 'non-breaking', `a property is added; ${addedWhy(name, breaking)}`, at(name));
    }
    for (const name of removed) {
      if ([...renames.values()].includes(name)) continue;
      const breaking = removedBreaks(name);
      add('field-removed', breaking ? 'breaking' : 'non-breaking', `the property is removed; ${removedWhy(breaking)}`, at(name));
    }
    for (const name of Object.keys(nProps)) if (name in oProps) walk(oProps[name], nProps[name], at(name));

    for (const name of nReq) if (!oReq.has(name) && !renames.has(name)) add('required-added', 'non-breaking', `"${name}" becomes required; current consumers accept documents that have it`, at(name));
    for (const name of oReq) if (!nReq.has(name) && ![...renames.values()].includes(name)) add('required-removed', 'breaking', `"${name}" is no longer required; current consumers reject documents without it`, at(name));

    if (oAdd === false && nAdd !== false) add('additional-properties-opened', 'breaking', 'the object is opened (additionalProperties no longer false); current consumers reject documents with extra properties', path);
    else if (oAdd !== false && nAdd === false) add('additional-properties-closed', 'non-breaking', 'the object is closed (additionalProperties: false)', path);
    else if (isObj(oAdd) || isObj(nAdd)) {
      if (unconstrained(oAdd) && !unconstrained(nAdd)) add('constraint-tightened', 'non-breaking', 'additionalProperties gets a schema', `${path}{}`);
      else if (!unconstrained(oAdd) && unconstrained(nAdd)) add('constraint-loosened', 'breaking', 'additionalProperties loses its schema; current consumers still enforce it', `${path}{}`);
      else if (isObj(oAdd) && isObj(nAdd)) walk(oAdd, nAdd, `${path}{}`);
    }
  }

  const rootName = isObj(oldRoot) && typeof oldRoot.title === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(oldRoot.title) ? oldRoot.title : '$';
  walk(oldRoot, newRoot, rootName);
  return changes;
}
