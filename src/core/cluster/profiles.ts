// Connection profiles: where a cluster and its companions (registry, Connect, ksqlDB) live. Stored in the
// cache; secrets arrive with the connections issue and will live in the vault, never in this table.
import crypto from 'node:crypto';
import type { Db } from '../cache/open-cache.ts';
import type { z } from 'zod';
import type { Profile, ProfileInput } from '../contract.ts';
import { TributaryError } from '../errors.ts';

type SavedProfile = Omit<Profile, 'lastSnapshot'>;
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
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

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
      updated_at: now,
    };
    if (input.id) {
      const changed = this.db
        .prepare(`UPDATE profiles SET name=@name, bootstrap=@bootstrap, registry_url=@registry_url, connect_url=@connect_url,
                  ksqldb_url=@ksqldb_url, label=@label, color=@color, updated_at=@updated_at WHERE id=@id`)
        .run({ ...row, id: input.id }).changes;
      if (!changed) throw new TributaryError('NotFound', `No connection profile with id "${input.id}" to update`);
      return this.get(input.id);
    }
    const id = crypto.randomUUID().replace(/-/g, '').slice(0, 16);
    this.db
      .prepare(`INSERT INTO profiles (id, name, bootstrap, registry_url, connect_url, ksqldb_url, label, color, created_at, updated_at)
                VALUES (@id, @name, @bootstrap, @registry_url, @connect_url, @ksqldb_url, @label, @color, @updated_at, @updated_at)`)
      .run({ ...row, id });
    return this.get(id);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM profiles WHERE id = ?').run(id).changes > 0;
  }
}

export type { SavedProfile };
