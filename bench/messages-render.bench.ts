// The Messages page in Chromium holding 100k records: a topic of 100k small Avro records on a real local broker,
// read from the beginning with the row cap raised to 100,000 as a user would, through the real web host. Prints
// the time until the page says it read to the end, the page's JS heap (performance.memory, after GC) before
// and after, the renderer process's RSS, and scroll frame time over the full list; then the time to open a
// 1 MB Avro record in the side panel (its 64 KB preview) and to show all of it. Figures only, no target but
// the 1 MB record's (≤ 200 ms).
// Builds the renderer if out/renderer is missing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startMesh } from '../scripts/mesh/harness.ts';
import { createKafka, plaintext } from '../src/core/cluster/kafka-client.ts';
import { createEngine } from '../src/core/engine.ts';
import { createInProcessApi } from '../src/core/in-process-api.ts';
import { startWebHost } from '../src/web/serve.ts';
import { encodeTrade, tradeSchema } from './key-filter.bench.ts';
import { createBrowseTopics, ensureRenderer, scrollFrameTime } from './bench-kit.ts';

const blobSchema = { type: 'record', name: 'Blob', namespace: 'bench.render', fields: [{ name: 'id', type: 'long' }, { name: 'note', type: 'string' }] };

/** A Blob record in Confluent wire format: id 1 and a note of `chars` ASCII characters (Avro: zig-zag varints). */
function encodeBlob(schemaId: number, chars: number): Buffer {
  const varint = (n: number) => {
    const out: number[] = [];
    let z = n * 2;
    while (z >= 0x80) {
      out.push((z % 0x80) | 0x80);
      z = Math.floor(z / 0x80);
    }
    out.push(z);
    return out;
  };
  const header = Buffer.from([0, (schemaId >>> 24) & 0xff, (schemaId >>> 16) & 0xff, (schemaId >>> 8) & 0xff, schemaId & 0xff, ...varint(1), ...varint(chars)]);
  return Buffer.concat([header, Buffer.alloc(chars, 'z')]);
}

/** Resident memory of Chromium's renderer processes (Linux /proc), largest first; empty where unavailable. */
async function rendererRssMb(browser: Browser): Promise<number[]> {
  try {
    const cdp = await browser.newBrowserCDPSession();
    const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: Array<{ type: string; id: number }> };
    await cdp.detach();
    return info.processInfo
      .filter((p) => p.type === 'renderer')
      .map((p) => {
        const status = fs.readFileSync(`/proc/${p.id}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
      })
      .sort((a, b) => b - a);
  } catch {
    return [];
  }
}

const heapMb = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { gc?: () => void }).gc?.();
    return ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1024 / 1024;
  });

export async function runMessagesRenderBench(smoke: boolean, log: (line: string) => void = console.log): Promise<Array<Record<string, string | number>>> {
  const records = smoke ? 2_000 : 100_000;
  const mesh = await startMesh({ registry: 'required' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-messages-render-'));
  const topic = `bench-render-${Date.now().toString(36)}`;
  const bigTopic = `${topic}.big`;
  const rows: Array<Record<string, string | number>> = [];
  const line = (measure: string, value: string, note: string) => rows.push({ measure, value, note });
  let browser: Browser | null = null;
  let host: Awaited<ReturnType<typeof startWebHost>> | null = null;
  try {
    const kafka = createKafka(plaintext(mesh.bootstrap), 'tributary-bench-seed');
    await createBrowseTopics(kafka, topic, bigTopic);
    const registry = new SchemaRegistry({ host: mesh.registryUrl });
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(tradeSchema) }, { subject: `${topic}-value` });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    for (let start = 0; start < records; start += 10_000) {
      const messages = [];
      for (let i = start; i < Math.min(records, start + 10_000); i++) messages.push({ key: `trade-${i}`, value: encodeTrade(id, i), partition: i % 3 });
      await producer.send({ topic, acks: 1, messages });
    }
    const blob = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(blobSchema) }, { subject: `${bigTopic}-value` });
    await producer.send({ topic: bigTopic, acks: 1, messages: [{ key: 'big', value: encodeBlob(blob.id, 1024 * 1024) }] });
    await producer.disconnect();
    log(`  seeded ${records.toLocaleString('en-US')} Avro records`);

    // The one profile the page opens with, written the way the app writes it.
    const engine = createEngine({ dataDir, host: 'web', version: 'bench' });
    await createInProcessApi(engine.handlers)['profiles.save']({ name: 'bench', bootstrap: mesh.bootstrap, registryUrl: mesh.registryUrl });
    engine.close();

    host = await startWebHost({ port: 0, dataDir, staticDir: ensureRenderer() });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
    });
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(`${host.url}#/topics/${encodeURIComponent(topic)}/messages`);
    await page.getByTestId('messages-start').waitFor({ timeout: 60_000 });
    const heapBefore = await heapMb(page);
    const rssBefore = await rendererRssMb(browser);

    // As a user would: from the beginning, the cap raised to hold every record, Start.
    await page.locator('label.field', { hasText: 'Start' }).locator('select').selectOption('beginning');
    await page.locator('label.field', { hasText: 'Cap' }).locator('input').fill(String(records));
    const began = performance.now();
    await page.getByTestId('messages-start').click();
    await page.getByTestId('messages-progress').filter({ hasText: /read to the end|stopped at the cap/ }).waitFor({ timeout: 600_000 });
    const loadMs = performance.now() - began;
    const progress = ((await page.getByTestId('messages-progress').textContent()) ?? '').trim();
    await page.waitForTimeout(500);
    const heapAfter = await heapMb(page);
    const rssAfter = await rendererRssMb(browser);
    const scroll = await scrollFrameTime(page, 'Messages', smoke ? 500 : 3_000);

    // The 1 MB record: browse to it, open it (the page holds a 64 KB preview), then Show all (messages.get).
    await page.goto(`${host.url}#/topics/${encodeURIComponent(bigTopic)}/messages`);
    await page.locator('label.field', { hasText: 'Start' }).locator('select').selectOption('beginning');
    await page.getByTestId('messages-start').click();
    await page.getByTestId('message-row').first().waitFor({ timeout: 60_000 });
    const openBegan = performance.now();
    await page.getByTestId('message-row').first().click();
    await page.getByTestId('message-detail').getByRole('button', { name: 'Show all' }).waitFor();
    const openMs = performance.now() - openBegan;
    const allBegan = performance.now();
    await page.getByTestId('message-detail').getByRole('button', { name: 'Show all' }).click();
    await page.getByTestId('message-detail').getByRole('button', { name: /Show all|Reading/ }).waitFor({ state: 'detached', timeout: 60_000 });
    const shownChars = await page.getByTestId('message-detail').locator('section[aria-label="Value"] pre').evaluate((e) => e.textContent?.length ?? 0);
    const allMs = performance.now() - allBegan;

    const rss = (xs: number[]) => (xs.length ? `${xs[0]!.toFixed(0)} MB` : 'n/a');
    line('records loaded into the page', records.toLocaleString('en-US'), `"${progress}"`);
    line('time until the page read to the end', `${Math.round(loadMs).toLocaleString('en-US')} ms`, `${Math.round(records / (loadMs / 1000)).toLocaleString('en-US')} records/s, Start click to the status line`);
    line('JS heap, page open before reading', `${heapBefore.toFixed(1)} MB`, 'performance.memory after GC');
    line(`JS heap holding ${records.toLocaleString('en-US')} records`, `${heapAfter.toFixed(1)} MB`, `${(((heapAfter - heapBefore) * 1024 * 1024) / records).toFixed(0)} bytes per record`);
    line('renderer RSS before / after', `${rss(rssBefore)} / ${rss(rssAfter)}`, 'VmRSS of the largest renderer process');
    line(`scroll frame time over ${records.toLocaleString('en-US')} rows`, `${scroll.mean.toFixed(1)} ms (p95 ${scroll.p95.toFixed(1)})`, 'one jump across the list per frame');
    line('open a 1 MB Avro record (click → side panel)', `${Math.round(openMs)} ms`, 'target ≤ 200 ms; the panel shows the 64 KB preview the browse sent');
    line('  Show all of it (messages.get → panel)', `${Math.round(allMs)} ms`, `${shownChars.toLocaleString('en-US')} characters shown, pretty-printed`);
  } finally {
    await browser?.close();
    await host?.close();
    await mesh.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
