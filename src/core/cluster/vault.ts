// Secrets (SASL passwords, client keys, registry/Connect/ksqlDB passwords) are stored only encrypted. The
// cipher is either the OS keychain (Electron's safeStorage, provided by electron/main through the
// SecretCipher interface) or a passphrase vault: a key derived with scrypt from the user's passphrase,
// AES-256-GCM per secret, and a verifier so a wrong passphrase is refused rather than decrypting garbage.
import crypto from 'node:crypto';
import type { Db } from '../cache/open-cache.ts';
import { TributaryError } from '../errors.ts';

/** What the Electron face provides when the OS keychain is usable (safeStorage). */
export interface SecretCipher {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

export type VaultKind = 'os-keychain' | 'passphrase';
export type VaultState = 'ready' | 'locked' | 'uninitialised';
export const secretNames = ['saslPassword', 'clientKeyPem', 'registryPassword', 'connectPassword', 'ksqldbPassword', 'smtpPassword', 'webhookSecret'] as const;
export type SecretName = (typeof secretNames)[number];

const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const VERIFIER = 'tributary-vault-v1';

function seal(key: Buffer, plain: string): Buffer {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer): string {
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
}

export class Vault {
  private readonly db: Db;
  private readonly osCipher: SecretCipher | null;
  private key: Buffer | null = null;
  readonly warning: string | null;

  constructor(db: Db, options: { osCipher?: SecretCipher | null; warning?: string | null } = {}) {
    this.db = db;
    this.osCipher = options.osCipher ?? null;
    this.warning = options.warning ?? null;
  }

  get kind(): VaultKind {
    return this.osCipher ? 'os-keychain' : 'passphrase';
  }

  private meta(): { salt: Buffer; verifier: Buffer } | undefined {
    return this.db.prepare("SELECT salt, verifier FROM vault_meta WHERE id = 'passphrase'").get() as { salt: Buffer; verifier: Buffer } | undefined;
  }

  state(): VaultState {
    if (this.osCipher || this.key) return 'ready';
    return this.meta() ? 'locked' : 'uninitialised';
  }

  /** Unlocks the passphrase vault, creating it on first use. A wrong passphrase is refused by name. */
  unlock(passphrase: string): void {
    if (this.osCipher) return;
    const meta = this.meta();
    if (!meta) {
      if (passphrase.length < 8) throw new TributaryError('Invalid', 'Choose a vault passphrase of at least 8 characters');
      const salt = crypto.randomBytes(16);
      const key = crypto.scryptSync(passphrase, salt, 32, SCRYPT);
      this.db.prepare("INSERT INTO vault_meta (id, salt, verifier) VALUES ('passphrase', ?, ?)").run(salt, seal(key, VERIFIER));
      this.key = key;
      return;
    }
    const key = crypto.scryptSync(passphrase, meta.salt, 32, SCRYPT);
    try {
      if (open(key, meta.verifier) !== VERIFIER) throw new Error('verifier mismatch');
    } catch {
      throw new TributaryError('AuthFailed', 'That vault passphrase is wrong — saved secrets stay encrypted until the right one is given');
    }
    this.key = key;
  }

  lock(): void {
    this.key = null;
  }

  /** Throws the named reason when secrets cannot be sealed or opened right now. */
  requireReady(purpose: string): void {
    if (this.state() === 'ready') return;
    throw new TributaryError(
      'Forbidden',
      this.state() === 'uninitialised'
        ? `Set a vault passphrase first (Connections page → Vault) to store ${purpose}; secrets are never written in clear`
        : `The vault is locked — unlock it with your passphrase (Connections page → Vault) to use ${purpose}`,
    );
  }

  set(profileId: string, name: SecretName, value: string | null): void {
    if (value === null || value === '') {
      this.db.prepare('DELETE FROM secrets WHERE profile_id = ? AND name = ?').run(profileId, name);
      return;
    }
    this.requireReady(`the ${name} of this profile`);
    const sealed = this.osCipher ? this.osCipher.encrypt(value) : seal(this.key!, value);
    this.db.prepare('INSERT INTO secrets (profile_id, name, kind, sealed) VALUES (?, ?, ?, ?) ON CONFLICT (profile_id, name) DO UPDATE SET kind = excluded.kind, sealed = excluded.sealed').run(profileId, name, this.kind, sealed);
  }

  /** Names of the secrets a profile has, without decrypting anything. */
  has(profileId: string): Partial<Record<SecretName, boolean>> {
    const rows = this.db.prepare('SELECT name FROM secrets WHERE profile_id = ?').pluck().all(profileId) as SecretName[];
    return Object.fromEntries(rows.map((n) => [n, true]));
  }

  get(profileId: string, name: SecretName, purpose: string): string | null {
    const row = this.db.prepare('SELECT kind, sealed FROM secrets WHERE profile_id = ? AND name = ?').get(profileId, name) as { kind: VaultKind; sealed: Buffer } | undefined;
    if (!row) return null;
    this.requireReady(purpose);
    if (row.kind !== this.kind) throw new TributaryError('Forbidden', `The ${name} for this profile was sealed by the ${row.kind} vault, which is not available here — enter it again in the profile`);
    try {
      return this.osCipher ? this.osCipher.decrypt(row.sealed) : open(this.key!, row.sealed);
    } catch {
      throw new TributaryError('Forbidden', `The saved ${name} for this profile cannot be decrypted — enter it again in the profile`);
    }
  }
}
