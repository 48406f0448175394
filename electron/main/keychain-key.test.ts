import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keychainCipher } from '../engine/keychain-cipher.ts';
import { KEY_FILE, loadKeychainKey, type SafeStorageLike } from './keychain-key.ts';

/** Stands in for safeStorage: reversible, but visibly not plain text, and it can be told to fail. */
function fakeSafeStorage(options: { available?: boolean; backend?: string; broken?: boolean } = {}): SafeStorageLike {
  return {
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString: (plain) => Buffer.from(`sealed:${Buffer.from(plain).toString('hex')}`),
    decryptString: (sealed) => {
      if (options.broken) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(sealed.toString().slice('sealed:'.length), 'hex').toString();
    },
  };
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-keychain-'));

describe('the keychain data key', () => {
  it('is created once, stored only sealed by the keychain, and the same on the next start', () => {
    const dir = tempDir();
    const first = loadKeychainKey(dir, fakeSafeStorage(), 'linux');
    expect(first.warning).toBeNull();
    expect(Buffer.from(first.key!, 'base64')).toHaveLength(32);
    expect(fs.readFileSync(path.join(dir, KEY_FILE), 'utf8')).not.toContain(first.key!);
    expect(loadKeychainKey(dir, fakeSafeStorage(), 'linux').key).toBe(first.key);
  });

  it('is not used on a Linux desktop without a keyring, and the vault says why', () => {
    const result = loadKeychainKey(tempDir(), fakeSafeStorage({ backend: 'basic_text' }), 'linux');
    expect(result).toEqual({ key: null, warning: expect.stringContaining('basic_text') });
    expect(loadKeychainKey(tempDir(), fakeSafeStorage({ available: false }), 'darwin')).toEqual({ key: null, warning: expect.stringContaining('not available') });
  });

  it('is replaced, with a warning and the old file kept, when the keychain can no longer open it', () => {
    const dir = tempDir();
    const first = loadKeychainKey(dir, fakeSafeStorage(), 'win32');
    const second = loadKeychainKey(dir, fakeSafeStorage({ broken: true }), 'win32');
    expect(second.key).not.toBe(first.key);
    expect(second.warning).toContain('enter the passwords');
    expect(fs.readdirSync(dir).some((name) => name.startsWith(`${KEY_FILE}.unreadable-`))).toBe(true);
  });

  it('seals secrets the engine can open again, and no one without the key can', () => {
    const { key } = loadKeychainKey(tempDir(), fakeSafeStorage(), 'darwin');
    const sealed = keychainCipher(key!).encrypt('s3cret-sasl-password');
    expect(sealed.toString('latin1')).not.toContain('s3cret');
    expect(keychainCipher(key!).decrypt(sealed)).toBe('s3cret-sasl-password');
    expect(() => keychainCipher(Buffer.alloc(32, 1).toString('base64')).decrypt(sealed)).toThrow();
    expect(() => keychainCipher('c2hvcnQ=')).toThrow(/32/);
  });
});
