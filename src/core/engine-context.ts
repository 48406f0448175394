// What every room's handlers share: the cache, the profile and snapshot stores, the vault, and the hooks a
// room registers to run inside each sync's transaction or when the engine closes.
import type { Db } from './cache/open-cache.ts';
import type { Handlers, Method, SnapshotInfo } from './contract.ts';
import type { ProfileStore } from './cluster/profiles.ts';
import type { SecretCipher, Vault } from './cluster/vault.ts';
import type { SnapshotStore } from './catalog/snapshots.ts';

export interface EngineOptions {
  /** Folder holding the cache file (tributary.db). */
  dataDir: string;
  host: 'electron' | 'web';
  version: string;
  /** The OS keychain, when the face has a usable one (Electron's safeStorage); otherwise the passphrase vault. */
  secretCipher?: SecretCipher | null;
  /** Why the OS keychain is not used, shown beside the vault (e.g. safeStorage's basic_text backend on Linux). */
  vaultWarning?: string | null;
}

export interface EngineContext {
  options: EngineOptions;
  db: Db;
  cachePath: string;
  cacheNotice: string | null;
  profiles: ProfileStore;
  snapshots: SnapshotStore;
  vault: Vault;
  /** The newest snapshot of a profile, or a NotFound that tells the user to sync. */
  latestOrExplain(profileId: string): SnapshotInfo;
  /** Runs when the engine closes (stop background folds, abort syncs). */
  onClose(stop: () => void): void;
}

/** A room's share of the contract: the handlers for the calls it owns. */
export type RoomHandlers<K extends Method> = Pick<Handlers, K>;
