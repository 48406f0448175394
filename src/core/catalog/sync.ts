// One sync: read the cluster, Connect, the registry and ksqlDB (those the profile names) at once, then write it
// all as one snapshot in one transaction. Anything that fails or is cancelled before the write leaves the
// cache exactly as it was; the error names the endpoint that failed.
import type { SnapshotInfo, SyncProgress } from '../contract.ts';
import { TributaryError } from '../errors.ts';
import type { SavedProfile } from '../cluster/profiles.ts';
import { readConnectors } from '../cluster/connect-client.ts';
import { httpEndpoint, kafkaConnection } from '../cluster/connection.ts';
import type { Vault } from '../cluster/vault.ts';
import { readCluster } from './read-cluster.ts';
import { readRegistry } from './read-registry.ts';
import { ksqlLineage } from '../ksql/lineage-source.ts';
import type { SnapshotStore, SyncReading } from './snapshots.ts';

export async function syncProfile(profile: SavedProfile, vault: Vault, snapshots: SnapshotStore, report: (p: SyncProgress) => void, signal: AbortSignal): Promise<SnapshotInfo> {
  const started = Date.now();
  const cancelled = () => {
    if (signal.aborted) throw new TributaryError('Cancelled', 'Sync cancelled; the previous snapshot is unchanged');
  };
  // The cluster, Connect, the registry and ksqlDB are read at once: each waits on its own server.
  const readingConnect = async (): Promise<SyncReading['connectors']> => {
    if (!profile.connectUrl) return null;
    report({ stage: 'connectors', done: 0, total: 0 });
    const connectors = await readConnectors(httpEndpoint(profile, vault, 'connect'), signal);
    report({ stage: 'connectors', done: connectors.length, total: connectors.length });
    return connectors;
  };
  const readingRegistry = async (): Promise<SyncReading['registry']> =>
    profile.registryUrl ? readRegistry(httpEndpoint(profile, vault, 'registry'), snapshots.schemaVersionCached(profile.id), report, signal) : null;
  const readingKsql = async (): Promise<SyncReading['ksqlQueries']> => {
    if (!profile.ksqldbUrl) return null;
    report({ stage: 'ksqldb', done: 0, total: 0 });
    const { queries } = await ksqlLineage(profile, vault);
    report({ stage: 'ksqldb', done: queries.length, total: queries.length });
    return queries;
  };
  const [cluster, connectors, registry, ksqlQueries] = await Promise.all([readCluster(kafkaConnection(profile, vault), report, signal), readingConnect(), readingRegistry(), readingKsql()]);
  cancelled();
  report({ stage: 'writing', done: 0, total: cluster.topics.length });
  const info = snapshots.write(profile.id, { ...cluster, connectors, registry, ksqlQueries }, new Date(started).toISOString(), Date.now() - started);
  report({ stage: 'done', done: cluster.topics.length, total: cluster.topics.length });
  return info;
}
