// The pluggable list of inference sources, one per engine. Another room adds its own without touching
// this folder, from its handlers factory:
//
//   import { addEdgeSource } from '../lineage/edge-sources.ts';
//   addEdgeSource(ctx, { name: 'ksqldb', infer: ({ reading, db, profileId, snapshotId }) => ({ nodes, edges }) });
//
// Sources run inside the sync's transaction after the catalog rows of the snapshot are written, in the order
// they were added; facts about the same node or edge from several sources are merged. A source that throws
// is skipped for that snapshot and its error is shown by lineage.graph; it never fails the sync.
import type { EngineContext } from '../engine-context.ts';
import type { SnapshotStore } from '../catalog/snapshots.ts';
import type { EdgeSource } from './model.ts';
import { inferFromTopics } from './infer-from-topics.ts';
import { inferFromGroups } from './infer-from-groups.ts';
import { inferFromConnect } from './infer-from-connect.ts';
import { inferFromSchemas, type SchemaReference } from './infer-from-schemas.ts';
import { inferFromKsql } from './infer-from-ksql.ts';
import { inferFromProducts } from './infer-from-products.ts';
import { inferFromAcls } from './infer-from-acls.ts';
import { ProductStore } from '../products/product-store.ts';

export const builtInSources: readonly EdgeSource[] = [
  { name: 'topics', infer: ({ reading }) => inferFromTopics(reading.topics) },
  { name: 'consumer-offsets', infer: ({ reading }) => inferFromGroups(reading) },
  { name: 'connect', infer: ({ reading }) => inferFromConnect(reading.connectors, reading.topics.map((t) => t.name)) },
  { name: 'ksqldb', infer: ({ reading }) => inferFromKsql(reading.ksqlQueries) },
  {
    name: 'schema-registry',
    infer: ({ reading, db, profileId }) => {
      const refs = db.prepare('SELECT refs FROM schema_versions WHERE profile_id = ? AND subject = ? AND version = ?').pluck();
      return inferFromSchemas(reading.registry, new Set(reading.topics.map((t) => t.name)), (subject, version) => {
        const json = refs.get(profileId, subject, version) as string | undefined;
        return json ? (JSON.parse(json) as SchemaReference[]) : [];
      });
    },
  },
  {
    // The products folded so far from the mesh registry (the products room keeps the fold live).
    name: 'products',
    infer: ({ reading, db, profileId }) =>
      inferFromProducts(new ProductStore(db).list(profileId), { topics: new Set(reading.topics.map((t) => t.name)), subjects: reading.registry ? new Set(reading.registry.subjects.map((s) => s.subject)) : null }),
  },
  { name: 'acls', infer: ({ reading }) => inferFromAcls(reading.acls, reading.topics.map((t) => t.name)) },
];

const perEngine = new WeakMap<SnapshotStore, EdgeSource[]>();

/** The sources of this engine, starting with the built-in ones. */
export function edgeSources(ctx: Pick<EngineContext, 'snapshots'>): EdgeSource[] {
  let list = perEngine.get(ctx.snapshots);
  if (!list) {
    list = [...builtInSources];
    perEngine.set(ctx.snapshots, list);
  }
  return list;
}

/** Adds an inference source (ksqlDB queries, declared producers, ACL principals …) to every later sync. */
export function addEdgeSource(ctx: Pick<EngineContext, 'snapshots'>, source: EdgeSource): void {
  const list = edgeSources(ctx);
  if (list.some((s) => s.name === source.name)) throw new Error(`A lineage source named "${source.name}" is already registered`);
  list.push(source);
}
