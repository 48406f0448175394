// A user's walk through lineage in the browser host: sync a cluster where a consumer group reads two
// topics, open the first topic's lineage from its panel, expand the group to reach the second topic, filter
// groups out and back, see the impact of the topic, compare two snapshots after a new reader appeared, and
// export the view as PNG. Screenshots land in test-results/e2e/lineage-*.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startMesh, type RunningMesh } from '../scripts/mesh/harness.ts';
import { startWebHost, type WebHost } from '../src/web/serve.ts';
import { createKafka, plaintext } from '../src/core/cluster/kafka-client.ts';

const shots = path.resolve(import.meta.dirname, '../test-results/e2e');
const run = Date.now().toString(36);
const orders = `e2e-lin-${run}.orders.v1`;
const payments = `e2e-lin-${run}.payments.v1`;
const audit = `e2e-lin-${run}.audit.v1`;
const reader = `e2e-lin-${run}-billing`;
const lateReader = `e2e-lin-${run}-fraud`;
let mesh: RunningMesh;
let host: WebHost;
let dataDir: string;

/** A just-started broker may still be electing leaders: retry what it refuses for a few seconds. */
async function retrying<T>(what: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await what();
    } catch (error) {
      if (attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function createTopics(topics: string[]) {
  const admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  await retrying(() => admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: 1 })) }));
  await admin.disconnect();
}

/** Committed offsets are what lineage infers "topic → group" from; setting them needs no running consumer. */
async function commitOffsets(groupId: string, topics: string[]) {
  const admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  for (const topic of topics) await retrying(() => admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '0' }] }));
  await admin.disconnect();
}

test.beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  mesh = await startMesh({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-e2e-lineage-mesh-')) });
  await createTopics([orders, payments]);
  await commitOffsets(reader, [orders, payments]);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-e2e-lineage-data-'));
  host = await startWebHost({ port: 0, dataDir });
});

test.afterAll(async () => {
  await host?.close();
  await mesh?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const open = (page: Page, route: string) => page.evaluate((r) => (location.hash = r), `#/${route}`);
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `lineage-${name}.png`) });
const lineage = (page: Page) => page.locator('section.lineage');
const painted = async (page: Page) => {
  await expect(lineage(page)).toHaveAttribute('data-state', 'painted', { timeout: 20_000 });
};
/** The canvas is pixels; its nodes are also buttons in a list for the keyboard, which is what we press. */
const nodeButton = (page: Page, kind: string, name: string) => page.getByTestId('lineage-node').filter({ hasText: `${kind} ${name}` });

async function sync(page: Page): Promise<void> {
  const row = page.getByTestId('profile-row').filter({ hasText: 'Lineage walk' });
  const status = page.getByTestId('sync-status');
  const before = (await status.count()) > 0 ? ((await status.textContent()) ?? '') : '';
  await row.getByRole('button', { name: 'Sync' }).click();
  await expect(page.getByTestId('sync-status')).toContainText(/Synced \d+ topic/, { timeout: 60_000 });
  await expect(page.getByTestId('sync-status')).not.toHaveText(before, { timeout: 60_000 });
}

test('opens a topic in lineage, expands, filters, shows impact, compares snapshots and exports a PNG', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByRole('navigation')).toBeVisible();
  await open(page, 'connections');
  const form = page.getByTestId('profile-form');
  await form.locator('input[name="name"]').fill('Lineage walk');
  await form.locator('input[name="bootstrap"]').fill(mesh.bootstrap);
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('profile-row').filter({ hasText: 'Lineage walk' })).toBeVisible();
  await sync(page);

  // From the topic's panel to its lineage.
  await open(page, `topics/${encodeURIComponent(orders)}`);
  await page.getByTestId('topic-lineage-link').click();
  await expect(page).toHaveURL(/#\/lineage\/topic%3A/);
  await painted(page);
  await expect(page.getByTestId('lineage-canvas')).toBeVisible();
  await expect(page.getByTestId('lineage-renderer')).toHaveText(/Canvas|WebGL/);
  await expect(nodeButton(page, 'group', reader)).toHaveCount(1);
  await expect(nodeButton(page, 'topic', payments)).toHaveCount(0);
  await shot(page, '01-focus');

  // Expanding the group brings in the other topic it reads.
  await nodeButton(page, 'group', reader).press('Enter');
  await expect(page.getByTestId('lineage-node-panel')).toContainText(reader);
  await expect(nodeButton(page, 'topic', payments)).toHaveCount(1);
  await painted(page);
  await shot(page, '02-expanded');

  // Filtering groups out leaves the focus alone; putting them back restores the view.
  await page.getByTestId('lineage-filters').click();
  await page.getByTestId('lineage-kind-group').uncheck();
  await expect(nodeButton(page, 'group', reader)).toHaveCount(0);
  await painted(page);
  await shot(page, '03-filtered');
  await page.getByTestId('lineage-kind-group').check();
  await page.getByTestId('lineage-filters').click();
  await expect(nodeButton(page, 'group', reader)).toHaveCount(1);

  // Impact of the topic: the group that reads it, listed and highlighted.
  await nodeButton(page, 'topic', orders).press('Enter');
  await page.getByTestId('lineage-impact-button').click();
  await expect(page.getByTestId('lineage-impact')).toBeVisible();
  await expect(page.getByTestId('lineage-impact-row').filter({ hasText: reader })).toHaveCount(1);
  await painted(page);
  await shot(page, '04-impact');
  await page.getByTestId('lineage-impact').getByRole('button', { name: 'Close the impact list' }).click();

  // A new reader and a new topic appear; a second sync, then the comparison shows them as added.
  await createTopics([audit]);
  await commitOffsets(lateReader, [orders, audit]);
  await open(page, 'connections');
  await sync(page);
  await open(page, `lineage/topic:${encodeURIComponent(orders)}`);
  await painted(page);
  await page.getByTestId('lineage-diff-open').click();
  const diff = page.getByTestId('lineage-diff');
  await expect(diff).toBeVisible();
  await diff.getByTestId('lineage-diff-run').click();
  await expect(diff.getByTestId('lineage-diff-summary')).toContainText(/added/);
  await expect(diff.locator('li.added').filter({ hasText: lateReader }).first()).toBeVisible();
  await expect(diff.locator('li.added').filter({ hasText: audit }).first()).toBeVisible();
  await painted(page);
  await shot(page, '05-diff');

  // PNG export: a real file, bigger than a blank canvas of the same size.
  await page.getByTestId('lineage-export').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lineage-export-png').click()]);
  const file = path.join(shots, 'lineage-export.png');
  await download.saveAs(file);
  const png = fs.readFileSync(file);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const blank = await page.evaluate(
    ([w, h]) =>
      new Promise<number>((resolve) => {
        const canvas = document.createElement('canvas');
        canvas.width = w!;
        canvas.height = h!;
        const ctx = canvas.getContext('2d')!;
        ctx.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--bg') || '#ffffff';
        ctx.fillRect(0, 0, w!, h!);
        canvas.toBlob((b) => resolve(b?.size ?? 0), 'image/png');
      }),
    [width, height],
  );
  expect(png.length).toBeGreaterThan(blank * 2);
  await shot(page, '06-exported');
});
