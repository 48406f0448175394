// The demo mesh in one call: start the local Kafka, Connect and registry, seed the demo domains, and keep
// demo traffic flowing until stop(). Used by `npm run local-mesh` and by the app's start script.
import { mkdirSync, writeFileSync } from 'node:fs';
import { seedDemoProducts } from '../../src/core/products/demo-products.ts';
import { join } from 'node:path';
import { cacheRoot } from './config.ts';
import { startDemoTraffic, type DemoTraffic } from './demo-traffic.ts';
import { startMesh, type MeshEndpoints, type RunningMesh } from './harness.ts';
import { loadDemoMesh } from './demo-spec.ts';
import { seedDemo, type SeedResult } from './seed-demo.ts';

export interface DemoMeshOptions {
  /** Data and logs of the broker, worker and registry, and the sink's file; a temporary directory by default. */
  dataDir?: string;
  log?: (line: string) => void;
  /** Write no records (seed only). */
  traffic?: boolean;
  /** Where the endpoints are written as JSON; `${TRIBUTARY_CACHE}/mesh/endpoints.json` by default, '' for nowhere. */
  endpointsFile?: string;
}

export interface DemoMeshHandle {
  endpoints: MeshEndpoints;
  mesh: RunningMesh;
  seed: SeedResult;
  traffic: DemoTraffic | undefined;
  endpointsFile: string | undefined;
  stop(): Promise<void>;
}

export async function startDemoMesh(opts: DemoMeshOptions = {}): Promise<DemoMeshHandle> {
  const log = opts.log ?? (() => {});
  // Without a registry the demo still runs: topics with a schema carry plain JSON instead.
  const mesh = await startMesh({ dataDir: opts.dataDir, log, registry: 'optional' });
  let traffic: DemoTraffic | undefined;
  try {
    const endpoints: MeshEndpoints = {
      bootstrap: mesh.bootstrap,
      registryUrl: mesh.registryUrl,
      connectUrl: mesh.connectUrl,
      ...(mesh.registryUnavailable ? { registryUnavailable: mesh.registryUnavailable } : {}),
    };
    const spec = loadDemoMesh();
    const seed = await seedDemo(endpoints, { dataDir: join(mesh.dataDir, 'demo'), log, mesh: spec });
    // The demo domains' topics become real data products in the mesh registry, so Discover shows them at once.
    const products = await seedDemoProducts(endpoints.bootstrap, endpoints.registryUrl, log);
    log(`demo products: ${products.published.length} published, ${products.alreadyThere.length} already there${products.failed.length ? `, ${products.failed.length} failed: ${products.failed.map((f) => JSON.stringify(f)).join('; ')}` : ''}`);
    if (opts.traffic !== false) traffic = await startDemoTraffic(endpoints, { mesh: spec, schemaIds: seed.schemaIds, log });

    const endpointsFile = opts.endpointsFile === '' ? undefined : (opts.endpointsFile ?? join(cacheRoot(), 'endpoints.json'));
    if (endpointsFile) {
      mkdirSync(join(endpointsFile, '..'), { recursive: true });
      writeFileSync(endpointsFile, JSON.stringify({ ...endpoints, dataDir: mesh.dataDir, pid: process.pid, startedAt: new Date().toISOString() }, null, 2) + '\n');
    }
    let stopped: Promise<void> | undefined;
    return {
      endpoints,
      mesh,
      seed,
      traffic,
      endpointsFile,
      stop() {
        stopped ??= (async () => {
          await traffic?.stop();
          await mesh.stop();
        })();
        return stopped;
      },
    };
  } catch (err) {
    await traffic?.stop();
    await mesh.stop();
    throw err;
  }
}
