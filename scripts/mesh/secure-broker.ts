// What makes the mesh's broker a secure one: a SASL_PLAINTEXT listener with SCRAM-SHA-256/512 (users written
// into the metadata when the storage is formatted), an SSL listener and an mTLS listener that requires a client
// certificate, and optionally KRaft's StandardAuthorizer. PLAINTEXT and CONTROLLER stay as they are, so the
// harness and inter-broker traffic need no credentials.
import { join } from 'node:path';
import type { ExtraListener, PropertyLine } from './config.ts';
import { generateCertificates } from './certificates.ts';

export interface SecureKafkaOptions {
  /**
   * Turn on `StandardAuthorizer` with `allow.everyone.if.no.acl.found=false`: only `admin` and ANONYMOUS (the
   * PLAINTEXT, CONTROLLER and plain SSL listeners) are super users; alice and the mTLS client need ACLs.
   */
  authorizer?: boolean;
}

export interface MeshUser {
  username: string;
  password: string;
}

/** SCRAM users created at format time, each for both SCRAM-SHA-256 and SCRAM-SHA-512. */
export const MESH_USERS = {
  admin: { username: 'admin', password: 'admin-secret' },
  alice: { username: 'alice', password: 'alice-secret' },
} as const satisfies Record<string, MeshUser>;

export interface SecureKafkaEndpoints {
  /** SASL_PLAINTEXT with SCRAM-SHA-256 and SCRAM-SHA-512. */
  saslBootstrap: string;
  /** SSL, server certificate only (the client's principal is ANONYMOUS). */
  sslBootstrap: string;
  /** SSL with ssl.client.auth=required: a client certificate signed by the CA is needed. */
  mtlsBootstrap: string;
  caPem: string;
  clientCertPem: string;
  clientKeyPem: string;
  /** The principal Kafka gives the mTLS client (its certificate's CN), e.g. for ACLs. */
  clientPrincipal: string;
  users: { admin: MeshUser; alice: MeshUser };
  authorizer: boolean;
}

export interface SecureBrokerSetup {
  listeners: ExtraListener[];
  properties: PropertyLine[];
  /** Arguments for `StorageTool format` that write the SCRAM users into the bootstrap metadata. */
  formatArgs: string[];
  endpoints: SecureKafkaEndpoints;
}

const SCRAM_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
const SCRAM_LOGIN = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';

/** Certificates into `<home>/tls` and the listener settings for the three secure ports. */
export async function prepareSecureBroker(home: string, ports: { sasl: number; ssl: number; mtls: number }, opts: SecureKafkaOptions = {}): Promise<SecureBrokerSetup> {
  const certs = await generateCertificates(join(home, 'tls'));
  const listeners: ExtraListener[] = [
    { name: 'SASL_PLAINTEXT', protocol: 'SASL_PLAINTEXT', port: ports.sasl },
    { name: 'SSL', protocol: 'SSL', port: ports.ssl },
    { name: 'MTLS', protocol: 'SSL', port: ports.mtls },
  ];
  const tls = (listener: string): PropertyLine[] => [
    [`listener.name.${listener}.ssl.keystore.type`, 'PEM'],
    [`listener.name.${listener}.ssl.keystore.location`, certs.brokerKeystoreFile],
    [`listener.name.${listener}.ssl.truststore.type`, 'PEM'],
    [`listener.name.${listener}.ssl.truststore.location`, certs.caFile],
  ];
  const properties: PropertyLine[] = [
    ['sasl.enabled.mechanisms', SCRAM_MECHANISMS.join(',')],
    ['listener.name.sasl_plaintext.sasl.enabled.mechanisms', SCRAM_MECHANISMS.join(',')],
    ...SCRAM_MECHANISMS.map((m): PropertyLine => [`listener.name.sasl_plaintext.${m.toLowerCase()}.sasl.jaas.config`, SCRAM_LOGIN]),
    ...tls('ssl'),
    ['listener.name.ssl.ssl.client.auth', 'none'],
    ...tls('mtls'),
    ['listener.name.mtls.ssl.client.auth', 'required'],
    // The mTLS client is User:tributary-client rather than its whole distinguished name.
    ['ssl.principal.mapping.rules', 'RULE:^CN=([^,]+).*$/$1/,DEFAULT'],
    ...(opts.authorizer
      ? ([
          ['authorizer.class.name', 'org.apache.kafka.metadata.authorizer.StandardAuthorizer'],
          ['allow.everyone.if.no.acl.found', false],
          ['super.users', `User:${MESH_USERS.admin.username};User:ANONYMOUS`],
        ] satisfies PropertyLine[])
      : []),
  ];
  const formatArgs = Object.values(MESH_USERS).flatMap((u) => SCRAM_MECHANISMS.flatMap((m) => ['--add-scram', `${m}=[name=${u.username},password=${u.password}]`]));
  return {
    listeners,
    properties,
    formatArgs,
    endpoints: {
      saslBootstrap: `127.0.0.1:${ports.sasl}`,
      sslBootstrap: `127.0.0.1:${ports.ssl}`,
      mtlsBootstrap: `127.0.0.1:${ports.mtls}`,
      caPem: certs.caPem,
      clientCertPem: certs.clientCertPem,
      clientKeyPem: certs.clientKeyPem,
      clientPrincipal: 'User:tributary-client',
      users: { admin: { ...MESH_USERS.admin }, alice: { ...MESH_USERS.alice } },
      authorizer: Boolean(opts.authorizer),
    },
  };
}
