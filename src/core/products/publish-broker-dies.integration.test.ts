// A broker that dies between publish steps: the topic exists, but the descriptor record was never written,
// so no desktop sees the product — proved by restarting the broker on the same data and folding from 0.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../../scripts/mesh/harness.ts';
import { openCache } from '../cache/open-cache.ts';
import { createKafka, plaintext } from '../cluster/kafka-client.ts';
import { ProfileStore } from '../cluster/profiles.ts';
import { Vault } from '../cluster/vault.ts';
import { ProfileInput } from '../contract.ts';
import { TributaryError } from '../errors.ts';
import { createProductService, publishWithHooks } from './handlers.ts';

const brokerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-publish-dies-'));
const closers: Array<() => void> = [];
let broker: RunningBroker | undefined;

afterAll(async () => {
  for (const c of closers) c();
  await broker?.stop().catch(() => undefined);
  fs.rmSync(brokerDir, { recursive: true, force: true });
});

function desktop(bootstrap: string) {
  const { db } = openCache(':memory:');
  const profiles = new ProfileStore(db);
  const profile = profiles.save(ProfileInput.parse({ name: 'dies', bootstrap }));
  const service = createProductService({ db, profiles, vault: new Vault(db, {}), onClose: (stop) => void closers.push(stop) });
  return { service, profileId: profile.id };
}

describe('a broker that dies mid-publish', () => {
  it('leaves no published product when the broker dies after the topic was created', async () => {
    broker = await startBroker({ dataDir: brokerDir, log: (l) => console.log(`[own broker] ${l}`) });
    const { service, profileId } = desktop(broker.bootstrap);
    const topic = 'dies.orders.v1';
    const input = { id: 'dies.orders', name: 'Orders', domain: 'dies', owner: { team: 'T', email: 't@example.com' }, outputPorts: [{ topic }], historyMode: 'all' as const };
    const outcome = await publishWithHooks(service, input, [{ topic, createTopic: { partitions: 1, configs: {} } }], profileId, {
      afterStep: async (step) => {
        if (step === 'topics-created') await broker!.kill();
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(TributaryError);
    expect((outcome as TributaryError).kind).toBe('Unreachable');
    const audit = service.audit.list({ profileId, limit: 20 }).map((e) => [e.action, e.target, e.outcome]);
    expect(audit).toContainEqual(['create-topic', topic, 'ok']);
    expect(audit).toContainEqual(['publish-product', 'dies.orders', 'failed']);
    expect(service.store.find(profileId, 'dies.orders')).toBeNull();

    // Same data, new process: the topic survived, the product was never published.
    await broker.stop();
    broker = await startBroker({ dataDir: brokerDir, log: (l) => console.log(`[own broker, restarted] ${l}`) });
    const admin = createKafka(plaintext(broker.bootstrap)).admin();
    await admin.connect();
    expect(await admin.listTopics()).toContain(topic);
    await admin.disconnect();
    const fresh = desktop(broker.bootstrap);
    const state = await fresh.service.live(fresh.profileId);
    // The registry topics were created before the kill, so the fold really read the (empty) products topic.
    expect(state.state).toBe('live');
    expect(fresh.service.store.list(fresh.profileId)).toEqual([]);
  });
});
