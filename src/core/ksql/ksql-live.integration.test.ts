// The same workbench walk against a real ksqlDB server, when KSQLDB_URL names one (and KSQLDB_BOOTSTRAP the
// Kafka it uses, if that is not the local mesh). Without KSQLDB_URL the suite is skipped and says why.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { createEngine, type Engine } from '../engine.ts';
import type { Api } from '../contract.ts';
import { createInProcessApi } from '../in-process-api.ts';
import { workbenchScenario } from './workbench-scenario.ts';

const url = process.env.KSQLDB_URL ?? '';
const reason = url ? `ksqlDB at ${url}` : 'skipped: set KSQLDB_URL (and KSQLDB_BOOTSTRAP if its Kafka is not the local mesh) to run against a real ksqlDB';

describe.skipIf(!url)(`ksqlDB workbench against a real server (${reason})`, () => {
  const bootstrap = process.env.KSQLDB_BOOTSTRAP || inject('mesh').bootstrap;
  let engine: Engine;
  let api: Api;
  let dataDir: string;
  let profileId = '';
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-ksql-live-'));
    engine = createEngine({ dataDir, host: 'web', version: 'test' });
    api = createInProcessApi(engine.handlers);
    if (process.env.KSQLDB_PASSWORD) await api['vault.unlock']({ passphrase: 'live test' });
    profileId = (
      await api['profiles.save']({
        name: 'live',
        bootstrap,
        ksqldbUrl: url,
        ksqldbUsername: process.env.KSQLDB_USER ?? '',
        secrets: process.env.KSQLDB_PASSWORD ? { ksqldbPassword: process.env.KSQLDB_PASSWORD } : {},
      })
    ).id;
  });
  afterAll(() => {
    engine?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  workbenchScenario({ api: () => api, profileId: () => profileId, bootstrap, prefix: `it-ksql-live-${Date.now().toString(36)}` });
});
