// The OS-keychain cipher as the engine's utility process sees it. safeStorage only works in Electron's main
// process, and the vault's cipher is synchronous, so main unwraps one random data key with safeStorage at
// start and hands it over; each secret is then sealed with AES-256-GCM under that key (envelope encryption,
// the way Chromium's own os_crypt keeps its key in the keychain).
import crypto from 'node:crypto';
import type { SecretCipher } from '../../src/core/cluster/vault.ts';
import { TributaryError } from '../../src/core/errors.ts';

const FORMAT = 1;
export const KEYCHAIN_KEY_BYTES = 32;

export function keychainCipher(keyBase64: string): SecretCipher {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== KEYCHAIN_KEY_BYTES) throw new TributaryError('Internal', `The keychain data key has ${key.length} bytes, not ${KEYCHAIN_KEY_BYTES}; delete keychain-key.bin in the data folder and enter the secrets again`);
  return {
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(FORMAT), iv, cipher.getAuthTag(), body]);
    },
    decrypt(sealed) {
      // The vault turns any throw here into "cannot be decrypted — enter it again in the profile".
      if (sealed[0] !== FORMAT) throw new Error('unknown sealed-secret format');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
      decipher.setAuthTag(sealed.subarray(13, 29));
      return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
    },
  };
}
