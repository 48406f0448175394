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
let t = performance.now();
const full = await api['catalog.sync']({ profileId: profile.id });
const fullMs = performance.now() - t;
t = performance.now();
await api['catalog.sync']({ profileId: profile.id });
const resyncMs = performance.now() - t;
const groups = (await api['catalog.groups']({ profileId: profile.id })).groups.length;
const subjects = (await api['catalog.subjects']({ profileId: profile.id })).subjects;
engine.close();
fs.rmSync(dataDir, { recursive: true, force: true });
console.log(JSON.stringify({ fullMs, resyncMs, topics: full.topicCount, groups, subjects: subjects.length, versions: subjects.reduce((n, s) => n + s.versionCount, 0), peakRssMb: process.resourceUsage().maxRSS / 1024 }));
