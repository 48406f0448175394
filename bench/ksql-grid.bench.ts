// The Workbench's result grid in Chromium, fed by the ksqlDB stand-in pushing 200k rows for one push query
// through the real web host: rows per second appended to the grid (from the frame before the first row to the
// frame with the last, read from the grid's aria-rowcount every frame), the longest main-thread stall while rows stream (requestAnimationFrame gaps and
// long tasks), frame time while scrolling the grid holding 10k rows and holding all of them (render cost should
// not depend on the row count), and the JS heap after. Builds the renderer if out/renderer is missing.
// Asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { ensureRenderer, scrollFrameTime } from './bench-kit.ts';
import { catalogScript } from '../scripts/ksqldb-standin/entities.ts';
import { startKsqlStandin } from '../scripts/ksqldb-standin/server.ts';
import { createEngine } from '../src/core/engine.ts';
import { createInProcessApi } from '../src/core/in-process-api.ts';
import { startWebHost } from '../src/web/serve.ts';

const STREAM = 'BENCH_ORDERS';
const columns = [
  { name: 'ID', type: 'STRING', key: true },
  { name: 'AMOUNT', type: 'DOUBLE' },
  { name: 'REGION', type: 'STRING' },
  { name: 'SEQ', type: 'BIGINT' },
  { name: 'NOTE', type: 'STRING' },
];

function* generateRows(n: number): Generator<unknown[]> {
  for (let i = 0; i < n; i++) yield [`order-${i}`, i * 1.5, i % 2 ? 'eu' : 'us', i, `note ${i % 100}`];
}

/** What the page measured while one query streamed into the grid. */
interface StreamFigures {
  rows: number;
  status: string;
  streamMs: number;
  rowsPerSecond: number;
  longestFrameGapMs: number;
  longestTaskMs: number;
  /** p95 of frame gaps while the grid held at most `early` rows, and while it held the last tenth of its rows. */
  p95GapEarlyMs: number;
  p95GapLateMs: number;
}

/** Types a statement into the Workbench editor, runs it, and samples the grid's row count every frame until the run ends. */
async function streamQuery(page: Page, sql: string, early: number): Promise<StreamFigures> {
  const editor = page.getByTestId('ksql-editor');
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(sql);
  await page.evaluate(() => {
    const w = window as unknown as { __bench: { samples: Array<[number, number]>; longTasks: Array<[number, number]>; on: boolean } };
    w.__bench = { samples: [], longTasks: [], on: true };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (w.__bench.on) w.__bench.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask' });
    const tick = (t: number) => {
      if (!w.__bench.on) return;
      const grid = document.querySelector('[aria-label="Query rows"]');
      w.__bench.samples.push([t, Number(grid?.getAttribute('aria-rowcount') ?? 0)]);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.getByTestId('ksql-run').click();
  await page.getByTestId('ksql-run').waitFor({ state: 'visible' });
  await page.waitForFunction(() => {
    const status = document.querySelector('.query [role="status"]')?.textContent ?? '';
    return /rows · .* · (completed|stopped|failed)/.test(status);
  }, undefined, { timeout: 600_000, polling: 250 });
  await page.waitForTimeout(300);
  const status = ((await page.locator('.query [role="status"]').textContent()) ?? '').trim();
  const { samples, longTasks } = await page.evaluate(() => {
    const w = window as unknown as { __bench: { samples: Array<[number, number]>; longTasks: Array<[number, number]>; on: boolean } };
    w.__bench.on = false;
    return w.__bench;
  });
  const final = samples.at(-1)?.[1] ?? 0;
  const first = samples.findIndex(([, n]) => n > 0);
  const last = samples.findIndex(([, n]) => n === final);
  // From the last frame without rows to the first with all of them, so rows arriving within one frame still count.
  const streaming = first >= 0 ? samples.slice(Math.max(0, first - 1), last + 1) : [];
  const gaps = streaming.slice(1).map(([t, n], i) => ({ gap: t - streaming[i]![0], rows: n }));
  const p95 = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]! : 0);
  const streamMs = streaming.length > 1 ? streaming.at(-1)![0] - streaming[0]![0] : 0;
  const appended = streaming.length > 1 ? final - streaming[0]![1] : 0;
  return {
    rows: final,
    status,
    streamMs,
    rowsPerSecond: streamMs > 0 ? appended / (streamMs / 1000) : 0,
    longestFrameGapMs: Math.max(0, ...gaps.map((g) => g.gap)),
    // Long tasks that overlap the stream, from its first row to its last.
    longestTaskMs: Math.max(0, ...longTasks.filter(([at, ms]) => streaming.length > 1 && at + ms >= streaming[0]![0] && at <= streaming.at(-1)![0]).map(([, ms]) => ms)),
    p95GapEarlyMs: p95(gaps.filter((g) => g.rows <= early).map((g) => g.gap)),
    p95GapLateMs: p95(gaps.filter((g) => g.rows >= final * 0.9).map((g) => g.gap)),
  };
}

export async function runKsqlGridBench(smoke: boolean): Promise<Array<Record<string, string | number>>> {
  const total = smoke ? 5_000 : 200_000;
  const small = smoke ? 1_000 : 10_000;
  const pushAll = `SELECT * FROM ${STREAM} EMIT CHANGES`;
  const pushSmall = `SELECT * FROM ${STREAM} EMIT CHANGES LIMIT ${small}`;
  const header = { queryId: `transient_${STREAM}_1`, columnNames: columns.map((c) => c.name), columnTypes: columns.map((c) => c.type) };
  const standin = await startKsqlStandin({
    script: {
      ...catalogScript({ sources: [{ kind: 'STREAM', name: STREAM, topic: 'bench.orders.v1', columns }] }),
      // Iterable again for every run: each query gets a fresh generator.
      [pushAll]: { header, rows: { [Symbol.iterator]: () => generateRows(total) } },
      [pushSmall]: { header: { ...header, queryId: `transient_${STREAM}_2` }, rows: { [Symbol.iterator]: () => generateRows(small) } },
    },
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-ksql-grid-'));
  // The one profile the page opens with, written the way the app writes it.
  const engine = createEngine({ dataDir, host: 'web', version: 'bench' });
  await createInProcessApi(engine.handlers)['profiles.save']({ name: 'bench', bootstrap: '127.0.0.1:9', ksqldbUrl: standin.url });
  engine.close();

  const host = await startWebHost({ port: 0, dataDir, staticDir: ensureRenderer() });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
  const rows: Array<Record<string, string | number>> = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(`${host.url}#/workbench`);
    await page.getByTestId('ksql-editor').locator('.monaco-editor').waitFor({ timeout: 60_000 });
    const heap = async () =>
      page.evaluate(() => {
        (window as unknown as { gc?: () => void }).gc?.();
        return ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1024 / 1024;
      });
    const heapBefore = await heap();

    const few = await streamQuery(page, `${pushSmall};`, small);
    const fewScroll = await scrollFrameTime(page, 'Query rows', smoke ? 500 : 3_000);
    const many = await streamQuery(page, `${pushAll};`, small);
    const manyScroll = await scrollFrameTime(page, 'Query rows', smoke ? 500 : 3_000);
    const heapAfter = await heap();

    const line = (measure: string, value: string, target: string, note: string) => rows.push({ measure, value, target, note });
    line('rows appended to the grid', `${Math.round(many.rowsPerSecond).toLocaleString('en-US')} rows/s`, '≥ 50,000 rows/s', `${many.rows.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} pushed rows in ${Math.round(many.streamMs)} ms, first to last; the run says "${many.status}"`);
    line(`  same, the ${small.toLocaleString('en-US')}-row run`, `${Math.round(few.rowsPerSecond).toLocaleString('en-US')} rows/s`, '', `${few.rows.toLocaleString('en-US')} rows in ${Math.round(few.streamMs)} ms`);
    line('longest main-thread stall while streaming', `${Math.round(many.longestFrameGapMs)} ms`, 'UI responsive (≤ 100 ms)', `longest requestAnimationFrame gap; longest long task ${Math.round(many.longestTaskMs)} ms`);
    line(`frame gap p95 while streaming, grid ≤ ${small.toLocaleString('en-US')} rows`, `${many.p95GapEarlyMs.toFixed(1)} ms`, '', `the ${total.toLocaleString('en-US')}-row run, early`);
    line('frame gap p95 while streaming, last tenth of rows', `${many.p95GapLateMs.toFixed(1)} ms`, 'about the same as early', `the ${total.toLocaleString('en-US')}-row run, late: a cost per batch that grows with the rows held shows here`);
    line(`scroll frame time, grid holding ${few.rows.toLocaleString('en-US')} rows`, `${fewScroll.mean.toFixed(1)} ms (p95 ${fewScroll.p95.toFixed(1)})`, '', 'one jump across the list per frame');
    line(`scroll frame time, grid holding ${many.rows.toLocaleString('en-US')} rows`, `${manyScroll.mean.toFixed(1)} ms (p95 ${manyScroll.p95.toFixed(1)})`, `same as with ${few.rows.toLocaleString('en-US')} (independent of row count)`, '');
    line('JS heap after', `${heapAfter.toFixed(1)} MB`, '', `${heapBefore.toFixed(1)} MB with the Workbench open before any run; after GC`);
  } finally {
    await browser.close();
    await host.close();
    await standin.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await runKsqlGridBench(process.argv.includes('--smoke')));
}
