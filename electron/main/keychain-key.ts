// The data key that seals secrets in the OS-keychain vault, kept in <data>/keychain-key.bin encrypted by
// Electron's safeStorage (which only main can use). Main unwraps it at start and hands it to the engine's
// utility process; see electron/engine/keychain-cipher.ts for why one key rather than one call per secret.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: which secret store backs safeStorage; "basic_text" means it only obfuscates. */
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

export interface KeychainKey {
  /** base64 of 32 random bytes; null when the OS keychain is not usable (the passphrase vault is used). */
  key: string | null;
  /** Shown beside the vault: why the OS keychain is not used, or what happened to an unreadable key. */
  warning: string | null;
}

export const KEY_FILE = 'keychain-key.bin';

export function loadKeychainKey(dataDir: string, safeStorage: SafeStorageLike, platform: NodeJS.Platform): KeychainKey {
  const backend = platform === 'linux' ? (safeStorage.getSelectedStorageBackend?.() ?? 'unknown') : 'os';
  if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text') {
    return {
      key: null,
      warning:
        backend === 'basic_text'
          ? "This desktop has no keyring, so Electron's safeStorage would only obfuscate secrets (basic_text backend); Tributary uses its passphrase vault instead."
          : 'The OS keychain is not available; Tributary uses its passphrase vault instead.',
    };
  }
  const file = path.join(dataDir, KEY_FILE);
  let warning: string | null = null;
  if (fs.existsSync(file)) {
    try {
      const key = safeStorage.decryptString(fs.readFileSync(file));
      if (Buffer.from(key, 'base64').length === 32) return { key, warning: null };
      throw new Error('wrong key length');
    } catch {
      // A keychain reset or a copied profile: keep the old file for inspection and start a new key, so new
      // secrets can be saved; secrets sealed under the old key ask to be entered again.
      fs.renameSync(file, `${file}.unreadable-${Date.now()}`);
      warning = 'The OS keychain could not open the key that sealed your saved secrets (was the keychain reset?); enter the passwords of your profiles again.';
    }
  }
  const key = crypto.randomBytes(32).toString('base64');
  fs.mkdirSync(dataDir, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, safeStorage.encryptString(key), { mode: 0o600 });
  fs.renameSync(temporary, file);
  return { key, warning };
}
