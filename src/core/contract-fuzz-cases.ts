// Hostile calls for the contract fuzz tests of both faces (the in-process/IPC binding and the web host's
// WebSocket): a valid sample input per call, mutated by a seeded generator into wrong types, missing fields,
// 1 MB strings, deep nesting, prototype-pollution keys, non-finite numbers and unknown methods. Same seed, same calls.
import { contract, type Method } from './contract.ts';

import { seededRandom } from './seeded-random.ts';

export interface FuzzTargets {
  /** A saved profile whose bootstrap and URLs all point at a closed port, so cluster calls fail fast and by name. */
  profileId: string;
  closedBootstrap: string;
  closedUrl: string;
}

/** A valid input per call; calls the table does not know yet are fuzzed from a generic base. */
export function validSamples(t: FuzzTargets): Partial<Record<Method, unknown>> {
  const profileId = t.profileId;
  const product = { id: 'fuzz.orders', name: 'Fuzz orders', domain: 'fuzz', owner: { team: 'fuzzers', email: 'fuzz@example.com' }, outputPorts: [{ topic: 'fuzz.orders.v1' }] };
  const node = { kind: 'topic', name: 'fuzz.orders.v1' };
  return {
    'app.info': {},
    'profiles.list': {},
    'profiles.save': { name: 'fuzz profile', bootstrap: t.closedBootstrap, registryUrl: t.closedUrl, connectUrl: t.closedUrl, ksqldbUrl: t.closedUrl, security: { protocol: 'SASL_SSL', saslMechanism: 'scram-sha-512', username: 'fuzz', caPem: '', clientCertPem: '', rejectUnauthorized: true }, secrets: { saslPassword: 'fuzz-password' } },
    'profiles.delete': { id: 'fuzz-missing-profile' },
    'profiles.test': { id: profileId },
    'profiles.export': {},
    'profiles.import': { json: '{"profiles":[]}' },
    'vault.status': {},
    'vault.unlock': { passphrase: 'fuzz passphrase 1' },
    'vault.lock': {},
    'catalog.sync': { profileId },
    'catalog.cancelSync': { profileId },
    'catalog.snapshots': { profileId },
    'catalog.topics': { profileId, includeInternal: false, filter: 'orders' },
    'catalog.topic': { profileId, name: 'fuzz.orders.v1' },
    'catalog.search': { q: 'orders', profileIds: [profileId], kinds: ['topic'], limit: 10 },
    'catalog.groups': { profileId },
    'catalog.group': { profileId, groupId: 'fuzz-group' },
    'catalog.connectors': { profileId },
    'catalog.connector': { profileId, name: 'fuzz-sink' },
    'catalog.subjects': { profileId },
    'catalog.subject': { profileId, subject: 'fuzz.orders.v1-value' },
    'lineage.neighbourhood': { profileId, node, upstream: 1, downstream: 1 },
    'lineage.search': { profileId, q: 'orders' },
    'lineage.impact': { profileId, node: { id: 1 } },
    'lineage.path': { profileId, from: node, to: { kind: 'group', name: 'fuzz-group' } },
    'lineage.diff': { profileId },
    'lineage.edgeTimeline': { profileId, edge: { id: 1 } },
    'lineage.export': { profileId, format: 'dot' },
    'lineage.graph': { profileId },
    'products.list': { profileId, q: '' },
    'products.get': { profileId, productId: 'fuzz.orders' },
    'products.validate': { profileId, product },
    'products.preview': { profileId, product },
    'products.publish': { profileId, product },
    'products.update': { profileId, product, baseRevision: 1, bump: 'patch' },
    'products.unpublish': { profileId, productId: 'fuzz.orders', baseRevision: 1, reason: 'fuzz' },
    'products.importYaml': { yaml: 'id: fuzz.orders\nname: Fuzz\n' },
    'products.exportYaml': { profileId, productId: 'fuzz.orders' },
    'products.events': { profileId, limit: 5 },
    'products.warnings': { profileId },
    'access.request': { profileId, productId: 'fuzz.orders', principal: 'User:fuzz', purpose: 'fuzzing' },
    'access.decide': { profileId, requestId: 'fuzz-request', decision: 'deny', reason: 'fuzz' },
    'access.list': { profileId },
    'products.streamStatus': { profileId, productId: 'fuzz.orders' },
    'audit.list': { profileId, q: '', limit: 5 },
    'ksql.info': { profileId },
    'ksql.run': { profileId, script: 'SHOW STREAMS;', properties: {} },
    'ksql.query': { profileId, sql: 'SELECT * FROM fuzz EMIT CHANGES;', maxRows: 5 },
    'ksql.closeQuery': { profileId, queryId: 'fuzz-query' },
    'ksql.objects': { profileId },
    'ksql.describe': { profileId, name: 'FUZZ' },
    'ksql.explain': { profileId, queryId: 'CSAS_FUZZ_1' },
    'ksql.terminate': { profileId, queryId: 'CSAS_FUZZ_1' },
    'ksql.drop': { profileId, name: 'FUZZ', kind: 'stream' },
    'ksql.preflight': { script: 'CREATE STREAM fuzz (id STRING) WITH (kafka_topic=\'fuzz\', value_format=\'JSON\');' },
    'ksql.history': { q: '', limit: 5 },
    'ksql.snippets.list': {},
    'ksql.snippets.save': { name: 'fuzz', sql: 'SHOW TOPICS;' },
    'ksql.snippets.delete': { id: 999_999 },
    'ksql.functions': { profileId },
    'messages.browse': { profileId, browseId: 'fuzz-browse', topic: 'fuzz.orders.v1', start: { latest: 5 }, limit: 5 },
    'messages.stop': { browseId: 'fuzz-browse' },
    'messages.pause': { browseId: 'fuzz-browse', paused: true },
    'messages.get': { profileId, topic: 'fuzz.orders.v1', partition: 0, offset: '0' },
    'messages.export': { profileId, topic: 'fuzz.orders.v1', ranges: [{ partition: 0, first: '0', last: '4' }], format: 'jsonl' },
  };
}

export const methods = Object.keys(contract) as Method[];

/** One hostile call: what to send (method and input as a caller would), and which mutation made it. */
export interface FuzzCall {
  method: unknown;
  input: unknown;
  mutation: string;
}

export const ONE_MB = 'x'.repeat(1024 * 1024);
const UNKNOWN_METHODS: unknown[] = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'app.info ', 'APP.INFO', 'profiles', 'profiles.', '.', '', 'catalog.sync\u0000', 'eval', 'process.exit', '../app.info', 'app.info\u202e', 42, null, true, ['app.info'], { method: 'app.info' }, { toString: 'app.info' }, ONE_MB];
const ODD_STRINGS = ['', ' ', '\u0000', '\ud800', '\udfff\ud800', '\u202eevil', '<script>alert(1)</script>', '${process.exit()}', '../../etc/passwd', 'a'.repeat(70_000), '%00', 'null', '__proto__', 'constructor', '\uFEFF', '𝕏'.repeat(1000)];
const ODD_NUMBERS = [-1, 0, -0, 1.5, 2 ** 53 + 2, -(2 ** 63), 1e308, Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON];
/** Only a structured-clone face (Electron IPC) can carry these; JSON turns them into null. */
const STRUCTURED_ONLY = (): unknown[] => [NaN, Infinity, -Infinity, undefined, new Date(0), new Map([['a', 1]]), new Set([1]), new Uint8Array([1, 2, 3]), 10n, [1, , 3]];

type Json = unknown;

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Every place in a value a mutation can touch: [] is the input itself. */
function paths(value: Json, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function setAt(root: Json, path: Array<string | number>, value: unknown): Json {
  if (path.length === 0) return value;
  let parent = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent?.[step] as Record<string | number, unknown>;
  // An earlier mutation may have put a primitive (or a typed array) here: then the call goes out as it is.
  if (parent === null || typeof parent !== 'object' || ArrayBuffer.isView(parent)) return root;
  // defineProperty, so a key named __proto__ becomes an own property exactly as JSON.parse makes it.
  Object.defineProperty(parent, path.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

function deleteAt(root: Json, path: Array<string | number>): Json {
  if (path.length === 0) return undefined;
  let parent = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent?.[step] as Record<string | number, unknown>;
  if (parent === null || typeof parent !== 'object' || ArrayBuffer.isView(parent)) return root;
  if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1);
  else delete parent[path.at(-1)!];
  return root;
}

function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

function wrongValue(random: () => number, structured: boolean): unknown {
  const kinds: Array<() => unknown> = [
    () => pick(random, ODD_STRINGS),
    () => pick(random, ODD_NUMBERS),
    () => random() < 0.5,
    () => null,
    () => [],
    () => ({}),
    () => [pick(random, ODD_STRINGS), pick(random, ODD_NUMBERS)],
    () => ({ nested: { deeper: pick(random, ODD_STRINGS) } }),
    ...(structured ? [() => pick(random, STRUCTURED_ONLY())] : []),
  ];
  return pick(random, kinds)();
}

const MUTATIONS = ['wrong-type', 'missing-field', 'extra-field', 'huge-string', 'deep-nesting', 'prototype-keys', 'odd-number', 'odd-string', 'wrong-input-shape', 'unknown-method', 'many-mutations', 'valid'] as const;
export type Mutation = (typeof MUTATIONS)[number];

/**
 * `count` hostile calls over every method in turn. `structured`: the face carries structured clones (IPC), so
 * NaN, Infinity, undefined, Dates, Maps, typed arrays and BigInts may appear; otherwise values stay JSON.
 */
export function* hostileCalls(seed: number, count: number, targets: FuzzTargets, options: { structured: boolean }): Generator<FuzzCall> {
  const random = seededRandom(seed);
  const samples = validSamples(targets);
  const generic = { profileId: targets.profileId, productId: 'fuzz.orders', id: targets.profileId, name: 'fuzz' };
  for (let n = 0; n < count; n++) {
    const method = methods[n % methods.length]!;
    const base = structuredClone(samples[method] ?? generic) as Json;
    // Rare on purpose: 1 MB strings and deep nesting cost time, and a few hundred prove the point.
    const roll = random();
    const mutation: Mutation = roll < 0.02 ? 'huge-string' : roll < 0.04 ? 'deep-nesting' : pick(random, MUTATIONS.filter((m) => m !== 'huge-string' && m !== 'deep-nesting'));
    yield mutate(random, method, base, mutation, options.structured);
  }
}

function mutate(random: () => number, method: Method, input: Json, mutation: Mutation, structured: boolean): FuzzCall {
  const spots = paths(input);
  const spot = pick(random, spots);
  const objects = spots.filter((p) => {
    const v = p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], input);
    return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
  });
  switch (mutation) {
    case 'wrong-type':
      return { method, input: setAt(input, spot, wrongValue(random, structured)), mutation };
    case 'missing-field':
      return { method, input: spot.length ? deleteAt(input, spot) : undefined, mutation };
    case 'extra-field':
      return { method, input: setAt(input, [...pick(random, objects.length ? objects : [[]]), `fuzz_${Math.floor(random() * 1e6)}`], wrongValue(random, structured)), mutation };
    case 'huge-string':
      return { method, input: setAt(input, spot, ONE_MB), mutation };
    case 'deep-nesting':
      // Deep enough to break a recursive walker, shallow enough for structuredClone's own recursion.
      return { method, input: setAt(input, spot, nested(structured ? 1_000 : 3_000, 'leaf', random() < 0.5)), mutation };
    case 'prototype-keys': {
      const target = objects.length ? pick(random, objects) : [];
      let value = input;
      for (const key of ['__proto__', 'constructor', 'prototype']) value = setAt(value, [...target, key], { polluted: 'fuzz', prototype: { polluted: 'fuzz' }, toString: 'fuzz' });
      return { method, input: value, mutation };
    }
    case 'odd-number':
      return { method, input: setAt(input, spot, structured && random() < 0.5 ? pick(random, [NaN, Infinity, -Infinity]) : pick(random, ODD_NUMBERS)), mutation };
    case 'odd-string':
      return { method, input: setAt(input, spot, pick(random, ODD_STRINGS)), mutation };
    case 'wrong-input-shape':
      return { method, input: pick(random, [null, [], 'input', 7, true, [input]]), mutation };
    case 'unknown-method':
      return { method: pick(random, UNKNOWN_METHODS), input, mutation };
    case 'many-mutations': {
      let value = input;
      for (let i = 0; i < 4; i++) value = mutate(random, method, value, pick(random, ['wrong-type', 'missing-field', 'extra-field', 'odd-string', 'odd-number'] as const), structured).input;
      return { method, input: value, mutation };
    }
    case 'valid':
      return { method, input, mutation };
  }
}

/** Frames no caller should send: not JSON, JSON that is not a call, and JSON text tricks (1e999 is Infinity). */
export function hostileFrames(seed: number, count: number): Array<{ frame: string | Buffer; binary: boolean; kind: string }> {
  const random = seededRandom(seed);
  const makers: Array<[string, () => string | Buffer, boolean]> = [
    ['not-json', () => pick(random, ['{not json', '', ' ', 'undefined', 'NaN', '{"id":1,', '}{', "{'id':1}", '\u0000', '{"id":1}garbage']), false],
    ['json-not-a-call', () => pick(random, ['null', '0', '"app.info"', '[]', '[{"id":1,"method":"app.info"}]', 'true', '{}']), false],
    ['infinite-number', () => `{"id":${Math.floor(random() * 1e6)},"method":"catalog.search","input":{"q":"x","limit":1e999}}`, false],
    ['odd-id', () => `{"id":${pick(random, ['1e999', '-1', '1.5', '"1"', 'null', '{}', '9007199254740993'])},"method":"app.info","input":{}}`, false],
    ['deep-text', () => `{"id":1,"method":"app.info","input":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, false],
    ['duplicate-keys', () => '{"id":1,"method":"app.info","method":"vault.lock","input":{},"input":{"__proto__":{"polluted":1}}}', false],
    ['binary', () => Buffer.from(JSON.stringify({ id: 1, method: 'app.info', input: {} })), true],
    ['binary-garbage', () => Buffer.from(Array.from({ length: 64 }, () => Math.floor(random() * 256))), true],
  ];
  return Array.from({ length: count }, () => {
    const [kind, make, binary] = pick(random, makers);
    return { frame: make(), binary, kind };
  });
}
