// Runs a full sync and an unchanged re-sync of one cluster in a process of its own, so the benchmark can
// report the sync's peak RSS. Prints one JSON line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine } from '../src/core/engine.ts';
import { createInProcessApi } from '../src/core/in-process-api.ts';

const [bootstrap, registryUrl = ''] = process.argv.slice(2);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-bench-sync-'));
const engine = createEngine({ dataDir, host: 'web', version: 'bench' });
const api = createInProcessApi(engine.handlers);
const profile = await api['profiles.save']({ name: 'bench', bootstrap: bootstrap!, registryUrl });
/** Milliseconds spent in each sync stage, from the progress events, so the figures say where time goes. */
function stageClock() {
  const stages: Record<string, number> = {};
  let current = '';
  let since = performance.now();
  return {
    onProgress: (p: { stage: string }) => {
      if (p.stage === current) return;
      const now = performance.now();
      if (current) stages[current] = (stages[current] ?? 0) + now - since;
      current = p.stage;
      since = now;
    },
    stages,
  };
}
let t = performance.now();
const fullClock = stageClock();
const full = await api['catalog.sync']({ profileId: profile.id }, { onProgress: fullClock.onProgress });
const fullMs = performance.now() - t;
t = performance.now();
const resyncClock = stageClock();
await api['catalog.sync']({ profileId: profile.id }, { onProgress: resyncClock.onProgress });
const resyncMs = performance.now() - t;
const rounded = (stages: Record<string, number>) => Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(v)]));
const groups = (await api['catalog.groups']({ profileId: profile.id })).groups.length;
const subjects = (await api['catalog.subjects']({ profileId: profile.id })).subjects;
engine.close();
fs.rmSync(dataDir, { recursive: true, force: true });
console.log(JSON.stringify({ fullStages: rounded(fullClock.stages), resyncStages: rounded(resyncClock.stages), fullMs, resyncMs, topics: full.topicCount, groups, subjects: subjects.length, versions: subjects.reduce((n, s) => n + s.versionCount, 0), peakRssMb: process.resourceUsage().maxRSS / 1024 }));
