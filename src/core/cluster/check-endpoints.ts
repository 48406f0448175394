// "Test connection": checks each endpoint a profile names and says exactly what failed for each.
import type { EndpointCheck } from '../contract.ts';
import { explainNetworkError } from './network-error.ts';
import { TributaryError, toErrorValue } from '../errors.ts';
import { createKafka, explainKafkaError } from './kafka-client.ts';
import type { SavedProfile } from './profiles.ts';
import { authorizationHeader, httpEndpoint, kafkaConnection } from './connection.ts';
import type { Vault } from './vault.ts';

async function timed(endpoint: EndpointCheck['endpoint'], target: string, check: () => Promise<string>): Promise<EndpointCheck> {
  const started = performance.now();
  try {
    const detail = await check();
    return { endpoint, target, ok: true, detail, millis: Math.round(performance.now() - started) };
  } catch (error) {
    const { kind, message } = toErrorValue(error);
    return { endpoint, target, ok: false, detail: message, errorKind: kind, millis: Math.round(performance.now() - started) };
  }
}

/** GETs an HTTP endpoint and names the failure: DNS, refused, TLS, 401/403, wrong path (404). */
export async function probeHttp(url: string, what: string, authorization?: string, init: { method?: string; body?: string; contentType?: string } = {}): Promise<Response> {
  let response: Response;
  try {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (authorization) headers.authorization = authorization;
    if (init.contentType) headers['content-type'] = init.contentType;
    response = await fetch(url, { method: init.method ?? 'GET', body: init.body, signal: AbortSignal.timeout(10_000), headers });
  } catch (error) {
    throw explainNetworkError(error, { who: `the ${what}`, url, timeoutSeconds: 10 });
  }
  if (response.status === 401) throw new TributaryError('AuthFailed', `The ${what} at ${url} answered 401 Unauthorized — check the credentials in the profile`);
  if (response.status === 403) throw new TributaryError('Forbidden', `The ${what} at ${url} answered 403 Forbidden — the profile's user lacks access`);
  if (response.status === 404) throw new TributaryError('NotFound', `The ${what} answered 404 at ${url} — the URL path is probably wrong`);
  if (!response.ok) throw new TributaryError('Unreachable', `The ${what} at ${url} answered HTTP ${response.status}`);
  if (!/json/i.test(response.headers.get('content-type') ?? '')) {
    throw new TributaryError('Invalid', `The ${what} at ${url} answered ${response.headers.get('content-type') || 'something'} instead of JSON — the URL probably points at a web page, not the API`);
  }
  return response;
}

export async function checkProfileEndpoints(profile: SavedProfile, vault: Vault): Promise<EndpointCheck[]> {
  const endpoint = (which: 'registry' | 'connect') => {
    const e = httpEndpoint(profile, vault, which);
    return { url: e.url, authorization: authorizationHeader(e) };
  };
  const checks: Array<Promise<EndpointCheck>> = [
    timed('kafka', profile.bootstrap, async () => {
      const connection = kafkaConnection(profile, vault);
      const admin = createKafka(connection, 'tributary-check').admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return `cluster ${cluster.clusterId}, ${cluster.brokers.length} broker(s)${connection.principal ? `, as ${connection.principal}` : ''}`;
      } catch (error) {
        throw explainKafkaError(error, connection);
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }),
  ];
  if (profile.registryUrl) {
    checks.push(
      timed('registry', profile.registryUrl, async () => {
        const { url, authorization } = endpoint('registry');
        const subjects = (await (await probeHttp(`${url}/subjects`, 'schema registry', authorization)).json()) as unknown;
        if (!Array.isArray(subjects)) throw new TributaryError('Invalid', `${profile.registryUrl}/subjects did not return a list — is this a Confluent-compatible registry URL (Apicurio: …/apis/ccompat/v7)?`);
        return `${subjects.length} subject(s)`;
      }),
    );
  }
  if (profile.connectUrl) {
    checks.push(
      timed('connect', profile.connectUrl, async () => {
        const { url, authorization } = endpoint('connect');
        const info = (await (await probeHttp(`${url}/`, 'Kafka Connect worker', authorization)).json()) as { version?: string };
        if (!info.version) throw new TributaryError('Invalid', `${profile.connectUrl} answered, but not like a Kafka Connect worker — check the URL`);
        return `Kafka Connect ${info.version}`;
      }),
    );
  }
  return Promise.all(checks);
}
