// 10,000 hostile calls through the binding Electron's IPC uses: the frame crosses a structured clone (what
// ipcRenderer → main → the engine process does to it) and goes to dispatch(), as electron/main hands it over.
// Cluster calls point at a closed port. Every answer must be a named error or an output the contract accepts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, isMethod, type ResponseFrame } from './contract.ts';
import { hostileCalls, methods, validSamples, type FuzzCall, type FuzzTargets } from './contract-fuzz-cases.ts';
import { dispatch } from './dispatch.ts';
import { createEngine, type Engine } from './engine.ts';
import { errorKinds } from './errors.ts';
import { createInProcessApi } from './in-process-api.ts';
import { checkAnswer, closedPort, FuzzTally, runPool } from './contract-fuzz-tally.ts';

const CALLS = 10_000;
const SEED = 0x7a1b;
let engine: Engine;
let dataDir: string;
let targets: FuzzTargets;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-fuzz-ipc-'));
  engine = createEngine({ dataDir, host: 'electron', version: 'fuzz' });
  const port = await closedPort();
  const api = createInProcessApi(engine.handlers);
  const profile = await api['profiles.save']({ name: 'closed port', bootstrap: `127.0.0.1:${port}`, registryUrl: `http://127.0.0.1:${port}`, connectUrl: `http://127.0.0.1:${port}`, ksqldbUrl: `http://127.0.0.1:${port}` });
  targets = { profileId: profile.id, closedBootstrap: `127.0.0.1:${port}`, closedUrl: `http://127.0.0.1:${port}` };
});
afterAll(() => {
  engine?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** One call as Electron's IPC delivers it: structured-cloned, then handed to dispatch with main's id rule. */
function callOverIpc(id: number, call: FuzzCall): Promise<ResponseFrame> {
  return new Promise((resolve) => {
    const frame = structuredClone({ id, method: call.method, input: call.input }) as { id?: unknown; method?: unknown; input?: unknown };
    const frameId = typeof frame?.id === 'number' ? frame.id : -1;
    void dispatch(engine.handlers, { id: frameId, method: frame?.method, input: frame?.input }, (response) => {
      if (response.type !== 'progress') resolve(response);
    });
  });
}

describe('the in-process (IPC) binding under contract fuzzing', () => {
  it('has a valid sample input for the calls it mutates, so mutations start from something the contract accepts', () => {
    const samples = validSamples(targets);
    for (const [method, input] of Object.entries(samples)) {
      expect(isMethod(method), method).toBe(true);
      const parsed = contract[method as keyof typeof contract].input.safeParse(input);
      expect(parsed.success, `${method}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('answers the hostile calls the fuzzer once found failing with a named error, not an unexpected failure', async () => {
    const cases: Array<[FuzzCall, string]> = [
      [{ method: { toString: 'app.info' }, input: {}, mutation: 'unknown-method' }, 'Invalid'],
      [{ method: ['app.info'], input: {}, mutation: 'unknown-method' }, 'Invalid'],
      [{ method: 'profiles.import', input: { json: 'null' }, mutation: 'odd-string' }, 'Invalid'],
      [{ method: 'profiles.import', input: { json: '7' }, mutation: 'odd-string' }, 'Invalid'],
      [{ method: 'ksql.terminate', input: { profileId: 'constructor', queryId: 'Q' }, mutation: 'odd-string' }, 'NotFound'],
      [{ method: 'ksql.drop', input: { profileId: '__proto__', name: 'S', kind: 'stream' }, mutation: 'odd-string' }, 'NotFound'],
    ];
    for (const [call, kind] of cases) {
      const answer = await callOverIpc(1, call);
      expect(answer, JSON.stringify(call.input)).toMatchObject({ type: 'error', error: { kind } });
      if (answer.type === 'error') expect(answer.error.message).not.toContain('[object Object]');
    }
    const imported = await callOverIpc(2, { method: 'profiles.import', input: { json: JSON.stringify({ format: 'tributary.profiles/v1', profiles: [{ name: { toString: 1 } }] }) }, mutation: 'wrong-type' });
    expect(imported).toMatchObject({ type: 'result', value: { imported: [], skipped: [{ name: '(unnamed)' }] } });
  });

  it('answers 10,000 malformed, oversized, wrongly typed or unknown calls with a named error or a valid output, and keeps answering', async () => {
    const tally = new FuzzTally('IPC (in-process, structured clone)');
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const faults: unknown[] = [];
    const onFault = (error: unknown) => faults.push(error);
    process.on('uncaughtException', onFault);
    process.on('unhandledRejection', onFault);
    try {
      let id = 0;
      await runPool(hostileCalls(SEED, CALLS, targets, { structured: true }), 64, async (call) => {
        const answer = await callOverIpc(++id, call);
        tally.record(call, checkAnswer(call, answer));
      });
    } finally {
      process.off('uncaughtException', onFault);
      process.off('unhandledRejection', onFault);
    }
    tally.crashes = faults.length;
    tally.print();

    expect(tally.calls).toBe(CALLS);
    expect(faults).toEqual([]);
    expect(tally.problems).toEqual([]);
    expect(Object.keys(tally.byKind).every((k) => k === 'result' || (errorKinds as readonly string[]).includes(k))).toBe(true);
    expect(tally.mutationsCovered()).toBeGreaterThanOrEqual(12);
    expect(tally.methodsCovered()).toBe(methods.length);
    // Nothing leaked onto every object's prototype.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // And the binding still serves a plain call.
    expect(await callOverIpc(1, { method: 'app.info', input: {}, mutation: 'valid' })).toMatchObject({ type: 'result', value: { host: 'electron' } });
  }, 120_000);
});
