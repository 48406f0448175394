// The engine: implements every call of the contract once, over the SQLite cache and the cluster clients.
// Each room contributes the handlers for its calls; the type below makes a missing call a compile error.
// Both faces (Electron main, the web host) construct one and hand it to dispatch().
import path from 'node:path';
import type { Handlers } from './contract.ts';
import { openCache } from './cache/open-cache.ts';
import { writeUserTablesCopy } from './cache/user-tables.ts';
import { acquireInstanceLock } from './cache/instance-lock.ts';
import { ProfileStore } from './cluster/profiles.ts';
import { Vault } from './cluster/vault.ts';
import { SnapshotStore } from './catalog/snapshots.ts';
import { TributaryError } from './errors.ts';
import type { EngineContext, EngineOptions } from './engine-context.ts';
import { clusterHandlers } from './cluster/handlers.ts';
import { catalogHandlers } from './catalog/handlers.ts';
import { productHandlers } from './products/handlers.ts';
import { lineageHandlers } from './lineage/handlers.ts';
import { ksqlHandlers } from './ksql/handlers.ts';
import { messageHandlers } from './messages/handlers.ts';
import { lifecycleHandlers } from './lifecycle/handlers.ts';
import { governanceHandlers } from './governance/handlers.ts';

export type { EngineOptions } from './engine-context.ts';

export interface Engine {
  handlers: Handlers;
  close(): void;
}

export function createEngine(options: EngineOptions): Engine {
  const cachePath = path.join(options.dataDir, 'tributary.db');
  // Before the cache is touched: a second instance must not migrate or write it under the first one.
  const lock = acquireInstanceLock(options.dataDir);
  let opened: ReturnType<typeof openCache>;
  try {
    opened = openCache(cachePath);
  } catch (error) {
    lock.release();
    throw error;
  }
  const { db, notice } = opened;
  const profiles = new ProfileStore(db);
  const snapshots = new SnapshotStore(db);
  const closers: Array<() => void> = [];
  const context: EngineContext = {
    options,
    db,
    cachePath,
    cacheNotice: notice,
    profiles,
    snapshots,
    vault: new Vault(db, { osCipher: options.secretCipher, warning: options.vaultWarning }),
    latestOrExplain(profileId) {
      const snapshot = snapshots.latest(profileId);
      if (!snapshot) throw new TributaryError('NotFound', `Nothing is cached for "${profiles.get(profileId).name}" yet — press Sync on the Connections page`);
      return snapshot;
    },
    onClose: (stop) => void closers.push(stop),
  };

  const handlers: Handlers = {
    'app.info': async () => ({ version: options.version, host: options.host, nodeVersion: process.versions.node, cachePath, cacheNotice: notice }),
    ...clusterHandlers(context),
    ...catalogHandlers(context),
    ...productHandlers(context),
    ...lineageHandlers(context),
    ...ksqlHandlers(context),
    ...messageHandlers(context),
    ...lifecycleHandlers(context),
    ...governanceHandlers(context),
  };
  // After each change to what the user typed in, a copy of it goes beside the cache (cache/user-tables.ts).
  for (const method of ['profiles.save', 'profiles.delete', 'profiles.import', 'vault.unlock', 'lifecycle.saveSettings'] as const) {
    const handle = handlers[method] as (input: never, context: never) => Promise<unknown>;
    (handlers as Record<string, unknown>)[method] = async (input: never, call: never) => {
      const answer = await handle(input, call);
      writeUserTablesCopy(db, cachePath);
      return answer;
    };
  }
  return {
    handlers,
    close: () => {
      for (const stop of closers) stop();
      db.close();
      lock.release();
    },
  };
}
