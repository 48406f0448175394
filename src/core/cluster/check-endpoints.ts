// "Test connection": checks each endpoint a profile names and says exactly what failed for each.
import type { EndpointCheck } from '../contract.ts';
import { TributaryError, toErrorValue } from '../errors.ts';
import { createKafka, explainKafkaError } from './kafka-client.ts';
import type { SavedProfile } from './profiles.ts';

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
export async function probeHttp(url: string, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(5000), headers: { accept: 'application/json' } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? (error as Error).name;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw new TributaryError('Unreachable', `Cannot resolve the host of the ${what} URL ${url} (DNS lookup failed) — check the URL`);
    if (code === 'ECONNREFUSED') throw new TributaryError('Unreachable', `Connection refused by the ${what} at ${url} — is it running, and is the port right?`);
    if (code === 'TimeoutError') throw new TributaryError('Unreachable', `No answer from the ${what} at ${url} within 5 s — is the address right?`);
    if (/CERT|SSL|TLS/i.test(String(code) + (cause?.message ?? ''))) throw new TributaryError('TlsFailed', `TLS with the ${what} at ${url} failed (${cause?.message ?? code}) — check its certificate or the CA`);
    throw new TributaryError('Unreachable', `The ${what} at ${url} could not be reached: ${cause?.message ?? (error as Error).message}`);
  }
  if (response.status === 401) throw new TributaryError('AuthFailed', `The ${what} at ${url} answered 401 Unauthorized — check the credentials in the profile`);
  if (response.status === 403) throw new TributaryError('Forbidden', `The ${what} at ${url} answered 403 Forbidden — the profile's user lacks access`);
  if (response.status === 404) throw new TributaryError('NotFound', `The ${what} answered 404 at ${url} — the URL path is probably wrong`);
  if (!response.ok) throw new TributaryError('Unreachable', `The ${what} at ${url} answered HTTP ${response.status}`);
  return response;
}

export async function checkProfileEndpoints(profile: SavedProfile): Promise<EndpointCheck[]> {
  const checks: Array<Promise<EndpointCheck>> = [
    timed('kafka', profile.bootstrap, async () => {
      const admin = createKafka(profile.bootstrap, 'tributary-check').admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return `cluster ${cluster.clusterId}, ${cluster.brokers.length} broker(s)`;
      } catch (error) {
        throw explainKafkaError(error, profile.bootstrap);
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    }),
  ];
  if (profile.registryUrl) {
    checks.push(
      timed('registry', profile.registryUrl, async () => {
        const subjects = (await (await probeHttp(`${profile.registryUrl}/subjects`, 'schema registry')).json()) as unknown;
        if (!Array.isArray(subjects)) throw new TributaryError('Invalid', `${profile.registryUrl}/subjects did not return a list — is this a Confluent-compatible registry URL (Apicurio: …/apis/ccompat/v7)?`);
        return `${subjects.length} subject(s)`;
      }),
    );
  }
  if (profile.connectUrl) {
    checks.push(
      timed('connect', profile.connectUrl, async () => {
        const info = (await (await probeHttp(`${profile.connectUrl}/`, 'Kafka Connect worker')).json()) as { version?: string };
        if (!info.version) throw new TributaryError('Invalid', `${profile.connectUrl} answered, but not like a Kafka Connect worker — check the URL`);
        return `Kafka Connect ${info.version}`;
      }),
    );
  }
  return Promise.all(checks);
}
