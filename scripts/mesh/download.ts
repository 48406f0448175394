// Fetches the jars of each mesh component from Maven Central into the cache, once. A component is
// written to `<dir>.partial` and renamed when complete, so a download that fails half-way is simply
// redone on the next run.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPONENTS, cacheRoot, componentDir, type ComponentName } from './config.ts';
import { findJava } from './java.ts';

const here = dirname(fileURLToPath(import.meta.url));
const mavenDir = join(here, 'maven');

export interface DownloadResult {
  dir: string;
  /** Milliseconds spent downloading; 0 when the cache already had it. */
  ms: number;
}

/** Runs Maven against our own local repository and settings; failures come back as their first few causes. */
export function mvn(args: string[], opts: { cwd: string; javaHome?: string }): Promise<void> {
  const root = cacheRoot();
  const settings = process.env.TRIBUTARY_MAVEN_SETTINGS || join(mavenDir, 'settings.xml');
  // A repository of our own, so that what the mesh needs is known and a broken download never touches ~/.m2.
  const full = ['-B', '-q', '-s', settings, `-Dmaven.repo.local=${join(root, 'm2')}`, ...args];
  const env = { ...process.env, ...(opts.javaHome ? { JAVA_HOME: opts.javaHome } : {}) };
  return new Promise((resolve, reject) => {
    execFile('mvn', full, { cwd: opts.cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60_000 }, (err, stdout, stderr) => {
      if (!err) return resolve();
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new Error('Maven (mvn) is not on PATH — the local mesh downloads its jars with it: install it (apt-get install maven) and run again'));
      }
      const out = `${stdout}\n${stderr}`
        .replace(/\x1b\[[0-9;]*m/g, '')
        .split('\n')
        .map((l) => l.replace(/^\[(ERROR|WARNING)\]\s*/, '').replace(/\s*-> \[Help 1\]$/, '').trim())
        .filter((l) => /Could not|Failed to|was not found/.test(l))
        .slice(0, 4)
        .join('\n');
      reject(new Error(out || err.message));
    });
  });
}

async function fetchKafka(partial: string): Promise<void> {
  await mvn(['dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${join(partial, 'lib')}`], { cwd: join(mavenDir, 'kafka') });
}

async function fetchConnect(partial: string): Promise<void> {
  const cwd = join(mavenDir, 'connect');
  await mvn(['dependency:copy-dependencies', '-DincludeScope=runtime', '-DexcludeArtifactIds=connect-file', `-DoutputDirectory=${join(partial, 'lib')}`], { cwd });
  // The FileStream connectors are loaded the way any third-party connector is: from plugin.path.
  await mvn(['dependency:copy-dependencies', '-DincludeScope=runtime', '-DincludeArtifactIds=connect-file', `-DoutputDirectory=${join(partial, 'plugins', 'connect-file')}`], {
    cwd,
  });
}

/**
 * Maven Central serves Apicurio only as a thin, un-augmented jar; the Quarkus build in maven/registry makes it
 * runnable. Quarkus writes either target/quarkus-app/ (fast-jar) or a -runner.jar beside target/lib/
 * (legacy-jar, which Apicurio's own application.properties may choose); both are kept as they come.
 */
async function fetchRegistry(partial: string): Promise<void> {
  const java = await findJava(COMPONENTS.registry.minJava);
  const javaHome = java.bin === 'java' ? undefined : dirname(dirname(java.bin));
  const work = `${partial}-build`;
  rmSync(work, { recursive: true, force: true });
  cpSync(join(mavenDir, 'registry'), work, { recursive: true });
  try {
    await mvn(['package', '-DskipTests'], { cwd: work, javaHome });
    const target = join(work, 'target');
    if (existsSync(join(target, 'quarkus-app'))) {
      renameSync(join(target, 'quarkus-app'), join(partial, 'quarkus-app'));
    } else {
      const runner = readdirSync(target).find((f) => f.endsWith('-runner.jar'));
      if (!runner) throw new Error(`the Quarkus build in ${work} wrote neither target/quarkus-app nor a -runner.jar`);
      mkdirSync(join(partial, 'app'));
      renameSync(join(target, runner), join(partial, 'app', 'registry-runner.jar'));
      renameSync(join(target, 'lib'), join(partial, 'app', 'lib'));
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The command line that starts the registry found in `dir`. */
export function registryLaunchJar(dir: string): string {
  const fast = join(dir, 'quarkus-app', 'quarkus-run.jar');
  return existsSync(fast) ? fast : join(dir, 'app', 'registry-runner.jar');
}

const fetchers: Record<ComponentName, (partial: string) => Promise<void>> = { kafka: fetchKafka, connect: fetchConnect, registry: fetchRegistry };

const inFlight = new Map<ComponentName, Promise<DownloadResult>>();

/** The component's directory in the cache, downloading it first if needed. */
export function ensureComponent(name: ComponentName, log: (line: string) => void = () => {}): Promise<DownloadResult> {
  let pending = inFlight.get(name);
  if (!pending) {
    pending = download(name, log);
    inFlight.set(name, pending);
    pending.catch(() => inFlight.delete(name));
  }
  return pending;
}

async function download(name: ComponentName, log: (line: string) => void): Promise<DownloadResult> {
  const spec = COMPONENTS[name];
  const dir = componentDir(name);
  if (existsSync(join(dir, '.complete'))) return { dir, ms: 0 };
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  log(`downloading ${spec.title} ${spec.version} from Maven Central into ${dir} (first run only)…`);
  const started = Date.now();
  try {
    await fetchers[name](partial);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const missing = /Could not find artifact (\S+)/.exec(reason)?.[1] ?? /(\S+) was not found in/.exec(reason)?.[1];
    const next = missing
      ? `Maven Central does not serve ${missing}: point TRIBUTARY_MAVEN_SETTINGS at a settings.xml whose mirror has it${name === 'registry' ? ', or set SCHEMA_REGISTRY_URL to a running registry' : ''}`
      : `check that Maven Central is reachable (mvn uses ${process.env.TRIBUTARY_MAVEN_SETTINGS || 'scripts/mesh/maven/settings.xml'}) and run again`;
    throw new Error(`could not download ${spec.title} ${spec.version}:\n${reason}\n— ${next}; the unfinished download in ${partial} is redone on the next run`);
  }
  writeFileSync(join(partial, '.complete'), `${spec.version}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  const ms = Date.now() - started;
  log(`downloaded ${spec.title} ${spec.version} in ${(ms / 1000).toFixed(1)} s`);
  return { dir, ms };
}

// `node scripts/mesh/download.ts [kafka|connect|registry…]` fills the cache ahead of time (e.g. in CI).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const names = (process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(COMPONENTS)) as ComponentName[];
  for (const n of names) {
    if (!(n in COMPONENTS)) {
      console.error(`unknown component '${n}' — use kafka, connect or registry`);
      process.exit(2);
    }
  }
  try {
    for (const n of names) {
      const r = await ensureComponent(n, (l) => console.log(l));
      console.log(`${n}: ${r.dir}${r.ms ? ` (${(r.ms / 1000).toFixed(1)} s)` : ' (cached)'}`);
    }
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
