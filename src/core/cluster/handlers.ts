// Connection profiles, their endpoint checks, and the secret vault.
import type { EngineContext, RoomHandlers } from '../engine-context.ts';
import type { SavedProfile } from './profiles.ts';
import { checkProfileEndpoints } from './check-endpoints.ts';
import { secretNames, type SecretName } from './vault.ts';

type Calls = 'profiles.list' | 'profiles.save' | 'profiles.delete' | 'profiles.test' | 'profiles.export' | 'profiles.import' | 'vault.status' | 'vault.unlock' | 'vault.lock';

export function clusterHandlers({ db, profiles, snapshots, vault }: EngineContext): RoomHandlers<Calls> {
  const withLastSnapshot = (p: SavedProfile) => {
    const last = snapshots.latest(p.id);
    const held = vault.has(p.id);
    const secretsSet = Object.fromEntries(secretNames.map((n) => [n, held[n] ?? false])) as Record<SecretName, boolean>;
    return { ...p, secretsSet, lastSnapshot: last ? { id: last.id, takenAt: last.takenAt, topicCount: last.topicCount } : null };
  };
  const vaultStatus = () => ({ kind: vault.kind, state: vault.state(), warning: vault.warning });
  return {
    'profiles.list': async () => profiles.list().map(withLastSnapshot),
    'profiles.save': async (input) => {
      const changes = Object.entries(input.secrets).filter(([, v]) => v !== undefined) as Array<[SecretName, string]>;
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
    'profiles.delete': async ({ id }) => ({ deleted: profiles.delete(id) }),
    'profiles.test': async ({ id }) => checkProfileEndpoints(profiles.get(id), vault),
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
  };
}
