// Sync and everything the catalog pages read from the cache.
import type { EngineContext, RoomHandlers } from '../engine-context.ts';
import { TributaryError } from '../errors.ts';
import { CatalogQueries } from './catalog-queries.ts';
import { searchIndex, toFtsQuery } from './search-index.ts';
import { syncProfile } from './sync.ts';

type Calls =
  | 'catalog.sync'
  | 'catalog.cancelSync'
  | 'catalog.snapshots'
  | 'catalog.topics'
  | 'catalog.topic'
  | 'catalog.search'
  | 'catalog.groups'
  | 'catalog.group'
  | 'catalog.connectors'
  | 'catalog.connector'
  | 'catalog.subjects'
  | 'catalog.subject';

export function catalogHandlers({ db, profiles, snapshots, vault, latestOrExplain, onClose }: EngineContext): RoomHandlers<Calls> {
  const queries = new CatalogQueries(db);
  const runningSyncs = new Map<string, AbortController>();
  onClose(() => {
    for (const c of runningSyncs.values()) c.abort();
  });
  /** The newest snapshot, or null when nothing is cached yet (list pages show their empty state). */
  const latest = (profileId: string) => {
    profiles.get(profileId);
    return snapshots.latest(profileId);
  };
  return {
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
      const snapshot = latest(profileId);
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
      // Internal entities are dropped inside the match, so the facet counts do not read their rows either.
      const query = toFtsQuery(q, { includeInternal });
      return { hits, ...(query ? queries.searchFacetCounts(query, profileIds, includeInternal) : { kindCounts: {}, domainCounts: {}, profileCounts: {} }) };
    },
    'catalog.groups': async ({ profileId }) => {
      const snapshot = latest(profileId);
      return { snapshot, groups: snapshot ? queries.groups(snapshot.id) : [] };
    },
    'catalog.group': async ({ profileId, groupId }) => {
      const snapshot = latestOrExplain(profileId);
      return { snapshot, group: queries.group(profileId, snapshot.id, groupId) };
    },
    'catalog.connectors': async ({ profileId }) => {
      const snapshot = latest(profileId);
      return { snapshot, connectors: snapshot ? queries.connectors(snapshot.id) : [] };
    },
    'catalog.connector': async ({ profileId, name }) => {
      const snapshot = latestOrExplain(profileId);
      return { snapshot, connector: queries.connector(snapshot.id, name) };
    },
    'catalog.subjects': async ({ profileId }) => {
      const snapshot = latest(profileId);
      return { snapshot, subjects: snapshot ? queries.subjects(profileId, snapshot.id) : [] };
    },
    'catalog.subject': async ({ profileId, subject }) => {
      const snapshot = latestOrExplain(profileId);
      return { snapshot, subject: queries.subject(profileId, snapshot.id, subject) };
    },
  };
}
