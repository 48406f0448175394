// Deprecation notices reach a real SMTP server (smtp-server, in-process, AUTH required, plain and STARTTLS) and a
// real local HTTP receiver that checks signatures and de-duplicates; every failure names what to fix.
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCertificates } from '../../../../scripts/mesh/certificates.ts';
import { TributaryError } from '../../errors.ts';
import { sendEmail, type SmtpSettings } from './email.ts';
import { signPayload, verifySignature } from './signature.ts';
import { deliverWebhook, MAX_WAIT_MS, type WebhookEvent } from './webhook.ts';

const USER = 'tributary';
const PASSWORD = 'right horse battery';
const UNKNOWN_MAILBOX = 'nobody@example.com';

interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  user: string | undefined;
}

/** An SMTP server requiring AUTH PLAIN/LOGIN that keeps what it receives and refuses one mailbox with 550. */
async function startSmtp(tls?: { key: string; cert: string }) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: false,
    ...(tls ? { key: tls.key, cert: tls.cert } : { disabledCommands: ['STARTTLS'], allowInsecureAuth: true }),
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      if (address.address === UNKNOWN_MAILBOX) return callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as net.AddressInfo).port;
  return { server, port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A TCP port nothing listens on: bound once to learn a free number, then closed. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

let plainSmtp: Awaited<ReturnType<typeof startSmtp>>;
let tlsSmtp: Awaited<ReturnType<typeof startSmtp>>;
let silentServer: net.Server;
let caPem: string;

beforeAll(async () => {
  const certs = await generateCertificates(fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-smtp-certs-')));
  caPem = certs.caPem;
  plainSmtp = await startSmtp();
  tlsSmtp = await startSmtp({ key: fs.readFileSync(path.join(certs.dir, 'broker.key'), 'utf8'), cert: fs.readFileSync(path.join(certs.dir, 'broker.pem'), 'utf8') });
  // Accepts the connection and never says a word: a firewall that swallows traffic, or the wrong service.
  silentServer = net.createServer(() => {});
  await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
}, 60_000);

afterAll(async () => {
  await Promise.all([plainSmtp?.close(), tlsSmtp?.close()]);
  silentServer?.close();
});

function plainSettings(overrides: Partial<SmtpSettings> = {}): SmtpSettings {
  return { host: '127.0.0.1', port: plainSmtp.port, security: 'none', user: USER, password: PASSWORD, from: 'Tributary <tributary@example.com>', timeoutMs: 5_000, ...overrides };
}

const notice = {
  to: ['alice@example.com', 'bob@example.com'],
  subject: 'orders.v1 is deprecated: move to orders.v2 by 2030-01-31',
  text: 'Your consumer group billing-app reads orders.v1, which retires on 2030-01-31. Please move to orders.v2.',
  headers: { 'X-Tributary-Product': 'orders.v1' },
};

describe('email notifications through a real SMTP server', () => {
  it('delivers the notice with its recipients, subject and body after logging in', async () => {
    const before = plainSmtp.received.length;
    const result = await sendEmail(plainSettings(), notice);

    expect(result.state).toBe('delivered');
    expect(result.channel).toBe('email');
    expect(result.detail).toContain('alice@example.com, bob@example.com');
    expect(result.recipients).toEqual([
      { address: 'alice@example.com', accepted: true },
      { address: 'bob@example.com', accepted: true },
    ]);
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]).toMatchObject({ attempt: 1, outcome: 'delivered', status: 250 });
    const mail = plainSmtp.received[before]!;
    expect(mail.user).toBe(USER);
    expect(mail.from).toBe('tributary@example.com');
    expect(mail.to).toEqual(['alice@example.com', 'bob@example.com']);
    expect(mail.raw).toContain(`Subject: ${notice.subject}`);
    expect(mail.raw).toContain('X-Tributary-Product: orders.v1');
    expect(mail.raw.replace(/=\r?\n/g, '')).toContain('Please move to orders.v2.');
  });

  it('upgrades with STARTTLS to a relay whose private CA is configured', async () => {
    const before = tlsSmtp.received.length;
    const result = await sendEmail(plainSettings({ port: tlsSmtp.port, security: 'starttls', caPem, host: 'localhost' }), { ...notice, to: ['carol@example.com'] });

    expect(result.state).toBe('delivered');
    expect(tlsSmtp.received[before]?.to).toEqual(['carol@example.com']);
  });

  it('reports a TLS failure when the relay certificate is not trusted', async () => {
    const result = await sendEmail(plainSettings({ port: tlsSmtp.port, security: 'starttls', host: 'localhost' }), notice);

    expect(result.state).toBe('failed');
    expect(result.attempts[0]?.outcome).toBe('tls-failed');
    expect(result.detail).toMatch(/TLS with the SMTP server at localhost:\d+ failed \(its certificate is not signed by a CA this machine trusts/);
    expect(result.detail).toContain('CA certificate');
  });

  it('reports a TLS failure when "tls" is chosen for a plain-text port', async () => {
    const result = await sendEmail(plainSettings({ security: 'tls' }), notice);

    expect(result.state).toBe('failed');
    expect(result.attempts[0]?.outcome).toBe('tls-failed');
    expect(result.detail).toContain('(the server did not answer in TLS: this port may expect plain text or STARTTLS)');
    expect(result.detail).toContain('check the security setting');
  });

  it('fails with an authentication message when the password is wrong', async () => {
    const before = plainSmtp.received.length;
    const result = await sendEmail(plainSettings({ password: 'wrong' }), notice);

    expect(result.state).toBe('failed');
    expect(result.attempts[0]).toMatchObject({ outcome: 'auth-failed', status: 535 });
    expect(result.detail).toContain(`rejected the authentication for user '${USER}' (535 Invalid username or password)`);
    expect(plainSmtp.received).toHaveLength(before);
  });

  it('says the server refused the connection when nothing listens on the port', async () => {
    const port = await closedPort();
    const result = await sendEmail(plainSettings({ port }), notice);

    expect(result.state).toBe('failed');
    expect(result.attempts[0]?.outcome).toBe('network-error');
    expect(result.detail).toBe(`The SMTP server at 127.0.0.1:${port} refused the connection: check the port and that the mail server is running`);
  });

  it('names the recipient the server refused and the ones it accepted', async () => {
    const before = plainSmtp.received.length;
    const result = await sendEmail(plainSettings(), { ...notice, to: ['alice@example.com', UNKNOWN_MAILBOX] });

    expect(result.state).toBe('failed');
    expect(result.attempts[0]?.outcome).toBe('rejected');
    expect(result.detail).toContain('Sent to alice@example.com');
    expect(result.detail).toContain(`refused for ${UNKNOWN_MAILBOX} (550`);
    expect(result.recipients).toEqual([
      { address: 'alice@example.com', accepted: true },
      { address: UNKNOWN_MAILBOX, accepted: false, reply: expect.stringContaining('550') },
    ]);
    expect(plainSmtp.received[before]?.to).toEqual(['alice@example.com']);
  });

  it('fails naming the recipient when the only recipient is refused', async () => {
    const result = await sendEmail(plainSettings(), { ...notice, to: [UNKNOWN_MAILBOX] });

    expect(result.state).toBe('failed');
    expect(result.detail).toContain(`refused every recipient: ${UNKNOWN_MAILBOX} (550`);
    expect(result.recipients).toEqual([{ address: UNKNOWN_MAILBOX, accepted: false, reply: expect.stringContaining('No such user') }]);
  });

  it('reports an address that is not an email address without contacting anyone about it', async () => {
    const result = await sendEmail(plainSettings(), { ...notice, to: ['alice@example.com', 'team billing'] });

    expect(result.state).toBe('failed');
    expect(result.recipients).toContainEqual({ address: 'team billing', accepted: false, reply: 'not an email address' });
    expect(result.recipients).toContainEqual({ address: 'alice@example.com', accepted: true });
  });

  it('times out on a server that accepts the connection and never answers', async () => {
    const port = (silentServer.address() as net.AddressInfo).port;
    const result = await sendEmail(plainSettings({ port, timeoutMs: 300 }), notice);

    expect(result.state).toBe('failed');
    expect(result.attempts[0]?.outcome).toBe('timeout');
    expect(result.detail).toContain(`127.0.0.1:${port} did not answer within 300 ms (connected, but no SMTP greeting)`);
  });

  it('says the host could not be found when DNS does not know it', async () => {
    const result = await sendEmail(plainSettings({ host: 'smtp.tributary-test.invalid', timeoutMs: 5_000 }), notice);

    expect(result.state).toBe('failed');
    expect(result.detail).toContain("The SMTP host 'smtp.tributary-test.invalid' could not be found in DNS");
  });

  it('refuses settings that cannot work before connecting', async () => {
    const invalid = (s: Partial<SmtpSettings>) => sendEmail(plainSettings(s), notice).then(() => undefined, (e: unknown) => e);

    const noHost = await invalid({ host: '' });
    expect(noHost).toBeInstanceOf(TributaryError);
    expect(noHost).toMatchObject({ kind: 'Invalid', fields: [{ path: 'host' }] });
    expect(await invalid({ port: 70_000 })).toMatchObject({ kind: 'Invalid', message: expect.stringContaining('port ports run from 1 to 65535') });
    expect(await invalid({ from: 'Tributary' })).toMatchObject({ kind: 'Invalid', fields: [{ path: 'from' }] });
  });
});

// ---------------------------------------------------------------------------------------------------------

const SECRET = 'whsec_test_0123456789';

type Behaviour = 'ok' | 'fail' | 'hang' | 'bad-request' | { status: number; headers?: Record<string, string> };

interface Receipt {
  deliveryId: string;
  signatureOk: boolean;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A webhook receiver the way a user would write one: verifies the signature, handles each delivery id once,
 * and answers what the test scripts (its handling happens before the answer, as after a crash mid-response).
 */
async function startReceiver(script: Behaviour[]) {
  const receipts: Receipt[] = [];
  const handled: unknown[] = [];
  const seen = new Set<string>();
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const check = verifySignature(SECRET, req.headers, body, { toleranceSeconds: 300 });
      receipts.push({ deliveryId: String(req.headers['x-tributary-delivery']), signatureOk: check.ok, headers: req.headers, body });
      if (!check.ok) return void res.writeHead(401).end(check.reason);
      if (!seen.has(check.deliveryId)) {
        seen.add(check.deliveryId);
        handled.push(JSON.parse(body));
      }
      const behaviour = script[Math.min(next++, script.length - 1)]!;
      if (behaviour === 'hang') return;
      if (behaviour === 'ok') return void res.writeHead(200).end('thanks');
      if (behaviour === 'fail') return void res.writeHead(500).end('database unavailable');
      if (behaviour === 'bad-request') return void res.writeHead(400).end('unknown event type');
      res.writeHead(behaviour.status, behaviour.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/hooks/tributary`;
  return {
    url,
    receipts,
    handled,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function deprecationEvent(): WebhookEvent {
  return { id: `evt-${Math.random().toString(36).slice(2)}`, type: 'product.deprecated', product: 'orders.v1', replacement: 'orders.v2', sunset: '2030-01-31' };
}

/** Records the waits instead of waiting, so backoff costs no time while the sockets stay real. */
function fakeSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('webhook notifications to a real HTTP receiver', () => {
  it('is delivered on the third attempt after two 500s, logging every attempt and handled once', async () => {
    const receiver = await startReceiver(['fail', 'fail', 'ok']);
    const clock = fakeSleep();
    const event = deprecationEvent();
    try {
      const result = await deliverWebhook({ url: receiver.url, secret: SECRET, backoffMs: 100, maxAttempts: 5 }, event, { sleep: clock.sleep, random: () => 0.5 });

      expect(result.state).toBe('delivered');
      expect(result.detail).toBe(`Delivered to ${receiver.url} on attempt 3 of 5 (HTTP 200)`);
      expect(result.attempts.map((a) => [a.attempt, a.outcome, a.status])).toEqual([
        [1, 'http-error', 500],
        [2, 'http-error', 500],
        [3, 'delivered', 200],
      ]);
      expect(result.attempts[0]?.detail).toContain('answered 500 Internal Server Error: database unavailable');
      // Exponential with equal jitter at random()=0.5: 100 → 75, 200 → 150.
      expect(clock.waits).toEqual([75, 150]);
      expect(result.warnings).toBeUndefined();

      expect(receiver.receipts.map((r) => r.deliveryId)).toEqual([event.id, event.id, event.id]);
      expect(receiver.receipts.every((r) => r.signatureOk)).toBe(true);
      expect(receiver.handled).toEqual([event]);
      const headers = receiver.receipts[2]!.headers;
      expect(headers['content-type']).toBe('application/json');
      expect(headers['x-tributary-event']).toBe('product.deprecated');
      expect(headers['x-tributary-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    } finally {
      await receiver.close();
    }
  });

  it('sends user:password from the URL as basic auth and keeps the password out of the log', async () => {
    const receiver = await startReceiver(['ok']);
    try {
      const url = receiver.url.replace('http://', 'http://hook-user:p%40ss@');
      const result = await deliverWebhook({ url, secret: SECRET }, deprecationEvent(), { sleep: fakeSleep().sleep });

      expect(result.state).toBe('delivered');
      expect(receiver.receipts[0]?.headers.authorization).toBe(`Basic ${Buffer.from('hook-user:p@ss').toString('base64')}`);
      expect(result.target).toBe(receiver.url);
      expect(JSON.stringify(result)).not.toContain('p%40ss');
    } finally {
      await receiver.close();
    }
  });

  it('fails after maxAttempts when the receiver always answers 500', async () => {
    const receiver = await startReceiver(['fail']);
    const clock = fakeSleep();
    try {
      const result = await deliverWebhook({ url: receiver.url, secret: SECRET, backoffMs: 1000, maxAttempts: 4 }, deprecationEvent(), { sleep: clock.sleep, random: () => 0 });

      expect(result.state).toBe('failed');
      expect(result.attempts).toHaveLength(4);
      expect(result.attempts.every((a) => a.outcome === 'http-error' && a.status === 500)).toBe(true);
      expect(result.detail).toMatch(/^Gave up after 4 attempts; the last: .* answered 500 .*Check that the receiver at .* is up and answers 2xx$/);
      expect(clock.waits).toEqual([500, 1000, 2000]);
      expect(receiver.receipts).toHaveLength(4);
    } finally {
      await receiver.close();
    }
  });

  it('records timeout attempts when the receiver never answers', async () => {
    const receiver = await startReceiver(['hang']);
    try {
      const result = await deliverWebhook({ url: receiver.url, secret: SECRET, timeoutMs: 200, maxAttempts: 2 }, deprecationEvent(), { sleep: fakeSleep().sleep });

      expect(result.state).toBe('failed');
      expect(result.attempts.map((a) => a.outcome)).toEqual(['timeout', 'timeout']);
      expect(result.attempts[0]?.detail).toBe(`${receiver.url} did not answer within 200 ms`);
      expect(receiver.receipts).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });

  it('does not retry a 400, which means the receiver refused the request itself', async () => {
    const receiver = await startReceiver(['bad-request']);
    const clock = fakeSleep();
    try {
      const result = await deliverWebhook({ url: receiver.url, secret: SECRET, maxAttempts: 5 }, deprecationEvent(), { sleep: clock.sleep });

      expect(result.state).toBe('failed');
      expect(result.attempts).toHaveLength(1);
      expect(result.attempts[0]).toMatchObject({ outcome: 'http-error', status: 400 });
      expect(result.detail).toContain('answered 400 Bad Request: unknown event type; not retried');
      expect(clock.waits).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  it('is refused by the receiver when signed with another secret, and not retried', async () => {
    const receiver = await startReceiver(['ok']);
    try {
      const result = await deliverWebhook({ url: receiver.url, secret: 'an old secret', maxAttempts: 3 }, deprecationEvent(), { sleep: fakeSleep().sleep });

      expect(result.state).toBe('failed');
      expect(result.attempts).toHaveLength(1);
      expect(result.attempts[0]).toMatchObject({ status: 401, detail: expect.stringContaining('signature does not match the body') });
      expect(receiver.handled).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  it('waits as long as Retry-After asks on a 429, within the cap', async () => {
    const receiver = await startReceiver([{ status: 429, headers: { 'Retry-After': '7' } }, { status: 503, headers: { 'Retry-After': '86400' } }, 'ok']);
    const clock = fakeSleep();
    try {
      const result = await deliverWebhook({ url: receiver.url, secret: SECRET, backoffMs: 100 }, deprecationEvent(), { sleep: clock.sleep });

      expect(result.state).toBe('delivered');
      expect(clock.waits).toEqual([7_000, MAX_WAIT_MS]);
    } finally {
      await receiver.close();
    }
  });

  it('retries a refused connection and says the host refused it', async () => {
    const port = await closedPort();
    const clock = fakeSleep();
    const result = await deliverWebhook({ url: `http://127.0.0.1:${port}/hook`, secret: SECRET, maxAttempts: 3 }, deprecationEvent(), { sleep: clock.sleep });

    expect(result.state).toBe('failed');
    expect(result.attempts.map((a) => a.outcome)).toEqual(['network-error', 'network-error', 'network-error']);
    expect(result.attempts[0]?.detail).toBe(`127.0.0.1:${port} refused the connection`);
    expect(clock.waits).toHaveLength(2);
  });

  it('names a TLS failure and does not retry it, since a certificate problem does not fix itself', async () => {
    const receiver = await startReceiver(['ok']);
    try {
      const result = await deliverWebhook({ url: receiver.url.replace('http://', 'https://'), secret: SECRET, maxAttempts: 3 }, deprecationEvent(), { sleep: fakeSleep().sleep });

      expect(result.state).toBe('failed');
      expect(result.attempts).toHaveLength(1);
      expect(result.attempts[0]).toMatchObject({ outcome: 'network-error', detail: expect.stringMatching(/^TLS with 127\.0\.0\.1:\d+ failed/) });
      expect(result.detail).toContain('not retried');
    } finally {
      await receiver.close();
    }
  });

  it('warns when plain http leaves the machine, and allows it', async () => {
    const result = await deliverWebhook({ url: 'http://hooks.tributary-test.invalid/x', secret: SECRET, maxAttempts: 1 }, deprecationEvent(), { sleep: fakeSleep().sleep });

    expect(result.state).toBe('failed');
    expect(result.warnings).toEqual(['hooks.tributary-test.invalid is reached over plain http: the event and its signature travel unencrypted; use https']);
  });

  it('refuses a URL that is not http or https, and a missing secret', async () => {
    const invalid = (url: string, secret = SECRET) => deliverWebhook({ url, secret }, deprecationEvent()).then(() => undefined, (e: unknown) => e);

    expect(await invalid('ftp://127.0.0.1/hook')).toMatchObject({ kind: 'Invalid', fields: [{ path: 'url', message: 'must be an http:// or https:// URL' }] });
    expect(await invalid('http://127.0.0.1/hook', '')).toMatchObject({ kind: 'Invalid', fields: [{ path: 'secret' }] });
  });
});

describe('signature verification for receivers', () => {
  const body = JSON.stringify(deprecationEvent());
  const now = new Date('2030-01-01T00:00:00Z');
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers = { 'x-tributary-timestamp': String(timestamp), 'x-tributary-signature': signPayload(SECRET, timestamp, body), 'x-tributary-delivery': 'evt-1' };

  it('accepts the body exactly as signed', () => {
    expect(verifySignature(SECRET, headers, body, { toleranceSeconds: 300, now: () => now })).toEqual({ ok: true, deliveryId: 'evt-1', eventType: '', timestamp });
  });

  it('detects a body changed after signing', () => {
    const tampered = body.replace('orders.v2', 'orders.v3');
    expect(verifySignature(SECRET, headers, tampered, { toleranceSeconds: 300, now: () => now })).toMatchObject({ ok: false, reason: expect.stringContaining('does not match') });
  });

  it('detects a signature changed in transit', () => {
    const forged = { ...headers, 'x-tributary-signature': headers['x-tributary-signature'].replace(/.$/, (c) => (c === '0' ? '1' : '0')) };
    expect(verifySignature(SECRET, forged, body, { toleranceSeconds: 300, now: () => now }).ok).toBe(false);
  });

  it('rejects a replay whose timestamp is older than the tolerance', () => {
    const later = new Date(now.getTime() + 301_000);
    expect(verifySignature(SECRET, headers, body, { toleranceSeconds: 300, now: () => later })).toMatchObject({ ok: false, reason: expect.stringContaining('outside the 300s tolerance') });
  });

  it('reads the headers from a fetch Headers object too', () => {
    expect(verifySignature(SECRET, new Headers(headers), body, { toleranceSeconds: 300, now: () => now }).ok).toBe(true);
  });
});
