// kcat, Debian's Kafka CLI client, as the benchmarks' raw-read peer: `kcat -C -e -o beginning` on a topic,
// one output line per record (raw Avro can hold newlines, so the format prints only metadata and sizes).
import { spawn, spawnSync } from 'node:child_process';

export function kcatAvailable(): boolean {
  return spawnSync('kcat', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** Reads the whole topic; resolves with the wall time and the number of records kcat printed. */
export function timeKcat(bootstrap: string, topic: string, format = '%p %o %k %S\n'): Promise<{ ms: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const child = spawn('kcat', ['-b', bootstrap, '-C', '-t', topic, '-e', '-o', 'beginning', '-q', '-f', format], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ ms: performance.now() - began, lines }) : reject(new Error(`kcat exited ${code}: ${stderr.slice(-400)}`))));
  });
}
