// The schema registry as sync sees it: every subject with its versions and compatibility level. Versions
// are immutable, so only versions this profile has not cached yet are fetched — a re-sync of an unchanged
// registry costs one listing per subject.
import type { SyncProgress } from '../contract.ts';
import { TributaryError } from '../errors.ts';
import { createSchemaRegistryClient, type SubjectVersion } from '../cluster/schema-registry.ts';
import type { HttpEndpoint } from '../cluster/connection.ts';
import { mapConcurrently } from './map-concurrently.ts';

export interface RegistryReading {
  subjects: Array<{ subject: string; versions: number[]; latestVersion: number; compatibility: string }>;
  /** Versions fetched in this sync (those not cached before). */
  newVersions: SubjectVersion[];
}

const CONCURRENCY = 8;

export async function readRegistry(
  endpoint: HttpEndpoint,
  isCached: (subject: string, version: number) => boolean,
  report: (p: SyncProgress) => void,
  signal: AbortSignal,
): Promise<RegistryReading> {
  const client = createSchemaRegistryClient({ url: endpoint.url, auth: endpoint.auth, signal });
  const cancelled = () => {
    if (signal.aborted) throw new TributaryError('Cancelled', 'Sync cancelled; the previous snapshot is unchanged');
  };
  const names = (await client.listSubjects()).sort();
  const globalLevel = await client.getGlobalCompatibility();
  report({ stage: 'schemas', done: 0, total: names.length });
  const newVersions: SubjectVersion[] = [];
  const subjects = await mapConcurrently(
    names,
    CONCURRENCY,
    async (subject) => {
      const versions = (await client.listVersions(subject)).sort((a, b) => a - b);
      for (const version of versions) {
        if (!isCached(subject, version)) newVersions.push(await client.getVersion(subject, version));
      }
      const level = await client.getSubjectCompatibility(subject, globalLevel);
      return { subject, versions, latestVersion: versions.at(-1) ?? 0, compatibility: level.level };
    },
    (done) => {
      report({ stage: 'schemas', done, total: names.length });
      cancelled();
    },
  );
  return { subjects: subjects.filter((s) => s.versions.length > 0), newVersions };
}
