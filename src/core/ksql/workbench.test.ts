// The workbench calls that need no ksqlDB: preflight, snippets, history search, and the errors a profile
// without a ksqlDB URL gets.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine.ts';
import type { Api } from '../contract.ts';
import { createInProcessApi } from '../in-process-api.ts';
import { WorkbenchStore } from './workbench-store.ts';

let engine: Engine;
let api: Api;
let dataDir: string;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-ksql-'));
  engine = createEngine({ dataDir, host: 'web', version: 'test' });
  api = createInProcessApi(engine.handlers);
});
afterAll(() => {
  engine.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('ksql workbench without a server', () => {
  it('preflights a script offline: statement offsets and what each reads and writes', async () => {
    const script = "CREATE STREAM raw (id INT) WITH (KAFKA_TOPIC='raw', VALUE_FORMAT='JSON');\nCREATE STREAM big AS SELECT * FROM raw WHERE id > 10;";
    const result = await api['ksql.preflight']({ script });
    expect(result.resolved).toBe(false);
    expect(result.statements).toHaveLength(2);
    const second = result.statements[1]!;
    expect(script.slice(second.start, second.end)).toBe('CREATE STREAM big AS SELECT * FROM raw WHERE id > 10');
    expect(second.flow.reads).toEqual([{ name: 'RAW', topic: 'raw' }]);
    expect(second.flow.writes[0]).toMatchObject({ name: 'BIG', topic: 'BIG', createsTopic: true });
  });

  it('saves, renames, lists and deletes snippets', async () => {
    const saved = await api['ksql.snippets.save']({ name: 'orders', sql: 'SELECT * FROM orders EMIT CHANGES;' });
    const renamed = await api['ksql.snippets.save']({ id: saved.id, name: 'all orders', sql: saved.sql });
    expect(renamed).toMatchObject({ id: saved.id, name: 'all orders' });
    expect((await api['ksql.snippets.list']({})).snippets.map((s) => s.name)).toContain('all orders');
    expect(await api['ksql.snippets.delete']({ id: saved.id })).toEqual({ deleted: true });
    await expect(api['ksql.snippets.save']({ id: saved.id, name: 'x', sql: '' })).rejects.toMatchObject({ kind: 'NotFound' });
  });

  it('tells the user to add a ksqlDB URL when the profile has none', async () => {
    const profile = await api['profiles.save']({ name: 'no-ksql', bootstrap: '127.0.0.1:9092' });
    await expect(api['ksql.objects']({ profileId: profile.id })).rejects.toMatchObject({ kind: 'Invalid', message: expect.stringContaining('no ksqlDB URL') });
  });

  it('finds history entries by words of the statement or the error, newest first', async () => {
    const profile = await api['profiles.save']({ name: 'history', bootstrap: '127.0.0.1:9092' });
    const store = new WorkbenchStore(engineDb());
    const base = { profileId: profile.id, startedAt: new Date().toISOString(), durationMs: 3, rowCount: null };
    store.record({ ...base, statement: 'CREATE STREAM payments_clean AS SELECT * FROM payments', outcome: 'ok', errorCode: null, error: null });
    store.record({ ...base, statement: 'SELECT * FROM missing EMIT CHANGES', outcome: 'error', errorCode: 40001, error: 'Could not find STREAM/TABLE MISSING' });
    const byStatement = await api['ksql.history']({ profileId: profile.id, q: 'payments' });
    expect(byStatement.entries.map((e) => e.statement)).toEqual(['CREATE STREAM payments_clean AS SELECT * FROM payments']);
    const byError = await api['ksql.history']({ q: 'could not find' });
    expect(byError.entries[0]).toMatchObject({ errorCode: 40001, outcome: 'error' });
    expect((await api['ksql.history']({ profileId: profile.id })).entries).toHaveLength(2);
  });
});

function engineDb() {
  // A second connection to the engine's cache file sees the same tables (WAL).
  const db = new Database(path.join(dataDir, 'tributary.db'));
  db.pragma('busy_timeout = 5000');
  return db;
}
