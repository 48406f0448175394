// Throwaway TLS material for the secure broker: a CA made for one run, a broker certificate for 127.0.0.1 and
// localhost, and a client certificate for mTLS, all PEM, written with the openssl CLI (Node's crypto cannot
// sign X.509). Nothing here is meant to outlive the data dir it is written to.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface MeshCertificates {
  dir: string;
  caPem: string;
  /** Unencrypted PKCS#8 key, broker certificate and CA, in that order: what Kafka's PEM keystore reads. */
  brokerKeystoreFile: string;
  caFile: string;
  clientCertPem: string;
  clientKeyPem: string;
  /** The client certificate's subject, e.g. CN=tributary-client,O=Tributary mesh. */
  clientSubject: string;
}

const DAYS = '7';

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd, timeout: 30_000 });
  } catch (err) {
    const e = err as { code?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT') {
      throw new Error('the secure broker needs the openssl command to make its certificates — install openssl (e.g. apt-get install openssl) and run again');
    }
    throw new Error(`openssl ${args[0]} failed: ${(e.stderr || e.message).trim()}`);
  }
}

function serial(): string {
  return `0x${randomBytes(8).toString('hex')}`;
}

/** Writes a CA, a broker certificate and a client certificate (EC P-256, valid a week) into `dir`. */
export async function generateCertificates(dir: string): Promise<MeshCertificates> {
  mkdirSync(dir, { recursive: true });
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await openssl(['req', '-x509', ...key, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', DAYS, '-subj', '/O=Tributary mesh/CN=Tributary throwaway CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);

  writeFileSync(join(dir, 'broker.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n');
  const clientSubject = 'CN=tributary-client,O=Tributary mesh';
  await Promise.all([
    openssl(['req', ...key, '-keyout', 'broker.key', '-out', 'broker.csr', '-subj', '/O=Tributary mesh/CN=localhost'], dir),
    openssl(['req', ...key, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/O=Tributary mesh/CN=tributary-client'], dir),
  ]);
  const sign = (name: string) => openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', serial(), '-days', DAYS, '-extfile', `${name}.ext`, '-out', `${name}.pem`], dir);
  await Promise.all([sign('broker'), sign('client')]);

  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const caPem = read('ca.pem');
  const brokerKeystoreFile = join(dir, 'broker-keystore.pem');
  writeFileSync(brokerKeystoreFile, read('broker.key') + read('broker.pem') + caPem, { mode: 0o600 });
  return { dir, caPem, brokerKeystoreFile, caFile: join(dir, 'ca.pem'), clientCertPem: read('client.pem'), clientKeyPem: read('client.key'), clientSubject };
}
