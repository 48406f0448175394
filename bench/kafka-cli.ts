// Kafka's own CLI, run from its Maven Central jars, so the catalog benchmark can time the same description
// of a cluster the way an operator would get it: kafka-topics --describe, kafka-consumer-groups --describe.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot } from '../scripts/mesh/config.ts';
import { mvn } from '../scripts/mesh/download.ts';

const TOOLS_DIR = join(cacheRoot(), 'bench-kafka-cli-4.4.0');

export async function ensureKafkaCli(): Promise<string> {
  if (existsSync(join(TOOLS_DIR, '.complete'))) return TOOLS_DIR;
  const partial = `${TOOLS_DIR}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  await mvn(['dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${join(partial, 'lib')}`], { cwd: join(import.meta.dirname, 'kafka-cli') });
  writeFileSync(join(partial, '.complete'), '4.4.0\n');
  renameSync(partial, TOOLS_DIR);
  return TOOLS_DIR;
}

/** Runs one tool class and returns its wall time in ms; its output is discarded but must succeed. */
export function timeKafkaTool(toolsDir: string, mainClass: string, args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile('java', ['-Xmx512m', '-cp', `${join(toolsDir, 'lib')}/*`, mainClass, ...args], { maxBuffer: 512 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${mainClass} failed: ${stderr.slice(-500)}`));
      else resolve(performance.now() - started);
    });
  });
}
