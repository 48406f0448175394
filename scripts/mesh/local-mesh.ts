// `npm run local-mesh`: a local Kafka + Connect + schema registry with the demo mesh seeded and demo traffic
// flowing, until Ctrl-C. Prints the endpoints and writes them to ${TRIBUTARY_CACHE}/mesh/endpoints.json.
import { rmSync } from 'node:fs';
import { startDemoMesh, type DemoMeshHandle } from './demo-mesh.ts';

const log = (line: string) => console.log(`[mesh] ${line}`);
let demo: DemoMeshHandle | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nstopping the local mesh…');
    await demo?.stop();
    if (demo?.endpointsFile) rmSync(demo.endpointsFile, { force: true });
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  demo = await startDemoMesh({ log, dataDir: process.env.TRIBUTARY_MESH_DATA_DIR || undefined });
} catch (err) {
  console.error(`the local mesh could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

const e = demo.endpoints;
console.log('');
console.log('Local mesh is running:');
console.log(`  KAFKA_BOOTSTRAP=${e.bootstrap}`);
console.log(`  SCHEMA_REGISTRY_URL=${e.registryUrl || '(none)'}`);
console.log(`  CONNECT_URL=${e.connectUrl}`);
if (e.registryUnavailable) console.log(`  no schema registry: ${e.registryUnavailable.split('\n')[0]}`);
console.log(`  data and logs: ${demo.mesh.dataDir}`);
if (demo.endpointsFile) console.log(`  endpoints written to ${demo.endpointsFile}`);
console.log('Ctrl-C stops everything.');

// A line a minute, so a terminal left open shows the traffic is alive.
setInterval(() => {
  const t = demo?.traffic;
  if (!t) return;
  const written = Object.values(t.produced).reduce((a, b) => a + b, 0);
  const read = Object.values(t.consumed).reduce((a, b) => a + b, 0);
  log(`demo traffic: ${written} records written, ${read} read so far`);
}, 60_000).unref();
