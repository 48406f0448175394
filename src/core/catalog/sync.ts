// One sync: read the cluster, then Connect (and the registry, when the profile names them), then write it
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
  const cluster = await readCluster(kafkaConnection(profile, vault), report, signal);
  let connectors: SyncReading['connectors'] = null;
  if (profile.connectUrl) {
    report({ stage: 'connectors', done: 0, total: 0 });
    connectors = await readConnectors(httpEndpoint(profile, vault, 'connect'), signal);
    report({ stage: 'connectors', done: connectors.length, total: connectors.length });
  }
  let registry: SyncReading['registry'] = null;
  if (profile.registryUrl) {
    registry = await readRegistry(httpEndpoint(profile, vault, 'registry'), snapshots.schemaVersionCached(profile.id), report, signal);
  }
  let ksqlQueries: SyncReading['ksqlQueries'] = null;
  if (profile.ksqldbUrl) {
    report({ stage: 'ksqldb', done: 0, total: 0 });
    ksqlQueries = (await ksqlLineage(profile, vault)).queries;
    report({ stage: 'ksqldb', done: ksqlQueries.length, total: ksqlQueries.length });
  }
  cancelled();
  report({ stage: 'writing', done: 0, total: cluster.topics.length });
  const info = snapshots.write(profile.id, { ...cluster, connectors, registry, ksqlQueries }, new Date(started).toISOString(), Date.now() - started);
  report({ stage: 'done', done: cluster.topics.length, total: cluster.topics.length });
  return info;
}
