// Connection profiles: where a cluster and its companions (registry, Connect, ksqlDB) live and how to
// authenticate to them. Stored in the cache; secrets go to the vault (vault.ts), never into this table, and
// never into an export.
import crypto from 'node:crypto';
import type { z } from 'zod';
import type { Db } from '../cache/open-cache.ts';
import { ProfileInput, Security, type Profile } from '../contract.ts';
import { TributaryError } from '../errors.ts';

type SavedProfile = Omit<Profile, 'lastSnapshot' | 'secretsSet'>;
type ParsedProfileInput = z.output<typeof ProfileInput>;

interface ProfileRecord {
  id: string;
  name: string;
  bootstrap: string;
  registry_url: string;
  connect_url: string;
  ksqldb_url: string;
  label: string;
  color: string;
  security: string;
  registry_username: string;
  connect_username: string;
  ksqldb_username: string;
  created_at: string;
  updated_at: string;
}

function fromRecord(r: ProfileRecord): SavedProfile {
  return {
    id: r.id,
    name: r.name,
    bootstrap: r.bootstrap,
    registryUrl: r.registry_url,
    connectUrl: r.connect_url,
    ksqldbUrl: r.ksqldb_url,
    label: r.label,
    color: r.color,
    security: Security.parse(JSON.parse(r.security)),
    registryUsername: r.registry_username,
    connectUsername: r.connect_username,
    ksqldbUsername: r.ksqldb_username,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const EXPORT_FORMAT = 'tributary.profiles/v1';

export class ProfileStore {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  list(): SavedProfile[] {
    return (this.db.prepare('SELECT * FROM profiles ORDER BY name COLLATE NOCASE').all() as ProfileRecord[]).map(fromRecord);
  }

  get(id: string): SavedProfile {
    const r = this.db.prepare('SELECT * FROM profiles WHERE id = ?').get(id) as ProfileRecord | undefined;
    if (!r) throw new TributaryError('NotFound', `No connection profile with id "${id}"; it may have been deleted — pick one on the Connections page`);
    return fromRecord(r);
  }

  save(input: ParsedProfileInput): SavedProfile {
    const now = new Date().toISOString();
    const clash = this.db.prepare('SELECT id FROM profiles WHERE name = ? COLLATE NOCASE AND id IS NOT ?').get(input.name, input.id ?? null) as { id: string } | undefined;
    if (clash) throw new TributaryError('Conflict', `A profile named "${input.name}" already exists; choose another name`);
    const row = {
      name: input.name,
      bootstrap: input.bootstrap.split(',').map((b) => b.trim()).join(','),
      registry_url: (input.registryUrl ?? '').replace(/\/+$/, ''),
      connect_url: (input.connectUrl ?? '').replace(/\/+$/, ''),
      ksqldb_url: (input.ksqldbUrl ?? '').replace(/\/+$/, ''),
      label: input.label,
      color: input.color,
      security: JSON.stringify(input.security),
      registry_username: input.registryUsername,
      connect_username: input.connectUsername,
      ksqldb_username: input.ksqldbUsername,
      updated_at: now,
    };
    if (input.id) {
      const changed = this.db
        .prepare(`UPDATE profiles SET name=@name, bootstrap=@bootstrap, registry_url=@registry_url, connect_url=@connect_url,
                  ksqldb_url=@ksqldb_url, label=@label, color=@color, security=@security, registry_username=@registry_username,
                  connect_username=@connect_username, ksqldb_username=@ksqldb_username, updated_at=@updated_at WHERE id=@id`)
        .run({ ...row, id: input.id }).changes;
      if (!changed) throw new TributaryError('NotFound', `No connection profile with id "${input.id}" to update`);
      return this.get(input.id);
    }
    const id = crypto.randomUUID().replace(/-/g, '').slice(0, 16);
    this.db
      .prepare(`INSERT INTO profiles (id, name, bootstrap, registry_url, connect_url, ksqldb_url, label, color, security, registry_username,
                connect_username, ksqldb_username, created_at, updated_at)
                VALUES (@id, @name, @bootstrap, @registry_url, @connect_url, @ksqldb_url, @label, @color, @security, @registry_username,
                @connect_username, @ksqldb_username, @updated_at, @updated_at)`)
      .run({ ...row, id });
    return this.get(id);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM profiles WHERE id = ?').run(id).changes > 0;
  }

  /** Every profile as JSON a colleague can import: endpoints, usernames and CA certificates, no secrets. */
  exportAll(): string {
    const profiles = this.list().map(({ id: _id, createdAt: _c, updatedAt: _u, ...rest }) => rest);
    return JSON.stringify({ format: EXPORT_FORMAT, exportedAt: new Date().toISOString(), profiles }, null, 2);
  }

  /** Imports an export; a profile whose name exists already, or that does not validate, is skipped with the reason. */
  importAll(json: string): { imported: string[]; skipped: Array<{ name: string; reason: string }> } {
    let document: { format?: unknown; profiles?: unknown };
    try {
      document = JSON.parse(json) as typeof document;
    } catch (error) {
      throw new TributaryError('Invalid', `The file is not JSON (${(error as Error).message}); choose a Tributary profiles export`);
    }
    if (document === null || typeof document !== 'object' || document.format !== EXPORT_FORMAT || !Array.isArray(document.profiles)) {
      throw new TributaryError('Invalid', `The file is not a Tributary profiles export (expected "format": "${EXPORT_FORMAT}")`);
    }
    const imported: string[] = [];
    const skipped: Array<{ name: string; reason: string }> = [];
    for (const candidate of document.profiles as unknown[]) {
      const raw = candidate && typeof candidate === 'object' ? { ...(candidate as Record<string, unknown>), id: undefined, secrets: undefined } : candidate;
      const named = (candidate as { name?: unknown } | null)?.name;
      const name = typeof named === 'string' ? named : '(unnamed)';
      const parsed = ProfileInput.safeParse(raw);
      if (!parsed.success) {
        skipped.push({ name, reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'profile'}: ${i.message}`).join('; ') });
        continue;
      }
      try {
        imported.push(this.save(parsed.data).name);
      } catch (error) {
        skipped.push({ name, reason: (error as Error).message });
      }
    }
    return { imported, skipped };
  }
}

export type { SavedProfile };
