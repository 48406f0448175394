// The demo mesh's topics become real products through the publish path, once: a second run changes nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { seedDemo } from '../../../scripts/mesh/seed-demo.ts';
import { seedDemoProducts } from './demo-products.ts';

const mesh = inject('mesh');

describe('demo products', () => {
  it('publishes every demo topic as a product, idempotently', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-demo-products-'));
    try {
      await seedDemo(mesh, { dataDir });
      const first = await seedDemoProducts(mesh.bootstrap, mesh.registryUrl);
      expect(first.failed).toEqual([]);
      expect(first.published.length + first.alreadyThere.length).toBe(15);
      expect([...first.published, ...first.alreadyThere]).toContain('trading.orders');
      const second = await seedDemoProducts(mesh.bootstrap, mesh.registryUrl);
      expect(second).toEqual({ published: [], alreadyThere: expect.arrayContaining(['trading.orders', 'payments.merchants']), failed: [] });
      expect(second.alreadyThere).toHaveLength(15);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
