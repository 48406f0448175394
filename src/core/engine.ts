// The engine: implements every call of the contract once, over the SQLite cache and the cluster clients.
// Both faces (Electron main, the web host) construct one and hand it to dispatch().
import path from 'node:path';
import type { Handlers } from './contract.ts';
import { openCache } from './cache/open-cache.ts';
import { ProfileStore } from './cluster/profiles.ts';
import { checkProfileEndpoints } from './cluster/check-endpoints.ts';
import { SnapshotStore } from './catalog/snapshots.ts';
import { syncProfile } from './catalog/sync.ts';
import { CatalogQueries } from './catalog/catalog-queries.ts';
import { searchIndex, toFtsQuery } from './catalog/search-index.ts';
import { TributaryError } from './errors.ts';
import { Vault, secretNames, type SecretCipher } from './cluster/vault.ts';

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

export interface Engine {
  handlers: Handlers;
  close(): void;
}

export function createEngine(options: EngineOptions): Engine {
  const cachePath = path.join(options.dataDir, 'tributary.db');
  const { db, notice } = openCache(cachePath);
  const profiles = new ProfileStore(db);
  const snapshots = new SnapshotStore(db);
  const queries = new CatalogQueries(db);
  const vault = new Vault(db, { osCipher: options.secretCipher, warning: options.vaultWarning });
  const vaultStatus = () => ({ kind: vault.kind, state: vault.state(), warning: vault.warning });
  const runningSyncs = new Map<string, AbortController>();

  const withLastSnapshot = (p: ReturnType<ProfileStore['get']>) => {
    const last = snapshots.latest(p.id);
    const held = vault.has(p.id);
    const secretsSet = Object.fromEntries(secretNames.map((n) => [n, held[n] ?? false])) as Record<(typeof secretNames)[number], boolean>;
    return { ...p, secretsSet, lastSnapshot: last ? { id: last.id, takenAt: last.takenAt, topicCount: last.topicCount } : null };
  };
  const latestOrExplain = (profileId: string) => {
    const snapshot = snapshots.latest(profileId);
    if (!snapshot) throw new TributaryError('NotFound', `Nothing is cached for "${profiles.get(profileId).name}" yet — press Sync on the Connections page`);
    return snapshot;
  };

  const handlers: Handlers = {
    'app.info': async () => ({ version: options.version, host: options.host, nodeVersion: process.versions.node, cachePath, cacheNotice: notice }),
    'profiles.list': async () => profiles.list().map(withLastSnapshot),
    'profiles.save': async (input) => {
      const changes = Object.entries(input.secrets).filter(([, v]) => v !== undefined) as Array<[(typeof secretNames)[number], string]>;
      // Check the vault before writing anything, so a locked vault never leaves a profile half-saved.
      const stored = changes.find(([, v]) => v !== '');
      if (stored) vault.requireReady(`the ${stored[0]} of "${input.name}"`);
      const saved = db.transaction(() => {
        const p = profiles.save(input);
        for (const [name, value] of changes) vault.set(p.id, name, value);
        return p;
      })();
      return withLastSnapshot(saved);
    },
    'profiles.export': async () => ({ json: profiles.exportAll() }),
    'profiles.import': async ({ json }) => profiles.importAll(json),
    'vault.status': async () => vaultStatus(),
    'vault.unlock': async ({ passphrase }) => {
      vault.unlock(passphrase);
      return vaultStatus();
    },
    'vault.lock': async () => {
      vault.lock();
      return vaultStatus();
    },
    'profiles.delete': async ({ id }) => ({ deleted: profiles.delete(id) }),
    'profiles.test': async ({ id }) => checkProfileEndpoints(profiles.get(id), vault),
    'catalog.sync': async ({ profileId }, ctx) => {
      const profile = profiles.get(profileId);
      if (runningSyncs.has(profileId)) throw new TributaryError('Conflict', `A sync of "${profile.name}" is already running; wait for it or cancel it`);
      const controller = new AbortController();
      runningSyncs.set(profileId, controller);
      try {
        return await syncProfile(profile, vault, snapshots, ctx.emit, controller.signal);
      } finally {
        runningSyncs.delete(profileId);
      }
    },
    'catalog.cancelSync': async ({ profileId }) => {
      const running = runningSyncs.get(profileId);
      running?.abort();
      return { cancelled: Boolean(running) };
    },
    'catalog.snapshots': async ({ profileId }) => snapshots.list(profiles.get(profileId).id),
    'catalog.topics': async ({ profileId, includeInternal, filter }) => {
      profiles.get(profileId);
      const snapshot = snapshots.latest(profileId);
      return { snapshot, topics: snapshot ? snapshots.topics(snapshot.id, includeInternal, filter) : [] };
    },
    'catalog.topic': async ({ profileId, name }) => {
      const snapshot = latestOrExplain(profileId);
      return {
        snapshot,
        ...snapshots.topicDetail(snapshot.id, name),
        consumers: queries.topicConsumers(snapshot.id, name),
        connectors: queries.topicConnectors(snapshot.id, name),
        valueSubject: queries.subjectOrNull(profileId, snapshot.id, `${name}-value`),
        keySubject: queries.subjectOrNull(profileId, snapshot.id, `${name}-key`),
      };
    },
    'catalog.search': async ({ q, profileIds, kinds, domain, hasSchema, includeInternal, limit }) => {
      const hits = searchIndex(db, q, { profileIds, kinds, domain, hasSchema, includeInternal, limit });
      const query = toFtsQuery(q);
      return { hits, ...(query ? queries.searchFacetCounts(query, profileIds, includeInternal) : { kindCounts: {}, domainCounts: {}, profileCounts: {} }) };
    },
    'catalog.groups': async ({ profileId }) => {
      profiles.get(profileId);
      const snapshot = snapshots.latest(profileId);
      return { snapshot, groups: snapshot ? queries.groups(snapshot.id) : [] };
    },
    'catalog.group': async ({ profileId, groupId }) => {
      const snapshot = latestOrExplain(profileId);
      return { snapshot, group: queries.group(profileId, snapshot.id, groupId) };
    },
    'catalog.connectors': async ({ profileId }) => {
      profiles.get(profileId);
      const snapshot = snapshots.latest(profileId);
      return { snapshot, connectors: snapshot ? queries.connectors(snapshot.id) : [] };
    },
    'catalog.connector': async ({ profileId, name }) => {
      const snapshot = latestOrExplain(profileId);
      return { snapshot, connector: queries.connector(snapshot.id, name) };
    },
    'catalog.subjects': async ({ profileId }) => {
      profiles.get(profileId);
      const snapshot = snapshots.latest(profileId);
      return { snapshot, subjects: snapshot ? queries.subjects(profileId, snapshot.id) : [] };
    },
    'catalog.subject': async ({ profileId, subject }) => {
      const snapshot = latestOrExplain(profileId);
      return { snapshot, subject: queries.subject(profileId, snapshot.id, subject) };
    },
  };
  return {
    handlers,
    close: () => {
      for (const c of runningSyncs.values()) c.abort();
      db.close();
    },
  };
}
