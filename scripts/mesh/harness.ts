// Starts and stops the local mesh: a single-node KRaft broker, a distributed Kafka Connect worker and an
// in-memory Apicurio Registry, each on a free 127.0.0.1 port, each waited on until it answers. Services
// named by KAFKA_BOOTSTRAP, SCHEMA_REGISTRY_URL or CONNECT_URL are used as they are instead.
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import {
  COMPONENTS,
  isPortInUse,
  javaOpts,
  newClusterId,
  pickFreePorts,
  portFromEnv,
  registrySystemProperties,
  renderBrokerProperties,
  renderConnectProperties,
  renderLog4j2,
  type ComponentName,
} from './config.ts';
import { ensureComponent, registryLaunchJar } from './download.ts';
import { findJava } from './java.ts';
import { httpGet, startProcess, waitHealthy, type ManagedProcess } from './process.ts';
import { startRegistryStandin } from './registry-standin/server.ts';
import { prepareSecureBroker, type SecureKafkaEndpoints, type SecureKafkaOptions } from './secure-broker.ts';

export interface MeshEndpoints {
  bootstrap: string;
  /** The Confluent-compatible API, e.g. http://127.0.0.1:PORT/apis/ccompat/v7; '' when registryUnavailable. */
  registryUrl: string;
  connectUrl: string;
  /** Why no registry runs, when startMesh was told the registry is optional and none could be started. */
  registryUnavailable?: string;
  /** Which registry serves registryUrl: Apicurio, the Confluent-API stand-in, or one named by SCHEMA_REGISTRY_URL. */
  registryKind?: 'apicurio' | 'standin' | 'external';
}

export interface MeshTimings {
  /** Milliseconds spent downloading each component this run (absent or 0: it was cached). */
  download: Partial<Record<ComponentName, number>>;
  /** Milliseconds from launching each component's JVM until it answered its health check. */
  healthy: Partial<Record<ComponentName, number>>;
}

export interface RunningMesh extends MeshEndpoints {
  dataDir: string;
  /** Log file of each component this harness started. */
  logFiles: Partial<Record<ComponentName, string>>;
  /** Components taken from the environment rather than started here. */
  external: ComponentName[];
  timings: MeshTimings;
  /** The broker's SASL, SSL and mTLS listeners, when startMesh was asked for `secure`. */
  secure?: SecureKafkaEndpoints;
  /** Stops one component, or all that this harness started. Services from the environment are left alone. */
  stop(component?: ComponentName): Promise<void>;
  /** SIGKILLs a component this harness started (a crash, not a shutdown); resolves once it has exited. */
  kill(component: ComponentName): Promise<void>;
}

export interface StartMeshOptions {
  /** Where data and logs go; when omitted, a temporary directory removed by stop() (kept if TRIBUTARY_MESH_KEEP is set). */
  dataDir?: string;
  log?: (line: string) => void;
  /**
   * 'required' (default): fail when no registry can be started. 'optional': start the rest and report why in
   * registryUnavailable — Apicurio cannot always be assembled from what Maven Central serves (see README.md).
   */
  registry?: 'required' | 'optional';
  /**
   * Give the broker SASL/SCRAM, SSL and mTLS listeners besides PLAINTEXT (see secure-broker.ts); with
   * `{ authorizer: true }` also the StandardAuthorizer. Ignored when KAFKA_BOOTSTRAP names a broker.
   */
  secure?: boolean | SecureKafkaOptions;
  /**
   * The broker's heap; 512 MB when omitted, which suits the small meshes tests start side by side. A broker
   * holding 10,000 topics and 2,000 groups keeps ~350 MB live and needs Kafka's own default, 1,024.
   */
  brokerHeapMb?: number;
}

const run = promisify(execFile);

const HEALTH_TIMEOUT_MS: Record<ComponentName, number> = { kafka: 90_000, connect: 150_000, registry: 150_000 };

export async function startMesh(opts: StartMeshOptions = {}): Promise<RunningMesh> {
  const log = opts.log ?? (() => {});
  const env = process.env;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'tributary-mesh-'));
  // A directory of our own making goes when the whole mesh stops; one that fails to start keeps its logs.
  const ownDataDir = opts.dataDir === undefined && !process.env.TRIBUTARY_MESH_KEEP;
  mkdirSync(join(dataDir, 'logs'), { recursive: true });

  const external: ComponentName[] = [];
  if (env.KAFKA_BOOTSTRAP) external.push('kafka');
  if (env.CONNECT_URL) external.push('connect');
  if (env.SCHEMA_REGISTRY_URL) external.push('registry');
  const toStart = (['kafka', 'connect', 'registry'] as const).filter((c) => !external.includes(c));

  const timings: MeshTimings = { download: {}, healthy: {} };
  const processes: Partial<Record<ComponentName, ManagedProcess>> = {};
  const logFiles: Partial<Record<ComponentName, string>> = {};

  const stopOne = async (c: ComponentName): Promise<void> => {
    const p = processes[c];
    if (p) await p.stop();
  };
  const stopAll = async (): Promise<void> => {
    await stopOne('connect');
    await Promise.all([stopOne('kafka'), stopOne('registry')]);
  };

  try {
    // Everything slow that does not depend on the broker goes in parallel: downloads, Java lookup, registry.
    // Apicurio cannot be assembled from what Maven Central serves here (README.md), so the registry is the
    // Confluent-API stand-in unless TRIBUTARY_REGISTRY=apicurio asks to try the real one.
    const registryKind: 'apicurio' | 'standin' | 'external' = env.SCHEMA_REGISTRY_URL ? 'external' : env.TRIBUTARY_REGISTRY === 'apicurio' ? 'apicurio' : 'standin';
    const downloads = Object.fromEntries(
      toStart.filter((c) => c !== 'registry' || registryKind === 'apicurio').map((c) => [
        c,
        ensureComponent(c, log).then((r) => {
          timings.download[c] = r.ms;
          return r.dir;
        }),
      ]),
    ) as Partial<Record<ComponentName, Promise<string>>>;
    // Avoid an unhandled rejection for a download nobody awaits yet; the await below reports it.
    for (const d of Object.values(downloads)) d?.catch(() => {});

    const registry = env.SCHEMA_REGISTRY_URL
      ? Promise.resolve(env.SCHEMA_REGISTRY_URL.replace(/\/+$/, ''))
      : registryKind === 'standin'
        ? startStandinRegistry(dataDir, log, timings).then(({ url, proc }) => {
            processes.registry = proc;
            logFiles.registry = proc.logFile;
            return url;
          })
        : (async () => {
          const dir = await downloads.registry!;
          const { url, proc } = await startRegistry(dir, dataDir, log, timings);
          processes.registry = proc;
          logFiles.registry = proc.logFile;
          return url;
        })();
    registry.catch(() => {});
    const registryOrReason: Promise<{ url: string; reason?: string }> = registry.then(
      (url) => ({ url }),
      (err: unknown) => {
        if (opts.registry !== 'optional') throw err;
        const reason = err instanceof Error ? err.message : String(err);
        log(`no schema registry: ${reason}`);
        return { url: '', reason };
      },
    );
    registryOrReason.catch(() => {});

    let bootstrap: string;
    let secure: SecureKafkaEndpoints | undefined;
    if (env.KAFKA_BOOTSTRAP) {
      bootstrap = env.KAFKA_BOOTSTRAP;
      await waitForExternal('KAFKA_BOOTSTRAP', bootstrap, () => kafkaAnswers(bootstrap));
    } else {
      const dir = await downloads.kafka!;
      const started = await startKafka(dir, dataDir, log, timings, { secure: opts.secure, heapMb: opts.brokerHeapMb });
      processes.kafka = started.proc;
      logFiles.kafka = started.proc.logFile;
      bootstrap = started.bootstrap;
      secure = started.secure;
    }

    let connectUrl: string;
    if (env.CONNECT_URL) {
      connectUrl = env.CONNECT_URL.replace(/\/+$/, '');
      await waitForExternal('CONNECT_URL', connectUrl, async () => (await httpGet(`${connectUrl}/`)).ok);
    } else {
      const dir = await downloads.connect!;
      const started = await startConnect(dir, dataDir, bootstrap, log, timings);
      processes.connect = started.proc;
      logFiles.connect = started.proc.logFile;
      connectUrl = started.url;
    }

    const { url: registryUrl, reason: registryUnavailable } = await registryOrReason;
    if (env.SCHEMA_REGISTRY_URL) {
      await waitForExternal('SCHEMA_REGISTRY_URL', registryUrl, async () => (await httpGet(`${registryUrl}/subjects`)).ok);
    }

    return {
      bootstrap,
      registryUrl,
      connectUrl,
      ...(registryUnavailable ? { registryUnavailable } : { registryKind }),
      dataDir,
      logFiles,
      external,
      timings,
      ...(secure ? { secure } : {}),
      async stop(component?: ComponentName) {
        if (component) return stopOne(component);
        await stopAll();
        if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
      },
      kill: (component: ComponentName) => killProcess(processes[component], component),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function waitForExternal(variable: string, target: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  let reason = '';
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      reason = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${variable}=${target} does not answer${reason ? ` (${reason})` : ''} — start that service, or unset ${variable} to let the harness start its own`);
}

async function choosePorts(names: Array<{ variable?: string }>): Promise<number[]> {
  const free = await pickFreePorts(names.length);
  const ports: number[] = [];
  for (const [i, n] of names.entries()) {
    const fixed = n.variable ? portFromEnv(n.variable) : undefined;
    if (fixed !== undefined) {
      if (await isPortInUse(fixed)) {
        throw new Error(`port ${fixed} on 127.0.0.1 (from ${n.variable}) is already in use — stop whatever listens there, or unset ${n.variable} to use a free port`);
      }
      ports.push(fixed);
    } else {
      ports.push(free[i]!);
    }
  }
  return ports;
}

async function kafkaAnswers(bootstrap: string, sasl?: SASLOptions): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'tributary-mesh-health',
    brokers: [bootstrap],
    ...(sasl ? { sasl } : {}),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

interface KafkaStartOptions {
  secure?: boolean | SecureKafkaOptions | undefined;
  /** False for a broker beside the mesh's own, which must not take TRIBUTARY_KAFKA_PORT. */
  portFromEnv?: boolean;
  fastRestart?: boolean;
  heapMb?: number | undefined;
}

// A broker restarted after SIGKILL cannot register again until the controller fences its old session, 9 s by
// default; a test that kills it dozens of times shortens that wait (and beats faster to stay alive meanwhile).
const FAST_RESTART_PROPERTIES: Array<[string, number]> = [
  ['broker.session.timeout.ms', 1500],
  ['broker.heartbeat.interval.ms', 300],
];

async function startKafka(dir: string, dataDir: string, log: (l: string) => void, timings: MeshTimings, opts: KafkaStartOptions = {}) {
  const java = await findJava(COMPONENTS.kafka.minJava);
  const secureOpts = opts.secure === true ? {} : opts.secure || undefined;
  const [brokerPort, controllerPort, saslPort, sslPort, mtlsPort] = await choosePorts([
    opts.portFromEnv === false ? {} : { variable: 'TRIBUTARY_KAFKA_PORT' },
    {},
    ...(secureOpts ? [{}, {}, {}] : []),
  ]);
  const home = join(dataDir, 'kafka');
  const logDir = join(home, 'data');
  mkdirSync(logDir, { recursive: true });
  const props = join(home, 'server.properties');
  const log4j = join(home, 'log4j2.properties');
  const secure = secureOpts ? await prepareSecureBroker(home, { sasl: saslPort!, ssl: sslPort!, mtls: mtlsPort! }, secureOpts) : undefined;
  writeFileSync(
    props,
    renderBrokerProperties({
      nodeId: 1,
      brokerPort: brokerPort!,
      controllerPort: controllerPort!,
      logDir,
      ...(secure ? { extraListeners: secure.listeners } : {}),
      extraProperties: [...(secure?.properties ?? []), ...(opts.fastRestart ? FAST_RESTART_PROPERTIES : [])],
    }),
  );
  writeFileSync(log4j, renderLog4j2());
  const logFile = join(dataDir, 'logs', 'kafka.log');
  // A heap asked for is taken whole at start (-Xms = -Xmx), as kafka-server-start.sh does.
  const jvm = [...javaOpts(opts.heapMb ?? 512, opts.heapMb), `-Dlog4j2.configurationFile=${log4j}`, `-Dkafka.logs.dir=${home}`, '-cp', join(dir, 'lib', '*')];

  // A data dir from an earlier run keeps its topics; only a new one is formatted.
  if (!existsSync(join(logDir, 'meta.properties'))) {
    try {
      await run(java.bin, [...jvm, 'kafka.tools.StorageTool', 'format', '-t', newClusterId(), '-c', props, ...(secure?.formatArgs ?? [])], { timeout: 120_000 });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`formatting the Kafka storage in ${logDir} failed: ${(e.stderr || e.stdout || e.message).trim().split('\n').slice(-8).join('\n')} — delete ${logDir} and run again`);
    }
  }

  const bootstrap = `127.0.0.1:${brokerPort}`;
  const admin = secure?.endpoints.users.admin;
  // A secure broker is healthy once SCRAM logins work too: the users live in metadata it must have replayed.
  const healthy = async () => (await kafkaAnswers(bootstrap)) && (!secure || (await kafkaAnswers(secure.endpoints.saslBootstrap, { mechanism: 'scram-sha-512', ...admin! })));
  // The same JVM, ports and data each time, so a restarted broker is the one the clients knew.
  const launch = async (): Promise<ManagedProcess> => {
    log(`starting ${COMPONENTS.kafka.title} ${COMPONENTS.kafka.version} on ${bootstrap} (log: ${logFile})`);
    const started = Date.now();
    const proc = startProcess({ name: 'kafka', command: java.bin, args: [...jvm, 'kafka.Kafka', props], logFile });
    await waitHealthy(proc, `the Kafka broker on ${bootstrap}`, healthy, HEALTH_TIMEOUT_MS.kafka);
    timings.healthy.kafka = Date.now() - started;
    log(`Kafka broker healthy on ${bootstrap}${secure ? ` (SASL ${secure.endpoints.saslBootstrap}, SSL ${secure.endpoints.sslBootstrap}, mTLS ${secure.endpoints.mtlsBootstrap})` : ''} after ${(timings.healthy.kafka / 1000).toFixed(1)} s`);
    return proc;
  };
  const proc = await launch();
  return { bootstrap, proc, secure: secure?.endpoints, launch };
}

async function killProcess(proc: ManagedProcess | undefined, component: ComponentName): Promise<void> {
  if (!proc) throw new Error(`the harness did not start ${COMPONENTS[component].title}, so it cannot kill it`);
  if (!proc.isRunning()) return;
  if (proc.pid === process.pid) return proc.stop(); // the in-process registry stand-in: closing is its crash
  process.kill(proc.pid, 'SIGKILL');
  await proc.exited;
}

export interface StartBrokerOptions {
  /** Where data and logs go; when omitted, a temporary directory removed by stop(). */
  dataDir?: string;
  log?: (line: string) => void;
  secure?: boolean | SecureKafkaOptions;
  /** Let restart() bring the broker back in about 2-3 s instead of about 12 s (a shorter broker session). */
  fastRestart?: boolean;
}

export interface RunningBroker {
  bootstrap: string;
  secure?: SecureKafkaEndpoints;
  dataDir: string;
  logFile: string;
  timings: { download: number; healthy: number };
  stop(): Promise<void>;
  /** SIGKILL: the broker dies mid-request, as in a crash. stop() still cleans up afterwards. */
  kill(): Promise<void>;
  /**
   * Starts the broker again (SIGKILLing it first if it still runs) on the same ports and data, as a crashed
   * broker comes back; resolves once it answers, with the milliseconds that took.
   */
  restart(): Promise<number>;
}

/**
 * A broker of its own, beside the shared mesh: for tests that secure it or kill it. It ignores KAFKA_BOOTSTRAP
 * and TRIBUTARY_KAFKA_PORT, and starts no Connect worker or registry.
 */
export async function startBroker(opts: StartBrokerOptions = {}): Promise<RunningBroker> {
  const log = opts.log ?? (() => {});
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'tributary-broker-'));
  const ownDataDir = opts.dataDir === undefined && !process.env.TRIBUTARY_MESH_KEEP;
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const timings: MeshTimings = { download: {}, healthy: {} };
  const { dir, ms } = await ensureComponent('kafka', log);
  const started = await startKafka(dir, dataDir, log, timings, { secure: opts.secure, portFromEnv: false, fastRestart: opts.fastRestart ?? false });
  let proc = started.proc;
  return {
    bootstrap: started.bootstrap,
    ...(started.secure ? { secure: started.secure } : {}),
    dataDir,
    logFile: started.proc.logFile,
    timings: { download: ms, healthy: timings.healthy.kafka ?? 0 },
    async stop() {
      await proc.stop();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    kill: () => killProcess(proc, 'kafka'),
    async restart() {
      await killProcess(proc, 'kafka');
      proc = await started.launch();
      return timings.healthy.kafka ?? 0;
    },
  };
}

async function startConnect(dir: string, dataDir: string, bootstrap: string, log: (l: string) => void, timings: MeshTimings) {
  const java = await findJava(COMPONENTS.connect.minJava);
  const [restPort] = await choosePorts([{ variable: 'TRIBUTARY_CONNECT_PORT' }]);
  const home = join(dataDir, 'connect');
  mkdirSync(home, { recursive: true });
  const props = join(home, 'connect-distributed.properties');
  const log4j = join(home, 'log4j2.properties');
  writeFileSync(props, renderConnectProperties({ bootstrap, restPort: restPort!, pluginPath: join(dir, 'plugins') }));
  writeFileSync(log4j, renderLog4j2());
  const logFile = join(dataDir, 'logs', 'connect.log');
  const url = `http://127.0.0.1:${restPort}`;
  log(`starting ${COMPONENTS.connect.title} ${COMPONENTS.connect.version} on ${url} (log: ${logFile})`);
  const started = Date.now();
  const proc = startProcess({
    name: 'connect',
    command: java.bin,
    args: [...javaOpts(512), `-Dlog4j2.configurationFile=${log4j}`, '-cp', join(dir, 'lib', '*'), 'org.apache.kafka.connect.cli.ConnectDistributed', props],
    logFile,
    cwd: home,
  });
  await waitHealthy(
    proc,
    `the Kafka Connect worker on ${url}`,
    async () => {
      if (!(await httpGet(`${url}/`)).ok) return false;
      const plugins = await httpGet(`${url}/connector-plugins`);
      if (!plugins.ok) return false;
      const list = (await plugins.json()) as Array<{ class: string }>;
      return list.some((p) => p.class.endsWith('FileStreamSinkConnector'));
    },
    HEALTH_TIMEOUT_MS.connect,
  );
  timings.healthy.connect = Date.now() - started;
  log(`Kafka Connect healthy on ${url} after ${(timings.healthy.connect / 1000).toFixed(1)} s`);
  return { url, proc };
}

async function startRegistry(dir: string, dataDir: string, log: (l: string) => void, timings: MeshTimings) {
  const java = await findJava(COMPONENTS.registry.minJava);
  const [httpPort, managementPort] = await choosePorts([{ variable: 'TRIBUTARY_REGISTRY_PORT' }, {}]);
  const home = join(dataDir, 'registry');
  mkdirSync(home, { recursive: true });
  const logFile = join(dataDir, 'logs', 'registry.log');
  const base = `http://127.0.0.1:${httpPort}`;
  const url = `${base}/apis/ccompat/v7`;
  const sysProps = Object.entries(registrySystemProperties({ httpPort: httpPort!, managementPort: managementPort! })).map(([k, v]) => `-D${k}=${v}`);
  log(`starting ${COMPONENTS.registry.title} ${COMPONENTS.registry.version} on ${base} (log: ${logFile})`);
  const started = Date.now();
  const proc = startProcess({
    name: 'registry',
    command: java.bin,
    args: [...javaOpts(384), ...sysProps, '-jar', registryLaunchJar(dir)],
    logFile,
    cwd: home,
  });
  await waitHealthy(proc, `Apicurio Registry on ${base}`, async () => (await httpGet(`${url}/subjects`)).status === 200, HEALTH_TIMEOUT_MS.registry);
  timings.healthy.registry = Date.now() - started;
  log(`Apicurio Registry healthy on ${url} after ${(timings.healthy.registry / 1000).toFixed(1)} s`);
  return { url, proc };
}

/**
 * The schema registry stand-in (registry-standin/): the Confluent Schema Registry REST API from its documented
 * responses, with real Avro compatibility checks, served in this process under /apis/ccompat/v7 like Apicurio.
 */
async function startStandinRegistry(dataDir: string, log: (line: string) => void, timings: MeshTimings): Promise<{ url: string; proc: ManagedProcess }> {
  const logFile = join(dataDir, 'logs', 'registry.log');
  const started = Date.now();
  const lines: string[] = [];
  const flush = () => {
    if (lines.length) appendFileSync(logFile, lines.splice(0).join('\n') + '\n');
  };
  const standin = await startRegistryStandin({ port: portFromEnv('TRIBUTARY_REGISTRY_PORT') ?? 0, log: (line) => (lines.push(line), lines.length > 200 && flush()) });
  timings.healthy.registry = Date.now() - started;
  log(`schema registry: Confluent-API stand-in on ${standin.url} (Apicurio cannot be assembled from Maven Central here — scripts/mesh/README.md; TRIBUTARY_REGISTRY=apicurio tries it, SCHEMA_REGISTRY_URL uses a real one)`);
  let running = true;
  let markExited: (how: string) => void = () => undefined;
  const exited = new Promise<string>((resolve) => (markExited = resolve));
  return {
    url: standin.url,
    proc: {
      name: 'registry',
      pid: process.pid,
      logFile,
      exited,
      isRunning: () => running,
      async stop() {
        if (!running) return;
        running = false;
        await standin.close();
        flush();
        markExited('closed');
      },
    },
  };
}
