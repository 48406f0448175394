// Pure pieces of the local mesh: which versions run, where they live in the cache, the config files the
// broker and the Connect worker read, and free loopback ports. No process is started here.
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { homedir } from 'node:os';

export type ComponentName = 'kafka' | 'connect' | 'registry';

export interface ComponentSpec {
  name: ComponentName;
  /** What a user sees in messages. */
  title: string;
  version: string;
  /** Oldest Java feature release that runs it. */
  minJava: number;
}

export const COMPONENTS: Record<ComponentName, ComponentSpec> = {
  kafka: { name: 'kafka', title: 'Apache Kafka broker', version: '4.4.0', minJava: 17 },
  connect: { name: 'connect', title: 'Kafka Connect worker', version: '4.3.1', minJava: 17 },
  registry: { name: 'registry', title: 'Apicurio Registry', version: '3.3.3', minJava: 21 },
};

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.TRIBUTARY_CACHE || join(homedir(), '.cache', 'tributary'), 'mesh');
}

/** The finished download of a component; `${dir}.partial` while it is being written. */
export function componentDir(name: ComponentName, root = cacheRoot()): string {
  return join(root, `${name}-${COMPONENTS[name].version}`);
}

/** A KRaft cluster id: 16 random bytes in URL-safe base64 without padding, as `kafka-storage random-uuid` prints. */
export function newClusterId(): string {
  // Like Kafka's Uuid.randomUuid, never one that starts with '-': the storage tool's argument parser would
  // read it as an option ("argument --cluster-id: expected one argument") — 1 start in 64 failed so.
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export type PropertyLine = [string, string | number | boolean];

/** A client listener beside PLAINTEXT, e.g. { name: 'SASL_PLAINTEXT', protocol: 'SASL_PLAINTEXT', port }. */
export interface ExtraListener {
  name: string;
  protocol: 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';
  port: number;
}

export interface BrokerConfig {
  nodeId: number;
  brokerPort: number;
  controllerPort: number;
  logDir: string;
  /** Client listeners besides PLAINTEXT; inter-broker and controller traffic stays on the plaintext ones. */
  extraListeners?: ExtraListener[];
  /** Appended as they are (listener.name.* settings, the authorizer…); a key given here wins over a default. */
  extraProperties?: PropertyLine[];
}

export function renderBrokerProperties(c: BrokerConfig): string {
  const extra = c.extraListeners ?? [];
  const clientListeners = [`PLAINTEXT://127.0.0.1:${c.brokerPort}`, ...extra.map((l) => `${l.name}://127.0.0.1:${l.port}`)];
  const lines: PropertyLine[] = [
    ['process.roles', 'broker,controller'],
    ['node.id', c.nodeId],
    ['controller.quorum.voters', `${c.nodeId}@127.0.0.1:${c.controllerPort}`],
    ['listeners', [...clientListeners.slice(0, 1), `CONTROLLER://127.0.0.1:${c.controllerPort}`, ...clientListeners.slice(1)].join(',')],
    ['advertised.listeners', clientListeners.join(',')],
    ['controller.listener.names', 'CONTROLLER'],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['listener.security.protocol.map', ['PLAINTEXT:PLAINTEXT', 'CONTROLLER:PLAINTEXT', ...extra.map((l) => `${l.name}:${l.protocol}`)].join(',')],
    ['log.dirs', c.logDir],
    ['num.partitions', 1],
    ['default.replication.factor', 1],
    ['min.insync.replicas', 1],
    // One node: every internal topic must fit on it.
    ['offsets.topic.replication.factor', 1],
    ['offsets.topic.num.partitions', 10],
    ['transaction.state.log.replication.factor', 1],
    ['transaction.state.log.min.isr', 1],
    ['transaction.state.log.num.partitions', 5],
    ['share.coordinator.state.topic.replication.factor', 1],
    ['share.coordinator.state.topic.min.isr', 1],
    // Topics exist because someone meant them to: the app and the tests create theirs explicitly.
    ['auto.create.topics.enable', false],
    ['group.initial.rebalance.delay.ms', 0],
    ['log.segment.bytes', 16 * 1024 * 1024],
    ['log.retention.check.interval.ms', 60_000],
    ['num.network.threads', 2],
    ['num.io.threads', 2],
    ['num.recovery.threads.per.data.dir', 1],
  ];
  const overrides = new Map(c.extraProperties ?? []);
  return renderProperties([...lines.filter(([k]) => !overrides.has(k)), ...overrides]);
}

export interface ConnectConfig {
  bootstrap: string;
  restPort: number;
  pluginPath: string;
  offsetFlushMs?: number;
}

export function renderConnectProperties(c: ConnectConfig): string {
  return renderProperties([
    ['bootstrap.servers', c.bootstrap],
    ['group.id', 'tributary-local-connect'],
    ['listeners', `http://127.0.0.1:${c.restPort}`],
    ['rest.advertised.host.name', '127.0.0.1'],
    ['rest.advertised.port', c.restPort],
    ['key.converter', 'org.apache.kafka.connect.storage.StringConverter'],
    ['value.converter', 'org.apache.kafka.connect.json.JsonConverter'],
    ['value.converter.schemas.enable', false],
    ['config.storage.topic', '_connect-configs'],
    ['offset.storage.topic', '_connect-offsets'],
    ['status.storage.topic', '_connect-status'],
    ['config.storage.replication.factor', 1],
    ['offset.storage.replication.factor', 1],
    ['status.storage.replication.factor', 1],
    ['offset.storage.partitions', 5],
    ['status.storage.partitions', 1],
    ['offset.flush.interval.ms', c.offsetFlushMs ?? 5_000],
    ['plugin.path', c.pluginPath],
  ]);
}

/** log4j2 for the broker and the worker: everything at INFO to stdout, which the harness sends to a file. */
export function renderLog4j2(): string {
  return [
    'status = warn',
    'appender.out.type = Console',
    'appender.out.name = STDOUT',
    'appender.out.layout.type = PatternLayout',
    'appender.out.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.out.ref = STDOUT',
    // These two repeat themselves every few seconds on an idle node.
    'logger.kafkaRequest.name = kafka.request.logger',
    'logger.kafkaRequest.level = WARN',
    'logger.reflections.name = org.reflections',
    'logger.reflections.level = ERROR',
    '',
  ].join('\n');
}

export interface RegistryConfig {
  httpPort: number;
  managementPort: number;
}

/** Java system properties for Apicurio: in-memory (H2) storage on 127.0.0.1, no auth, quiet logs. */
export function registrySystemProperties(c: RegistryConfig): Record<string, string> {
  return {
    'quarkus.http.host': '127.0.0.1',
    'quarkus.http.port': String(c.httpPort),
    'quarkus.management.host': '127.0.0.1',
    'quarkus.management.port': String(c.managementPort),
    'apicurio.storage.kind': 'sql',
    'apicurio.storage.sql.kind': 'h2',
    'apicurio.datasource.url': 'jdbc:h2:mem:tributary_registry',
    'apicurio.auth.enabled': 'false',
    'quarkus.oidc.tenant-enabled': 'false',
    'quarkus.http.access-log.enabled': 'false',
    'quarkus.otel.sdk.disabled': 'true',
    // Deletes are part of what Tributary shows (soft and hard deletes of subjects and versions).
    'apicurio.rest.deletion.artifact.enabled': 'true',
    'apicurio.rest.deletion.artifact-version.enabled': 'true',
    'apicurio.rest.deletion.group.enabled': 'true',
  };
}

export function javaOpts(heapMb: number, initialHeapMb = 64): string[] {
  return [`-Xmx${heapMb}m`, `-Xms${initialHeapMb}m`, '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true'];
}

function renderProperties(lines: PropertyLine[]): string {
  return lines.map(([k, v]) => `${k}=${String(v)}`).join('\n') + '\n';
}

/** A port on 127.0.0.1 that nothing listens on right now (the OS picks it). */
export function pickFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('the OS gave no free port on 127.0.0.1'))));
    });
  });
}

/** Distinct free ports; each is held open until all are chosen so the OS cannot hand out one twice. */
export async function pickFreePorts(count: number): Promise<number[]> {
  const servers: Array<import('node:net').Server> = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
            const a = server.address();
            resolve(typeof a === 'object' && a ? a.port : 0);
          });
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }
}

/** True when something on 127.0.0.1 already holds the port. */
export function isPortInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

/** A port named by an environment variable, checked for shape; undefined when the variable is unset. */
export function portFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name}=${raw} is not a TCP port — set it to a number from 1 to 65535, or unset it to let the harness pick a free port`);
  }
  return port;
}
