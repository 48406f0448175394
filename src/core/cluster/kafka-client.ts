// kafkajs, configured for an explorer: short timeouts and few retries so an unreachable cluster is reported
// in seconds, no log noise on stdout, and its failures translated into named errors a user can act on.
import kafkajs from 'kafkajs';
import { TributaryError } from '../errors.ts';
import type { KafkaConnection } from './connection.ts';

const { Kafka, logLevel } = kafkajs;
export type KafkaAdmin = kafkajs.Admin;

/** A plain connection to a bootstrap list (tests, the harness, unsecured clusters). */
export function plaintext(bootstrap: string): KafkaConnection {
  return { bootstrap, principal: null };
}

// Connections that have had an answer to a real request (not just ApiVersions, which a SASL listener answers
// before authentication): the listener spoke the profile's protocol then, so a connection closed later is the
// broker going away, not a TLS/SASL mismatch.
const established = new WeakSet<KafkaConnection>();
const handshakeApis = new Set(['ApiVersions', 'SaslHandshake', 'SaslAuthenticate']);

class ExplorerKafka extends Kafka {
  connection: KafkaConnection | undefined;
  override admin(config?: kafkajs.AdminConfig): kafkajs.Admin {
    const admin = super.admin(config);
    const connection = this.connection;
    if (connection) {
      const stop = admin.on(admin.events.REQUEST, (event: { payload?: { apiName?: string } }) => {
        if (handshakeApis.has(event.payload?.apiName ?? 'ApiVersions')) return;
        established.add(connection);
        stop();
      });
    }
    return admin;
  }
}

export function createKafka(connection: KafkaConnection, clientId = 'tributary'): kafkajs.Kafka {
  const kafka = new ExplorerKafka({
    clientId,
    brokers: connection.bootstrap.split(',').map((b) => b.trim()),
    ...(connection.ssl ? { ssl: connection.ssl } : {}),
    ...(connection.sasl ? { sasl: connection.sasl } : {}),
    connectionTimeout: 3000,
    requestTimeout: 15000,
    retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 1000 },
    logLevel: logLevel.NOTHING,
  });
  kafka.connection = connection;
  return kafka;
}

/** Maps a kafkajs failure to a TributaryError that names the broker and the next step. */
export function explainKafkaError(error: unknown, connection: KafkaConnection): TributaryError {
  if (error instanceof TributaryError) return error;
  const bootstrap = connection.bootstrap;
  const e = error as { name?: string; message?: string; code?: string; cause?: unknown; originalError?: unknown };
  const chain: string[] = [];
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const c = cur as { message?: string; code?: string; type?: string; cause?: unknown; originalError?: unknown };
    chain.push(`${c.code ?? ''} ${c.type ?? ''} ${c.message ?? ''}`);
    cur = c.originalError ?? c.cause;
  }
  const text = chain.join(' | ');
  const tls = Boolean(connection.ssl);
  const protocol = `${connection.sasl ? 'SASL_' : ''}${tls ? 'SSL' : 'PLAINTEXT'}`;
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return new TributaryError('Unreachable', `Cannot resolve the broker host in "${bootstrap}" (DNS lookup failed) — check the bootstrap servers in the profile`, { cause: error });
  if (/ECONNREFUSED/.test(text)) return new TributaryError('Unreachable', `Connection refused by ${bootstrap} — is the broker running, and is the port right?`, { cause: error });
  // A SaslHandshake sent to a listener without SASL: the password is not the problem, the protocol is.
  if (/ILLEGAL_SASL_STATE|current SASL state|UNSUPPORTED_SASL_MECHANISM/.test(text) && connection.sasl) {
    return new TributaryError('AuthFailed', `${bootstrap} does not offer ${connection.principal ? `the profile's mechanism (${connection.principal})` : 'SASL'} on this listener — check the profile's security protocol (${protocol}) and SASL mechanism against the broker's listener on that port`, { cause: error });
  }
  if (established.has(connection) && /ECONNRESET|socket hang up|Closed connection|EPIPE/i.test(text)) {
    return new TributaryError('Unreachable', `${bootstrap} closed the connection part-way — the broker stopped or restarted; try again once it is back`, { cause: error });
  }
  if (/SASL|Authentication/i.test(text)) return new TributaryError('AuthFailed', `SASL authentication failed for ${connection.principal ?? 'this profile'} on ${bootstrap} — check the username and password in the profile`, { cause: error });
  if (/ECONNRESET|socket hang up|Closed connection/i.test(text) && !tls) return new TributaryError('Unreachable', `${bootstrap} closed the connection during the handshake — does the listener expect TLS or SASL? Check the profile's security protocol (${protocol})`, { cause: error });
  if (tls && /before secure TLS connection was established|wrong version number|packet length too long|ECONNRESET|Closed connection/i.test(text)) {
    return new TributaryError('TlsFailed', `${bootstrap} did not answer the TLS handshake — the port is probably a PLAINTEXT or SASL_PLAINTEXT listener; check the profile's security protocol (${protocol})`, { cause: error });
  }
  if (tls && /alert bad certificate|alert certificate required|alert handshake failure/i.test(text) && !(connection.ssl as { cert?: unknown }).cert) {
    return new TributaryError('TlsFailed', `${bootstrap} requires a client certificate (mTLS) and the profile has none — add the client certificate and its key to the profile`, { cause: error });
  }
  if (/SSL|TLS|certificate|EPROTO/i.test(text)) return new TributaryError('TlsFailed', `TLS handshake with ${bootstrap} failed: ${e.message ?? ''} — check the security settings and CA`, { cause: error });
  if (/TOPIC_AUTHORIZATION_FAILED|CLUSTER_AUTHORIZATION_FAILED|not authorized/i.test(text)) return new TributaryError('Forbidden', `The cluster at ${bootstrap} refused: ${e.message ?? ''} — the profile's principal lacks DESCRIBE permission`, { cause: error });
  if (/timed? ?out|ETIMEDOUT|Connection timeout|NumberOfRetriesExceeded/i.test(text)) return new TributaryError('Unreachable', `No answer from ${bootstrap} in time (${e.message ?? 'timeout'}) — is the address right and the broker up?`, { cause: error });
  // kafkajs's BrokerPool.withBroker swallows each broker's failure and returns null when none answered; its
  // callers then destructure that null (listTopics, metadata). Seen when the broker is killed mid-sync.
  if (error instanceof TypeError && /Cannot destructure property '\w+' of .* as it is null|Cannot read properties of null/.test(text)) {
    return new TributaryError('Unreachable', `No broker of ${bootstrap} answered part-way through — the broker stopped or restarted; try again once it is back`, { cause: error });
  }
  if (/NOT_LEADER|LEADER_NOT_AVAILABLE|not the leader for that topic-partition|no leader for this topic-partition/i.test(text)) {
    return new TributaryError('Unreachable', `${bootstrap} has not finished electing partition leaders (it may have just restarted) — try again in a few seconds`, { cause: error });
  }
  if (/UNKNOWN_TOPIC_OR_PARTITION|does not host this topic-partition/i.test(text)) {
    return new TributaryError('Unreachable', `${bootstrap} does not host a partition it named a moment ago — it may have just restarted and still be loading its logs, or the topic was just deleted; try again in a few seconds`, { cause: error });
  }
  return new TributaryError('Internal', `Kafka at ${bootstrap} failed: ${e.message ?? String(error)}`, { cause: error });
}

/**
 * Retries a call that failed with an error Kafka marks retriable — a partition whose leader is still being
 * elected right after its topic was created, say. kafkajs's own retries are kept short so an unreachable
 * cluster is reported in seconds; this gives operations on a reachable one the patience they need.
 */
export async function retryRetriable<T>(call: () => Promise<T>, options: { attempts?: number; signal?: AbortSignal } = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || options.signal?.aborted || !isRetriable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

/** Whether Kafka answered UNKNOWN_TOPIC_OR_PARTITION (directly or as the cause kafkajs wrapped): a topic deleted since it was listed, or a broker still loading. */
export function isUnknownTopic(error: unknown): boolean {
  for (let e = error as { type?: string; message?: string; cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (/UNKNOWN_TOPIC_OR_PARTITION|does not host this topic-partition/i.test(`${e.type ?? ''} ${e.message ?? ''}`)) return true;
    e = (e.cause ?? e.originalError) as typeof e;
  }
  return false;
}

/**
 * Whether Kafka marked the failure retriable. kafkajs gives up after its own short retries with a
 * KafkaJSNumberOfRetriesExceeded that is itself "not retriable" but carries the retriable cause (a leader
 * election, a partition not yet hosted): that counts too.
 */
function isRetriable(error: unknown): boolean {
  const e = error as { retriable?: boolean; name?: string; cause?: { retriable?: boolean }; originalError?: { retriable?: boolean } };
  if (e.retriable) return true;
  return e.name === 'KafkaJSNumberOfRetriesExceeded' && Boolean(e.cause?.retriable || e.originalError?.retriable);
}
