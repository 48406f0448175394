// The lifecycle settings of a profile (SMTP, webhook, contacts directory, reminder days, "who I am"). The SMTP
// password and the webhook's signing secret live in the vault, never in this row.
import type { Db } from '../cache/open-cache.ts';
import type { Vault } from '../cluster/vault.ts';
import { NotificationSettings } from './values.ts';

export type StoredSettings = Omit<NotificationSettings, 'smtpPasswordSet' | 'webhookSecretSet'>;

export class LifecycleSettingsStore {
  private readonly db: Db;
  private readonly vault: Vault;
  constructor(db: Db, vault: Vault) {
    this.db = db;
    this.vault = vault;
  }

  get(profileId: string): NotificationSettings {
    const json = this.db.prepare('SELECT settings FROM lifecycle_settings WHERE profile_id = ?').pluck().get(profileId) as string | undefined;
    const held = this.vault.has(profileId);
    return NotificationSettings.parse({ ...(json ? (JSON.parse(json) as object) : {}), smtpPasswordSet: held.smtpPassword ?? false, webhookSecretSet: held.webhookSecret ?? false });
  }

  /** Saves settings and secrets together; undefined leaves a secret as it is, null or '' removes it. */
  save(profileId: string, settings: StoredSettings, secrets: { smtpPassword?: string | null | undefined; webhookSecret?: string | null | undefined }): NotificationSettings {
    const changes = Object.entries(secrets).filter(([, v]) => v !== undefined) as Array<['smtpPassword' | 'webhookSecret', string | null]>;
    const stored = changes.find(([, v]) => v);
    if (stored) this.vault.requireReady(`the ${stored[0] === 'smtpPassword' ? 'SMTP password' : 'webhook signing secret'}`);
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO lifecycle_settings (profile_id, settings) VALUES (?, ?) ON CONFLICT(profile_id) DO UPDATE SET settings = excluded.settings').run(profileId, JSON.stringify(settings));
      for (const [name, value] of changes) this.vault.set(profileId, name, value);
    })();
    return this.get(profileId);
  }
}
