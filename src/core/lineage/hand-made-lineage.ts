// A lineage room over an in-memory cache whose snapshots carry hand-made facts, for tests and the benchmark:
// the facts go through the same EdgeSource list and graph writer a real sync uses.
import { contract, ProfileInput, type Method, type Out, type In } from '../contract.ts';
import { openCache, type Db } from '../cache/open-cache.ts';
import { ProfileStore } from '../cluster/profiles.ts';
import { SnapshotStore, type SyncReading } from '../catalog/snapshots.ts';
import type { EngineContext } from '../engine-context.ts';
import { TributaryError } from '../errors.ts';
import { addEdgeSource } from './edge-sources.ts';
import { lineageHandlers } from './handlers.ts';
import { emptyFacts, type LineageFacts } from './model.ts';

type LineageMethod = Extract<Method, `lineage.${string}`>;

export const emptyReading = (): SyncReading => ({ clusterId: 'hand-made', controllerId: 1, brokers: [], topics: [], groups: [], connectors: null, registry: null });

export interface HandMadeLineage {
  db: Db;
  profileId: string;
  snapshots: SnapshotStore;
  /** Writes a snapshot whose lineage is these facts (plus whatever the built-in sources infer from reading). */
  sync(facts: LineageFacts, reading?: SyncReading): number;
  call<K extends LineageMethod>(method: K, input: In<K>): Promise<Out<K>>;
  close(): void;
}

export function handMadeLineage(file = ':memory:'): HandMadeLineage {
  const { db } = openCache(file);
  const profiles = new ProfileStore(db);
  const snapshots = new SnapshotStore(db);
  const profile = profiles.save(ProfileInput.parse({ name: 'hand-made', bootstrap: '127.0.0.1:9092' }));
  const context = {
    db,
    profiles,
    snapshots,
    latestOrExplain(profileId: string) {
      const latest = snapshots.latest(profileId);
      if (!latest) throw new TributaryError('NotFound', 'Nothing is cached yet — press Sync');
      return latest;
    },
    onClose: () => undefined,
  } as unknown as EngineContext;
  let next: LineageFacts = emptyFacts();
  addEdgeSource(context, { name: 'hand-made', infer: () => next });
  const handlers = lineageHandlers(context);
  let clock = Date.parse('2025-01-01T00:00:00Z');
  return {
    db,
    profileId: profile.id,
    snapshots,
    sync(facts, reading = emptyReading()) {
      next = facts;
      clock += 60_000;
      return snapshots.write(profile.id, reading, new Date(clock).toISOString(), 1).id;
    },
    call: (method, input) => (handlers[method] as (i: unknown, c: unknown) => Promise<never>)(contract[method].input.parse(input), { emit: () => undefined }),
    close: () => db.close(),
  };
}
