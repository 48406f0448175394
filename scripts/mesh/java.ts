// Finds a Java runtime new enough for a component: JAVA_HOME, then `java` on PATH, then the JDKs under
// /usr/lib/jvm and /opt, newest first among those that qualify.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface JavaRuntime {
  bin: string;
  major: number;
}

/** The feature release from `java -version` output: `version "17.0.15"` → 17, `version "1.8.0_402"` → 8. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!m) return undefined;
  const first = Number(m[1]);
  return first === 1 && m[2] ? Number(m[2]) : first;
}

async function probe(bin: string): Promise<JavaRuntime | undefined> {
  try {
    const { stdout, stderr } = await run(bin, ['-version'], { timeout: 15_000 });
    const major = parseJavaMajor(stderr + stdout);
    return major ? { bin, major } : undefined;
  } catch {
    return undefined;
  }
}

function candidates(env: NodeJS.ProcessEnv): string[] {
  const list: string[] = [];
  if (env.JAVA_HOME) list.push(join(env.JAVA_HOME, 'bin', 'java'));
  list.push('java');
  for (const root of ['/usr/lib/jvm', '/opt', '/usr/local']) {
    let names: string[] = [];
    try {
      names = readdirSync(root);
    } catch {
      continue;
    }
    for (const name of names) {
      const bin = join(root, name, 'bin', 'java');
      if (/jdk|jre|java|temurin|zulu|corretto/i.test(name) && existsSync(bin)) list.push(bin);
    }
  }
  return [...new Set(list)];
}

const found = new Map<number, Promise<JavaRuntime>>();

/** A Java of at least `minMajor`; the error says which ones were found and how to point the harness at another. */
export function findJava(minMajor: number, env: NodeJS.ProcessEnv = process.env): Promise<JavaRuntime> {
  let pending = found.get(minMajor);
  if (!pending) {
    pending = (async () => {
      const seen = (await Promise.all(candidates(env).map(probe))).filter((j): j is JavaRuntime => j !== undefined);
      const fit = seen.filter((j) => j.major >= minMajor);
      // Prefer the first fit in search order (JAVA_HOME, PATH) unless a later one is needed.
      if (fit.length > 0) return fit[0]!;
      const what = seen.length ? `found only ${seen.map((j) => `Java ${j.major} (${j.bin})`).join(', ')}` : 'found no Java at all';
      throw new Error(
        `the local mesh needs Java ${minMajor} or newer and ${what} — install a JDK ${minMajor}+ (e.g. apt-get install openjdk-${minMajor}-jdk-headless) or set JAVA_HOME to one`,
      );
    })();
    found.set(minMajor, pending);
    pending.catch(() => found.delete(minMajor));
  }
  return pending;
}
