// A full disk under the cache: the data folder is a small tmpfs, filled to the last byte after a first sync.
// The next sync fails with a message naming disk space, the previous snapshot is intact, and once space is
// freed a sync succeeds. Needs permission to mount (root here); skipped with the reason where mount is refused.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafka, plaintext } from '../cluster/kafka-client.ts';
import type { Api } from '../contract.ts';
import { createEngine, type Engine } from '../engine.ts';
import { TributaryError } from '../errors.ts';
import { createInProcessApi } from '../in-process-api.ts';

const mesh = inject('mesh');
const prefix = `it-diskfull-${Date.now().toString(36)}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-diskfull-'));
const filler = path.join(dataDir, 'filler');

function tryMount(): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', dataDir], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim() || 'mount failed';
  }
}
const mountRefused = tryMount();
if (mountRefused) console.log(`[skip] disk-full: cannot mount a tmpfs here (${mountRefused}); this test needs it`);
else console.log(`disk-full: the data folder ${dataDir} is a 48 MB tmpfs`);

/** Writes until the filesystem says ENOSPC: the disk is then full to the last block. */
function fillDisk(): number {
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  let written = 0;
  try {
    for (;;) written += fs.writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  // A partial last block.
  try {
    for (;;) written += fs.writeSync(fd, chunk, 0, 512);
  } catch {
    // full
  }
  fs.closeSync(fd);
  return written;
}

let engine: Engine;
let api: Api;

beforeAll(async () => {
  if (mountRefused) return;
  const admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: Array.from({ length: 20 }, (_, i) => ({ topic: `${prefix}.t${i}`, numPartitions: 1 })) });
  await admin.disconnect();
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
});

afterAll(async () => {
  engine?.close();
  if (!mountRefused) execFileSync('umount', [dataDir]);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const admin = createKafka(plaintext(mesh.bootstrap)).admin();
  await admin.connect();
  await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(prefix)) }).catch(() => undefined);
  await admin.disconnect();
});

describe('a full disk under the cache', () => {
  it.skipIf(Boolean(mountRefused))('fails the sync naming disk space, keeps the previous snapshot, and syncs once space is freed', async () => {
    const profile = await api['profiles.save']({ name: 'full', bootstrap: mesh.bootstrap });
    const first = await api['catalog.sync']({ profileId: profile.id });
    const topicsBefore = await api['catalog.topics']({ profileId: profile.id, includeInternal: true });
    expect(topicsBefore.topics.map((t) => t.name)).toContain(`${prefix}.t0`);

    const filled = fillDisk();
    console.log(`disk-full: filled the tmpfs with ${(filled / 1024 / 1024).toFixed(1)} MB; the cache is ${(fs.statSync(path.join(dataDir, 'tributary.db')).size / 1024 / 1024).toFixed(1)} MB`);
    const failure = await api['catalog.sync']({ profileId: profile.id }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure, 'the sync on a full disk fails').toBeInstanceOf(TributaryError);
    console.log(`disk-full: ${(failure as TributaryError).kind}: ${(failure as TributaryError).message}`);
    expect((failure as TributaryError).message).toMatch(/disk .*is full.* free some disk space/);

    const after = await api['catalog.topics']({ profileId: profile.id, includeInternal: true });
    expect(after.snapshot?.id).toBe(first.id);
    expect(after.topics).toEqual(topicsBefore.topics);
    expect(await api['catalog.snapshots']({ profileId: profile.id })).toEqual([first]);

    fs.rmSync(filler);
    const again = await api['catalog.sync']({ profileId: profile.id });
    expect(again.id).toBeGreaterThan(first.id);
    expect(again.topicCount).toBeGreaterThanOrEqual(first.topicCount);
    expect((await api['catalog.topics']({ profileId: profile.id })).snapshot?.id).toBe(again.id);
  });
});
