// A damaged cache file — cut short, or with pages overwritten by garbage — is found at open, moved aside and
// kept, and announced through app.info; the catalog then comes back from the cluster by a sync and the data
// products from the registry topic (_tributary.products), against the real local mesh.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka, plaintext } from '../cluster/kafka-client.ts';
import type { Api } from '../contract.ts';
import { createEngine, type Engine } from '../engine.ts';
import { createInProcessApi } from '../in-process-api.ts';
import { seededRandom } from '../seeded-random.ts';

const mesh = inject('mesh');
const run = Date.now().toString(36);
const prefix = `it-damage-${run}`;
const topic = `${prefix}.orders.v1`;
const productId = `it-damage-${run}`;
const PAGE = 4096;
const dirs: string[] = [];
const engines: Engine[] = [];

function open(dataDir: string): Api {
  const engine = createEngine({ dataDir, host: 'web', version: 'test' });
  engines.push(engine);
  return createInProcessApi(engine.handlers);
}
function close(): void {
  engines.pop()!.close();
}


/** A data folder whose cache holds a synced catalog of the mesh and the product published from it. */
async function filledCache(): Promise<{ dataDir: string; file: string; topicCount: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-damage-'));
  dirs.push(dataDir);
  const api = open(dataDir);
  const profile = await api['profiles.save']({ name: 'mesh', bootstrap: mesh.bootstrap });
  const synced = await api['catalog.sync']({ profileId: profile.id });
  expect((await api['products.list']({ profileId: profile.id })).products.map((p) => p.id)).toContain(productId);
  close();
  return { dataDir, file: path.join(dataDir, 'tributary.db'), topicCount: synced.topicCount };
}

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-damage-publisher-'));
  dirs.push(dataDir);
  const api = open(dataDir);
  const profile = await api['profiles.save']({ name: 'publisher', bootstrap: mesh.bootstrap });
  await api['products.publish']({
    profileId: profile.id,
    actor: 'damage@desk',
    product: { id: productId, name: 'Damage orders', version: '1.0.0', domain: 'reliability', owner: { team: 'Reliability', email: 'rel@tributary.example' }, outputPorts: [{ topic, key: '', schemaSubject: '', format: 'JSON' }], historyMode: 'all' },
    provision: [{ topic, createTopic: { partitions: 1, configs: {} } }],
  });
  close();
});

afterAll(async () => {
  for (const e of engines) e.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  const admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(prefix)) }).catch(() => undefined);
  await admin.disconnect();
});

/** Opens the damaged folder and checks everything a user sees, through to the rebuilt catalog and products. */
async function expectRecovered(dataDir: string, file: string, damaged: Buffer, topicCount: number): Promise<void> {
  const api = open(dataDir);
  const info = await api['app.info']({});
  expect(info.cacheNotice).toMatch(/^The cache file .*tributary\.db was damaged \(.+\)\. It was kept as .*tributary\.db\.damaged-.* sync your clusters again to refill it\.( Your connection profile was recovered, with its saved secrets\.)?$/);
  console.log(`notice: ${info.cacheNotice}`);
  const kept = fs.readdirSync(dataDir).filter((f) => /^tributary\.db\.damaged-[^.]*$/.test(f));
  expect(kept).toHaveLength(1);
  expect(fs.readFileSync(path.join(dataDir, kept[0]!)).equals(damaged), 'the damaged file is kept byte for byte').toBe(true);
  expect(fs.statSync(file).size).toBeGreaterThan(0);

  // The profile lived in the damaged file: recovered when its page still reads (the notice says so), else the
  // user adds the connection again. Either way, a sync refills the rest.
  const recovered = await api['profiles.list']({});
  expect(recovered.map((p) => [p.name, p.bootstrap])).toEqual(info.cacheNotice!.includes('recovered') ? [['mesh', mesh.bootstrap]] : []);
  console.log(`profile ${recovered.length > 0 ? 'recovered' : 'lost with its page'}`);
  const profile = recovered[0] ?? (await api['profiles.save']({ name: 'mesh', bootstrap: mesh.bootstrap }));
  const synced = await api['catalog.sync']({ profileId: profile.id });
  expect(synced.topicCount).toBeGreaterThanOrEqual(topicCount);
  expect((await api['catalog.topics']({ profileId: profile.id })).topics.map((t) => t.name)).toContain(topic);
  const products = await api['products.list']({ profileId: profile.id });
  expect(products.registry.state).toBe('live');
  expect(products.products.find((p) => p.id === productId)).toMatchObject({ name: 'Damage orders', topics: [topic], domain: 'reliability' });
  close();
  // Reopened, the rebuilt cache is healthy: no notice this time.
  expect((await open(dataDir)['app.info']({})).cacheNotice).toBeNull();
  close();
}

describe('a damaged cache file', () => {
  it('is found cut short at open, kept aside, announced, and rebuilt from the cluster and the registry topic', async () => {
    const { dataDir, file, topicCount } = await filledCache();
    const size = fs.statSync(file).size;
    expect(size, 'the cache spans many pages').toBeGreaterThan(20 * PAGE);
    fs.truncateSync(file, Math.floor(size * 0.45) + 123);
    await expectRecovered(dataDir, file, fs.readFileSync(file), topicCount);
  });

  it('is found with random pages overwritten by garbage, kept aside, announced, and rebuilt', async () => {
    const { dataDir, file, topicCount } = await filledCache();
    const random = seededRandom(424242);
    const pages = Math.floor(fs.statSync(file).size / PAGE);
    const fd = fs.openSync(file, 'r+');
    const hit = new Set<number>();
    // Never page 1 (the header): a broken header is the easy case the first test's cut already covers.
    while (hit.size < 8) hit.add(1 + Math.floor(random() * (pages - 1)));
    for (const page of hit) {
      const garbage = Buffer.from(Array.from({ length: PAGE }, () => Math.floor(random() * 256)));
      fs.writeSync(fd, garbage, 0, PAGE, page * PAGE);
    }
    fs.closeSync(fd);
    console.log(`overwrote pages ${[...hit].sort((a, b) => a - b).join(', ')} of ${pages}`);
    await expectRecovered(dataDir, file, fs.readFileSync(file), topicCount);
  });
});
