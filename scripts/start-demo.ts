// The README's start command lands here: bring up the local demo mesh (Kafka + Connect + Apicurio Registry,
// seeded with the demo domains) and the ksqlDB stand-in with the demo's scripted answers, point a "Demo mesh"
// profile at them and sync once, then open Tributary — the Electron window where Electron's binary exists,
// otherwise the browser host in the default browser.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemoMesh } from './mesh/demo-mesh.ts';
import { demoScript } from './ksqldb-standin/demo-script.ts';
import { startKsqlStandin } from './ksqldb-standin/server.ts';
import { createEngine } from '../src/core/engine.ts';
import { createInProcessApi } from '../src/core/in-process-api.ts';
import { startWebHost } from '../src/web/serve.ts';
import { openInBrowser } from '../src/web/open-browser.ts';
import { findElectronBinary } from './electron-binary.ts';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = process.env.TRIBUTARY_DATA ?? path.join(os.homedir(), '.local/share/tributary');
const DEMO_PROFILE = 'Demo mesh';

async function prepareDemoProfile(endpoints: { bootstrap: string; registryUrl: string; connectUrl: string; ksqldbUrl: string }): Promise<void> {
  const engine = createEngine({ dataDir, host: 'web', version: 'start-demo' });
  const api = createInProcessApi(engine.handlers);
  try {
    const existing = (await api['profiles.list']({})).find((p) => p.name === DEMO_PROFILE);
    const profile = await api['profiles.save']({
      id: existing?.id,
      name: DEMO_PROFILE,
      bootstrap: endpoints.bootstrap,
      registryUrl: endpoints.registryUrl,
      connectUrl: endpoints.connectUrl,
      ksqldbUrl: endpoints.ksqldbUrl,
      label: 'local demo',
      color: '#2bb673',
    });
    const snapshot = await api['catalog.sync']({ profileId: profile.id });
    console.log(`Synced "${DEMO_PROFILE}": ${snapshot.topicCount} topics cached in ${path.join(dataDir, 'tributary.db')}`);
  } finally {
    engine.close();
  }
}

const started = Date.now();
const demo = await startDemoMesh({ log: (line: string) => console.log(line) });
// No ksqlDB server can be installed here: the Workbench talks to the stand-in, which answers the demo's objects
// and the "Try it on the stand-in" template from a script (scripts/ksqldb-standin/README.md).
const ksqldb = await startKsqlStandin({ script: demoScript(), port: Number(process.env.TRIBUTARY_KSQLDB_PORT ?? 0) });
let stopping = false;
const stopAll = async (code: number) => {
  if (stopping) return;
  stopping = true;
  console.log('Stopping the demo mesh…');
  await ksqldb.close();
  await demo.stop();
  process.exit(code);
};
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  await prepareDemoProfile({ ...demo.endpoints, ksqldbUrl: ksqldb.url });
  console.log(`Demo mesh ready in ${((Date.now() - started) / 1000).toFixed(1)} s: Kafka ${demo.endpoints.bootstrap}, registry ${demo.endpoints.registryUrl}, Connect ${demo.endpoints.connectUrl}, ksqlDB stand-in ${ksqldb.url}`);
  const binary = process.env.TRIBUTARY_WEB ? null : findElectronBinary(root);
  if (binary) {
    console.log('Opening the Tributary window (Electron)…');
    const child = spawn(binary, [root], { stdio: 'inherit', env: { ...process.env, TRIBUTARY_DATA: dataDir } });
    child.on('exit', (code) => void stopAll(code ?? 0));
  } else {
    const host = await startWebHost({ port: Number(process.env.TRIBUTARY_PORT ?? 0), dataDir });
    console.log("Electron's binary is not installed here, so Tributary runs in your browser:");
    console.log(`  ${host.url}`);
    console.log('Ctrl-C stops Tributary and the demo mesh.');
    if (!process.env.CI) openInBrowser(host.url);
  }
} catch (error) {
  console.error(`Tributary could not start: ${(error as Error).message}`);
  await stopAll(1);
}
