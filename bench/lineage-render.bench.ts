// The Lineage page drawing a synthetic 5,000-node / 10,000-edge snapshot in Chromium: time from opening
// #/lineage/all to the first painted frame (read from the cache, laid out in the worker, drawn), the same
// again when the layout is remembered, frames per second while panning and zooming (counted with
// requestAnimationFrame) and the JS heap — for the renderer "auto" picks and for canvas and WebGL forced.
// The cache is written through the same graph writer a sync uses and served by the real web host; the
// renderer must be built (`npx electron-vite build`). Reports whether the GPU is software. Asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { handMadeLineage } from '../src/core/lineage/hand-made-lineage.ts';
import type { EdgeFact, LineageFacts, NodeFact, NodeRef } from '../src/core/lineage/model.ts';
import { startWebHost } from '../src/web/serve.ts';

const root = path.resolve(import.meta.dirname, '..');

/** Deterministic, so every run draws the same graph. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Half topics in 20 domains, half readers and writers (groups, ksqlDB queries, connectors); exactly `edgeCount` distinct edges. */
export function syntheticGraph(nodeCount: number, edgeCount: number): LineageFacts {
  const random = mulberry32(nodeCount + edgeCount);
  const topicCount = Math.floor(nodeCount / 2);
  const topics: NodeRef[] = Array.from({ length: topicCount }, (_, i) => ({ kind: 'topic', name: `domain-${i % 20}.entity-${i}.v1` }));
  const processors: NodeRef[] = Array.from({ length: nodeCount - topicCount }, (_, p) => {
    const roll = p % 10;
    return roll < 6 ? { kind: 'group', name: `app-${p}` } : roll < 9 ? { kind: 'ksql-query', name: `CSAS_${p}` } : { kind: 'connector', name: `connector-${p}` };
  });
  const nodes: NodeFact[] = [...topics, ...processors];
  const edges: EdgeFact[] = [];
  const seen = new Set<string>();
  const add = (e: EdgeFact) => {
    const key = `${e.kind}|${e.from.name}|${e.to.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push(e);
  };
  // Every processor reads one topic "before" it; writers also write one "after" it; the rest is random
  // reads and writes near the processor, so the graph is a layered mesh rather than a hairball.
  processors.forEach((ref, p) => {
    const at = Math.floor((p / processors.length) * topicCount);
    add({ kind: 'consumes', from: topics[Math.max(0, at - 1)]!, to: ref, provenance: ref.kind === 'group' ? 'consumer-offsets' : ref.kind === 'connector' ? 'connect' : 'ksqldb' });
  });
  while (edges.length < edgeCount) {
    const p = Math.floor(random() * processors.length);
    const ref = processors[p]!;
    const at = Math.floor((p / processors.length) * topicCount);
    const near = (direction: number) => topics[Math.min(topicCount - 1, Math.max(0, at + direction * (1 + Math.floor(random() * 60))))]!;
    if (ref.kind === 'group' || random() < 0.5) add({ kind: 'consumes', from: near(-1), to: ref, provenance: ref.kind === 'group' ? 'consumer-offsets' : ref.kind === 'connector' ? 'connect' : 'ksqldb' });
    else add({ kind: ref.kind === 'connector' ? 'produces' : 'derives', from: ref, to: near(1), provenance: ref.kind === 'connector' ? 'connect' : 'ksqldb' });
  }
  return { nodes, edges };
}

interface Run {
  renderer: string;
  firstPaintMs: number;
  reopenMs: number;
  layout: string;
  fps: number;
  heapMb: number;
}

/** Opens #/lineage/all and waits for the page to say its first frame is painted; ms from the hash change. */
async function openWhole(page: Page): Promise<{ ms: number; layout: string }> {
  await page.evaluate(() => {
    performance.clearMarks();
    performance.mark('bench:open');
    location.hash = '#/lineage/all';
  });
  const deadline = Date.now() + 60_000;
  const painted = () => page.evaluate(() => performance.getEntriesByName('lineage:painted').length > 0 && document.querySelector('section.lineage')?.getAttribute('data-state') === 'painted');
  while (!(await painted())) {
    if (Date.now() > deadline) {
      const state = await page.evaluate(() => `${document.querySelector('section.lineage')?.getAttribute('data-state')} · ${document.querySelector('section.lineage .status')?.textContent} · canvas elements ${document.querySelector('[data-testid="lineage-canvas"]')?.getAttribute('data-elements')} · marks: ${performance.getEntriesByType('mark').map((m) => m.name).join(', ')}`);
      throw new Error(`The Lineage page did not paint within 60 s (${state})`);
    }
    await page.waitForTimeout(25);
  }
  return page.evaluate(() => ({
    ms: performance.getEntriesByName('lineage:painted')[0]!.startTime - performance.getEntriesByName('bench:open')[0]!.startTime,
    layout: document.querySelector('section.lineage .status')?.textContent?.split('·').at(-1)?.trim() ?? '',
  }));
}

/** Frames per second counted with requestAnimationFrame while the mouse drags the graph around and wheels in and out. */
async function panAndZoomFps(page: Page, seconds: number): Promise<number> {
  const box = (await page.getByTestId('lineage-canvas').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number; __counting: boolean };
    w.__frames = 0;
    w.__counting = true;
    const tick = () => {
      w.__frames++;
      if (w.__counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const started = Date.now();
  await page.mouse.move(cx, cy);
  let step = 0;
  while (Date.now() - started < seconds * 1000) {
    await page.mouse.down();
    for (let i = 0; i < 10; i++) await page.mouse.move(cx + Math.sin((step + i) / 6) * 180, cy + Math.cos((step + i) / 6) * 120, { steps: 2 });
    await page.mouse.up();
    await page.mouse.wheel(0, step % 2 === 0 ? -240 : 240);
    step += 10;
  }
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number; __counting: boolean };
    w.__counting = false;
    return w.__frames;
  });
  return frames / ((Date.now() - started) / 1000);
}

export async function runLineageRenderBench(smoke: boolean): Promise<Array<Record<string, string | number>>> {
  const [nodeCount, edgeCount] = smoke ? [500, 1_000] : [5_000, 10_000];
  const staticDir = path.join(root, 'out/renderer');
  const built = fs.existsSync(path.join(staticDir, 'index.html'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-render-'));
  const lineage = handMadeLineage(path.join(dataDir, 'tributary.db'));
  lineage.sync(syntheticGraph(nodeCount, edgeCount));
  lineage.close();

  const host = await startWebHost({ port: 0, dataDir, dev: !built });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
  });
  const rows: Array<Record<string, string | number>> = [];
  try {
    for (const preference of ['auto', 'canvas', 'webgl'] as const) {
      // A fresh context each time: no remembered layout, the renderer preference set before the page loads.
      const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
      await context.addInitScript((p) => {
        if (p === 'auto') localStorage.removeItem('tributary.lineage.renderer');
        else localStorage.setItem('tributary.lineage.renderer', p);
      }, preference);
      const page = await context.newPage();
      await page.goto(host.url);
      // The profile list has arrived once the top bar says how old the cache is.
      await page.getByTestId('cache-age').waitFor();
      const first = await openWhole(page);
      const gpu = await page.getByTestId('lineage-renderer').evaluate((el) => ({ renderer: el.getAttribute('data-renderer') ?? '', software: el.getAttribute('data-software') === 'true' }));
      const gpuName = await page.evaluate(() => {
        const gl = document.createElement('canvas').getContext('webgl');
        const d = gl?.getExtension('WEBGL_debug_renderer_info');
        return gl ? String(d ? gl.getParameter(d.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)) : 'no WebGL';
      });
      const fps = await panAndZoomFps(page, smoke ? 1 : 4);
      const heap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
      // Reopen: away and back, the layout comes from localStorage.
      await page.evaluate(() => (location.hash = '#/topics'));
      await page.waitForTimeout(300);
      const again = await openWhole(page);
      const run: Run = { renderer: `${preference} → ${gpu.renderer}`, firstPaintMs: first.ms, reopenMs: again.ms, layout: `${first.layout}; reopened: ${again.layout}`, fps, heapMb: heap / 1024 / 1024 };
      rows.push({
        renderer: run.renderer,
        graph: `${nodeCount.toLocaleString('en-US')} nodes / ${edgeCount.toLocaleString('en-US')} edges`,
        'open → first paint ms': Math.round(run.firstPaintMs),
        'target ≤1500': preference === 'auto' ? (run.firstPaintMs <= 1500 ? 'met' : 'missed') : '',
        'reopen ms': Math.round(run.reopenMs),
        layout: run.layout,
        'pan/zoom fps': Number(run.fps.toFixed(1)),
        'target ≥30': preference === 'auto' ? (run.fps >= 30 ? 'met' : 'missed') : '',
        'JS heap MB': Number(run.heapMb.toFixed(1)),
        gpu: `${gpu.software ? 'software' : 'hardware'}: ${gpuName.slice(0, 60)}`,
      });
      await context.close();
    }
  } finally {
    await browser.close();
    await host.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await runLineageRenderBench(process.argv.includes('--smoke')));
}
