// Resolves a profile and its vault secrets into what each client needs: kafkajs's ssl/sasl options and the
// HTTP Authorization header for the registry, Connect and ksqlDB. Secrets are read only at connect time.
import type { SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';
import type { SavedProfile } from './profiles.ts';
import type { SecretName, Vault } from './vault.ts';

export interface KafkaConnection {
  bootstrap: string;
  ssl?: ConnectionOptions | boolean;
  sasl?: SASLOptions;
  /** For messages: "user 'alice' via SCRAM-SHA-512". */
  principal: string | null;
}

export interface HttpEndpoint {
  url: string;
  auth?: { username: string; password: string };
}

export function authorizationHeader(endpoint: HttpEndpoint): string | undefined {
  return endpoint.auth ? `Basic ${Buffer.from(`${endpoint.auth.username}:${endpoint.auth.password}`).toString('base64')}` : undefined;
}

export function kafkaConnection(profile: SavedProfile, vault: Vault): KafkaConnection {
  const s = profile.security;
  const connection: KafkaConnection = { bootstrap: profile.bootstrap, principal: null };
  if (s.protocol === 'SSL' || s.protocol === 'SASL_SSL') {
    const key = vault.get(profile.id, 'clientKeyPem', `the client key of "${profile.name}"`);
    connection.ssl = {
      rejectUnauthorized: s.rejectUnauthorized,
      ...(s.caPem ? { ca: [s.caPem] } : {}),
      ...(s.clientCertPem && key ? { cert: s.clientCertPem, key } : {}),
    };
  }
  if (s.protocol === 'SASL_PLAINTEXT' || s.protocol === 'SASL_SSL') {
    const password = vault.get(profile.id, 'saslPassword', `the SASL password of "${profile.name}"`) ?? '';
    connection.sasl = { mechanism: s.saslMechanism, username: s.username, password } as SASLOptions;
    connection.principal = `user '${s.username}' via ${s.saslMechanism.toUpperCase()}`;
  }
  return connection;
}

export function httpEndpoint(profile: SavedProfile, vault: Vault, which: 'registry' | 'connect' | 'ksqldb'): HttpEndpoint {
  const url = which === 'registry' ? profile.registryUrl : which === 'connect' ? profile.connectUrl : profile.ksqldbUrl;
  const username = which === 'registry' ? profile.registryUsername : which === 'connect' ? profile.connectUsername : profile.ksqldbUsername;
  if (!username) return { url };
  const secret: SecretName = `${which}Password`;
  const password = vault.get(profile.id, secret, `the ${which} password of "${profile.name}"`) ?? '';
  return { url, auth: { username, password } };
}
