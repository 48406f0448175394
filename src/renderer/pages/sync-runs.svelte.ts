// The syncs this window started, by profile: their progress, result or error. Kept outside the Connections
// page so a sync keeps reporting when the user leaves the page and comes back while it runs.
import type { SnapshotInfo, SyncProgress } from '../../core/contract.ts';
import { api } from '../api.ts';

export interface SyncRun {
  running: boolean;
  cancelling: boolean;
  progress: SyncProgress | null;
  result: SnapshotInfo | null;
  error: unknown;
}

export const stageLabels: Record<SyncProgress['stage'], string> = {
  connecting: 'Connecting to the cluster',
  cluster: 'Reading cluster metadata',
  topics: 'Listing topics',
  configs: 'Reading topic configs',
  offsets: 'Reading partition offsets',
  groups: 'Reading consumer groups and their lag',
  schemas: 'Reading the schema registry',
  connectors: 'Reading Kafka Connect connectors',
  ksqldb: 'Reading ksqlDB queries',
  writing: 'Writing the snapshot to the cache',
  done: 'Done',
};

class SyncRuns {
  byProfile = $state<Record<string, SyncRun>>({});

  /** Starts a sync unless one of this profile is already running; `finished` runs after success or failure. */
  start(profileId: string, finished: () => void): void {
    if (this.byProfile[profileId]?.running) return;
    this.byProfile[profileId] = { running: true, cancelling: false, progress: null, result: null, error: null };
    const run = this.byProfile[profileId]!;
    api['catalog.sync']({ profileId }, {
      onProgress: (p) => {
        run.progress = p;
      },
    })
      .then(
        (result) => {
          run.result = result;
        },
        (error: unknown) => {
          run.error = error;
        },
      )
      .finally(() => {
        run.running = false;
        run.cancelling = false;
        finished();
      });
  }

  async cancel(profileId: string): Promise<void> {
    const run = this.byProfile[profileId];
    if (!run?.running) return;
    run.cancelling = true;
    try {
      await api['catalog.cancelSync']({ profileId });
    } catch (error) {
      run.cancelling = false;
      run.error = error;
    }
  }

  forget(profileId: string): void {
    delete this.byProfile[profileId];
  }
}

export const syncRuns = new SyncRuns();
