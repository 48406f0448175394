// An analyst opens the whole lineage of a 5,000-node / 10,000-edge mesh from the cache (no cluster needed):
// the overview paints, a drag anywhere pans it (nodes of a big graph are not picked up), zooming in names the
// nodes in view and hands their edges back to Cytoscape (src/renderer/lineage/overview-edges.ts), and a click
// on the canvas picks the node or edge under the pointer — the hit test a big graph runs through a grid
// (src/renderer/lineage/cy-hit-grid.ts); a topic's impact is coloured zoomed out, and the view exports as a PNG.
// Screenshots: test-results/e2e/lineage-big-*.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { handMadeLineage } from '../src/core/lineage/hand-made-lineage.ts';
import { syntheticGraph } from '../bench/lineage-render.bench.ts';
import { startWebHost, type WebHost } from '../src/web/serve.ts';

const shots = path.resolve(import.meta.dirname, '../test-results/e2e');
let host: WebHost;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-e2e-big-lineage-'));
  const lineage = handMadeLineage(path.join(dataDir, 'tributary.db'));
  lineage.sync(syntheticGraph(5_000, 10_000));
  lineage.close();
  host = await startWebHost({ port: 0, dataDir });
});

test.afterAll(async () => {
  await host?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The canvas as the user sees it (PNG bytes). */
const canvasPixels = (page: Page) => page.getByTestId('lineage-canvas').screenshot();

test('opens a 5,000-node lineage graph, pans and zooms it, and picks what is under a click', async ({ page }) => {
  fs.mkdirSync(shots, { recursive: true });
  await page.goto(host.url);
  await page.getByTestId('cache-age').waitFor();
  await page.evaluate(() => (location.hash = '#/lineage/all'));
  await expect(page.locator('section.lineage')).toHaveAttribute('data-state', 'painted', { timeout: 60_000 });
  await expect(page.getByTestId('lineage-canvas')).toHaveAttribute('data-elements', '15000');
  // zoomed out, the edges are drawn by the overview layer under Cytoscape's canvas, and they are on screen
  await expect(page.getByTestId('lineage-canvas')).toHaveAttribute('data-overview-edges', '10000');
  const inked = await page.getByTestId('lineage-overview-edges').evaluate((canvas: HTMLCanvasElement) => {
    const alpha = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 3; i < alpha.length; i += 4) if (alpha[i]! > 0) count++;
    return count;
  });
  expect(inked).toBeGreaterThan(10_000);
  await page.screenshot({ path: path.join(shots, 'lineage-big-overview.png') });

  // a drag pans the whole picture instead of moving a node
  const box = (await page.getByTestId('lineage-canvas').boundingBox())!;
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const before = await canvasPixels(page);
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down();
  await page.mouse.move(centre.x + 150, centre.y + 60, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await canvasPixels(page)).equals(before)).toBe(false);
  await page.getByRole('button', { name: 'Fit' }).click();

  // zoom in at the centre until the nodes there are named
  await page.mouse.move(centre.x, centre.y);
  for (let i = 0; i < 200; i++) await page.mouse.wheel(0, -1200);
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(shots, 'lineage-big-zoomed.png') });
  // zoomed in, the edges of the nodes in view are Cytoscape's again: arrowed and clickable
  const overviewEdges = Number(await page.getByTestId('lineage-canvas').getAttribute('data-overview-edges'));
  expect(overviewEdges).toBeLessThan(10_000);

  // a click somewhere near the centre lands on a node or an edge, and the panel says which
  const panel = page.getByTestId('lineage-node-panel');
  let picked = '';
  for (let dx = -200; dx <= 200 && !picked; dx += 25) {
    for (let dy = -150; dy <= 150 && !picked; dy += 25) {
      await page.mouse.click(centre.x + dx, centre.y + dy);
      if (await panel.isVisible()) picked = (await panel.textContent()) ?? '';
    }
  }
  expect(picked).toMatch(/entity-\d+\.v1|app-\d+|CSAS_\d+|connector-\d+/);
  await page.screenshot({ path: path.join(shots, 'lineage-big-picked.png') });

  // the impact of a topic, zoomed out: its edges leave the overview layer, so Cytoscape colours them
  await page.getByTestId('lineage-node').and(page.locator('[data-kind="topic"]')).first().press('Enter');
  await page.getByTestId('lineage-impact-button').click();
  await expect(page.getByTestId('lineage-impact')).toBeVisible();
  await page.getByRole('button', { name: 'Fit' }).click();
  await expect.poll(async () => Number(await page.getByTestId('lineage-canvas').getAttribute('data-overview-edges'))).toBeLessThan(10_000);
  await page.screenshot({ path: path.join(shots, 'lineage-big-impact.png') });

  // a PNG export draws every edge, then the overview layer takes back the ones it drew before
  const overviewBefore = await page.getByTestId('lineage-canvas').getAttribute('data-overview-edges');
  await page.getByTestId('lineage-export').click();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('lineage-export-png').click()]);
  const png = fs.readFileSync(await download.path());
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(png.length).toBeGreaterThan(100_000);
  await expect(page.getByTestId('lineage-canvas')).toHaveAttribute('data-overview-edges', overviewBefore!);
});
