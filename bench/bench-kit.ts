// Pieces several benchmarks share: the row of a throughput table, the two topics the message benches read
// (many small records, and one holding a 1 MB record), the built renderer the browser benches serve, and
// frame times while a virtual list scrolls.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { createKafka } from '../src/core/cluster/kafka-client.ts';

const root = path.resolve(import.meta.dirname, '..');

/** The built renderer (out/renderer, or TRIBUTARY_BENCH_RENDERER); builds it when missing. */
export function ensureRenderer(): string {
  const staticDir = process.env.TRIBUTARY_BENCH_RENDERER ?? path.join(root, 'out/renderer');
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    const built = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('The renderer could not be built (npx electron-vite build); build it, or set TRIBUTARY_BENCH_RENDERER to a built one');
  }
  return staticDir;
}

export interface ThroughputRow {
  measure: string;
  records: number;
  ms: number;
  'records/s': number;
  detail: string;
}

/** `topic` with 3 partitions for the bulk of the records; `bigTopic` with one, allowing 4 MB records. */
export async function createBrowseTopics(kafka: ReturnType<typeof createKafka>, topic: string, bigTopic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic, numPartitions: 3 },
        { topic: bigTopic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: String(4 * 1024 * 1024) }] },
      ],
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Scrolls the list labelled `listLabel` (or the element inside it that scrolls) one jump per frame for `ms`,
 * across the whole list so each frame draws rows it has not drawn before; mean and p95 frame time.
 */
export function scrollFrameTime(page: Page, listLabel: string, ms: number): Promise<{ mean: number; p95: number }> {
  return page.evaluate(
    async ({ label, duration }) => {
      const list = document.querySelector(`[aria-label="${label}"]`) as HTMLElement | null;
      const scroller = list && list.scrollHeight > list.clientHeight ? list : ((list?.querySelector('*') as HTMLElement | null) ?? list);
      if (!scroller) return { mean: 0, p95: 0 };
      const gaps: number[] = [];
      const start = performance.now();
      let previous = start;
      let step = 0;
      await new Promise<void>((resolve) => {
        const frame = (t: number) => {
          gaps.push(t - previous);
          previous = t;
          step++;
          scroller.scrollTop = (((step * 7919) % 1000) / 1000) * (scroller.scrollHeight - scroller.clientHeight);
          if (t - start < duration) requestAnimationFrame(frame);
          else resolve();
        };
        requestAnimationFrame(frame);
      });
      const sorted = gaps.slice(1).sort((a, b) => a - b);
      return { mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length), p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0 };
    },
    { label: listLabel, duration: ms },
  );
}
