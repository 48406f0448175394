// 10,000 hostile calls through the web host's WebSocket (a real server on a temp data dir, cluster calls aimed
// at a closed port), then hostile frames (not JSON, binary, over the size limit, invalid UTF-8, protocol
// garbage) and refused handshakes. Every call is answered by name, nothing crashes, and the host keeps serving.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ResponseFrame } from '../core/contract.ts';
import { hostileCalls, hostileFrames, methods, type FuzzTargets } from '../core/contract-fuzz-cases.ts';
import { checkAnswer, closedPort, FuzzTally, runPool } from '../core/contract-fuzz-tally.ts';
import { errorKinds } from '../core/errors.ts';
import { MAX_FRAME_BYTES, startWebHost, type WebHost } from './serve.ts';

const CALLS = 10_000;
const SEED = 0x7a1b + 1;
let host: WebHost;
let dataDir: string;
let targets: FuzzTargets;
const faults: unknown[] = [];
const onFault = (error: unknown) => faults.push(error);

/** A socket to the host plus a way to await the answer to each call by its id. */
class Client {
  readonly ws: WebSocket;
  private readonly waiting = new Map<number, (frame: ResponseFrame) => void>();
  private readonly stray: ResponseFrame[] = [];
  private nextStray: ((frame: ResponseFrame) => void) | null = null;
  readonly closed: Promise<number>;

  constructor(options: { origin?: string; token?: string; headers?: Record<string, string> } = {}) {
    this.ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${encodeURIComponent(options.token ?? host.token)}`, { origin: options.origin ?? `http://127.0.0.1:${host.port}`, headers: options.headers });
    this.ws.on('error', () => undefined);
    this.closed = new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
    this.ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ResponseFrame;
      if (frame.type === 'progress') return;
      const waiter = this.waiting.get(frame.id);
      if (waiter) {
        this.waiting.delete(frame.id);
        waiter(frame);
      } else if (this.nextStray) {
        const take = this.nextStray;
        this.nextStray = null;
        take(frame);
      } else this.stray.push(frame);
    });
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  call(id: number, text: string): Promise<ResponseFrame> {
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.ws.send(text);
    });
  }

  /** Sends a frame whose answer has no usable id, and waits for the next such answer. */
  raw(frame: string | Buffer, binary: boolean): Promise<ResponseFrame> {
    return new Promise((resolve) => {
      const queued = this.stray.shift();
      if (queued) return resolve(queued);
      this.nextStray = resolve;
      this.ws.send(frame, { binary });
    });
  }
}

async function stillServes(): Promise<void> {
  const client = new Client();
  await client.opened();
  expect(await client.call(1, JSON.stringify({ id: 1, method: 'app.info', input: {} }))).toMatchObject({ type: 'result', value: { host: 'web' } });
  client.ws.close();
}

beforeAll(async () => {
  process.on('uncaughtException', onFault);
  process.on('unhandledRejection', onFault);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-fuzz-web-'));
  const staticDir = path.join(dataDir, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Tributary</title>');
  host = await startWebHost({ port: 0, dataDir: path.join(dataDir, 'data'), staticDir });
  const port = await closedPort();
  const client = new Client();
  await client.opened();
  const saved = await client.call(1, JSON.stringify({ id: 1, method: 'profiles.save', input: { name: 'closed port', bootstrap: `127.0.0.1:${port}`, registryUrl: `http://127.0.0.1:${port}`, connectUrl: `http://127.0.0.1:${port}`, ksqldbUrl: `http://127.0.0.1:${port}` } }));
  if (saved.type !== 'result') throw new Error(`could not save the closed-port profile: ${JSON.stringify(saved)}`);
  targets = { profileId: (saved.value as { id: string }).id, closedBootstrap: `127.0.0.1:${port}`, closedUrl: `http://127.0.0.1:${port}` };
  client.ws.close();
});
afterAll(async () => {
  process.off('uncaughtException', onFault);
  process.off('unhandledRejection', onFault);
  await host?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the web host under contract fuzzing', () => {
  it('answers 10,000 malformed, oversized, wrongly typed or unknown calls over the WebSocket with a named error or a valid output', async () => {
    const tally = new FuzzTally('WebSocket (web host)');
    const client = new Client();
    await client.opened();
    let id = 0;
    await runPool(hostileCalls(SEED, CALLS, targets, { structured: false }), 64, async (call) => {
      const callId = ++id;
      tally.record(call, checkAnswer(call, await client.call(callId, JSON.stringify({ id: callId, method: call.method, input: call.input }))));
    });
    client.ws.close();
    tally.crashes = faults.length;
    tally.print();

    expect(tally.calls).toBe(CALLS);
    expect(faults).toEqual([]);
    expect(tally.problems).toEqual([]);
    expect(tally.methodsCovered()).toBe(methods.length);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await stillServes();
  }, 120_000);

  it('answers frames that are not calls (not JSON, not an object, binary, 1e999, 100,000 levels deep, odd ids) by name, never echoing an odd id', async () => {
    const client = new Client();
    await client.opened();
    const frames = hostileFrames(SEED, 400);
    const kinds: Record<string, number> = {};
    for (const { frame, binary, kind } of frames) {
      const answer = await client.raw(frame, binary);
      if (kind === 'odd-id') {
        // A valid call under an id that is not a safe integer is answered, under id -1 rather than the odd value.
        expect(answer).toMatchObject({ id: -1, type: 'result' });
        kinds.result = (kinds.result ?? 0) + 1;
        continue;
      }
      expect(answer.type, kind).toBe('error');
      if (answer.type === 'error') {
        expect(errorKinds, `${kind}: ${answer.error.message}`).toContain(answer.error.kind);
        expect(answer.error.message, kind).not.toMatch(/\n\s*at\s|\.(ts|js):\d+:\d+/);
        kinds[answer.error.kind] = (kinds[answer.error.kind] ?? 0) + 1;
      }
    }
    console.log(`[contract fuzz] WebSocket frames: ${frames.length} hostile frames / ${faults.length} crashes / answers by kind: ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    client.ws.close();
    expect(faults).toEqual([]);
    await stillServes();
  }, 60_000);

  it('closes a socket that sends a frame over the size limit, invalid UTF-8 or protocol garbage, and keeps serving others', async () => {
    const oversized = new Client();
    await oversized.opened();
    oversized.ws.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(await oversized.closed).toBe(1009);

    const badText = new Client();
    await badText.opened();
    badText.ws.send(Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]), { binary: false });
    expect(await badText.closed).toBe(1007);

    const garbage = new Client();
    await garbage.opened();
    // An unmasked frame with reserved bits set, written under ws's framing: a protocol error.
    (garbage.ws as unknown as { _socket: import('node:net').Socket })._socket.write(Buffer.from([0xff, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f]));
    expect(await garbage.closed).toBe(1002);

    expect(faults).toEqual([]);
    await stillServes();
  }, 60_000);

  it('refuses 200 handshakes without the token, with a wrong one, from a foreign Origin or with a foreign Host', async () => {
    const attempts: Array<{ name: string; options: ConstructorParameters<typeof Client>[0]; expected: string }> = [
      { name: 'no token', options: { token: '' }, expected: 'close 4401' },
      { name: 'wrong token', options: { token: `${host.token.slice(0, -1)}x` }, expected: 'close 4401' },
      { name: 'foreign origin', options: { origin: 'http://attacker.example' }, expected: 'HTTP 403' },
      { name: 'foreign origin on another port', options: { origin: `http://127.0.0.1:${host.port + 1}` }, expected: 'HTTP 403' },
      { name: 'foreign host', options: { headers: { host: `rebound.attacker.example:${host.port}` } }, expected: 'HTTP 403' },
    ];
    let refused = 0;
    let unanswered = 0;
    // A handshake that gets no answer at all within 10 s is counted and tried again with a new client: seen
    // (rarely) only on a heavily loaded machine, and never as a handshake that got through.
    const handshake = async (options: ConstructorParameters<typeof Client>[0]) => {
      const client = new Client(options);
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        client.opened().then(
          () => client.closed.then((code) => `close ${code}`),
          (error: Error) => error.message,
        ),
        new Promise<string>((resolve) => (timer = setTimeout(() => resolve('no answer'), 10_000))),
      ]);
      clearTimeout(timer);
      if (outcome === 'no answer') client.ws.terminate();
      return outcome;
    };
    for (let n = 0; n < 200; n++) {
      const attempt = attempts[n % attempts.length]!;
      let outcome = await handshake(attempt.options);
      if (outcome === 'no answer') {
        unanswered++;
        outcome = await handshake(attempt.options);
      }
      expect(outcome, attempt.name).toBe(attempt.expected);
      refused++;
    }
    console.log(`[contract fuzz] WebSocket handshakes: ${refused} hostile handshakes refused (no token, wrong token, foreign Origin, foreign Host); ${unanswered} went unanswered for 10 s and were refused on a second try`);
    expect(unanswered, 'handshakes left unanswered').toBeLessThanOrEqual(2);
    expect(faults).toEqual([]);
    await stillServes();
  }, 180_000); // sequential handshakes: seconds on an idle machine, much longer on a loaded 2-core one
});
