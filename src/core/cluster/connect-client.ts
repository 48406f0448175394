// A small client for the Kafka Connect REST API: what sync and lineage need (connectors with their type,
// config, status and topics), with failures named like every other endpoint's.
import { TributaryError } from '../errors.ts';
import { probeHttp } from './check-endpoints.ts';
import { authorizationHeader, type HttpEndpoint } from './connection.ts';

export interface ConnectorReading {
  name: string;
  type: 'source' | 'sink' | 'unknown';
  connectorClass: string;
  state: string;
  workerId: string;
  config: Record<string, string>;
  tasks: Array<{ id: number; state: string; workerId: string; trace: string | null }>;
  topics: string[];
}

interface ExpandedConnector {
  info?: { name: string; type?: string; config?: Record<string, string> };
  status?: { connector?: { state?: string; worker_id?: string }; tasks?: Array<{ id: number; state: string; worker_id: string; trace?: string }> };
}

const SENSITIVE_KEY = /password|secret|token|credential|sasl\.jaas|key$|\.key\b/i;

/** Masks connector configs that look like credentials: the cache never holds them in clear. */
export function maskConnectorConfig(config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, SENSITIVE_KEY.test(k) && !/converter|serializer|\.class$/.test(k) ? '(hidden)' : v]));
}

export async function readConnectors(endpoint: HttpEndpoint, signal?: AbortSignal): Promise<ConnectorReading[]> {
  const baseUrl = endpoint.url;
  const authorization = authorizationHeader(endpoint);
  const expanded = (await (await probeHttp(`${baseUrl}/connectors?expand=info&expand=status`, 'Kafka Connect worker', authorization)).json()) as Record<string, ExpandedConnector>;
  if (!expanded || typeof expanded !== 'object' || Array.isArray(expanded)) {
    throw new TributaryError('Invalid', `${baseUrl}/connectors did not answer like a Kafka Connect worker — check the Connect URL`);
  }
  const connectors: ConnectorReading[] = [];
  for (const [name, c] of Object.entries(expanded)) {
    if (signal?.aborted) throw new TributaryError('Cancelled', 'Sync cancelled; the previous snapshot is unchanged');
    let topics: string[] = [];
    try {
      const active = (await (await probeHttp(`${baseUrl}/connectors/${encodeURIComponent(name)}/topics`, 'Kafka Connect worker', authorization)).json()) as Record<string, { topics?: string[] }>;
      topics = active[name]?.topics ?? [];
    } catch (error) {
      // Workers with topic tracking disabled answer an error here; the config still names the topics.
      if (!(error instanceof TributaryError) || error.kind === 'Unreachable') throw error;
    }
    const config = c.info?.config ?? {};
    connectors.push({
      name,
      type: c.info?.type === 'source' || c.info?.type === 'sink' ? c.info.type : 'unknown',
      connectorClass: config['connector.class'] ?? '',
      state: c.status?.connector?.state ?? 'UNKNOWN',
      workerId: c.status?.connector?.worker_id ?? '',
      config: maskConnectorConfig(config),
      tasks: (c.status?.tasks ?? []).map((t) => ({ id: t.id, state: t.state, workerId: t.worker_id, trace: t.trace ?? null })),
      topics,
    });
  }
  return connectors.sort((a, b) => a.name.localeCompare(b.name));
}
