import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendToLog, crashLogger, formatLogEntry, redactSecrets } from './crash-log.ts';

const time = new Date('2025-03-01T12:00:00Z');

describe('the crash log', () => {
  it('writes when, where and what failed, with the stack indented below', () => {
    const entry = formatLogEntry({ time, source: 'renderer render-process-gone', message: 'The page stopped (crashed)', details: { reason: 'crashed', exitCode: 133 }, stack: 'Error: boom\n    at x (a.js:1:1)' });
    expect(entry).toBe('2025-03-01T12:00:00.000Z [renderer render-process-gone] The page stopped (crashed)\n    reason: crashed\n    exitCode: 133\n    Error: boom\n    at x (a.js:1:1)\n');
  });

  it.each([
    ['SASL authentication failed: password=hunter2-very-secret for alice', 'hunter2-very-secret'],
    ['config {"saslPassword":"hunter2-very-secret","user":"alice"}', 'hunter2-very-secret'],
    ["connect to https://alice:hunter2-very-secret@registry.example:8081/subjects", 'hunter2-very-secret'],
    ['Authorization: Basic YWxpY2U6aHVudGVyMi12ZXJ5LXNlY3JldA==', 'YWxpY2U6aHVudGVyMi12ZXJ5LXNlY3JldA=='],
    ['Authorization: Bearer eyJhbGciOi.secret-token', 'eyJhbGciOi.secret-token'],
    ['-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'],
    ['opened http://127.0.0.1:5199/#token=0f3c9a7e5b', '0f3c9a7e5b'],
    ["vault passphrase: 'correct horse battery'", 'correct horse battery'],
  ])('keeps secrets out: %s', (message, secret) => {
    expect(redactSecrets(message)).not.toContain(secret);
    expect(formatLogEntry({ time, source: 'main', message, stack: message })).not.toContain(secret);
  });

  it('leaves ordinary error text readable', () => {
    expect(redactSecrets('Broker 127.0.0.1:9092 is unreachable (ECONNREFUSED)')).toBe('Broker 127.0.0.1:9092 is unreachable (ECONNREFUSED)');
  });

  it('rotates the file once it is full and keeps only the newest few', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-log-')), 'logs', 'tributary.log');
    const limits = { maxBytes: 300, keep: 2, maxEntryChars: 1000 };
    for (let i = 0; i < 12; i++) appendToLog(file, { time, source: 'main', message: `failure number ${i} ${'x'.repeat(60)}` }, limits);
    const dir = path.dirname(file);
    expect(fs.readdirSync(dir).sort()).toEqual(['tributary.log', 'tributary.log.1', 'tributary.log.2']);
    expect(fs.readFileSync(file, 'utf8')).toContain('failure number 11');
    for (const name of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, name)).size).toBeLessThanOrEqual(300);
  });

  it('never throws when the log cannot be written', () => {
    const blocker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-log-')), 'a-file');
    fs.writeFileSync(blocker, '');
    expect(() => crashLogger(path.join(blocker, 'logs', 'tributary.log'))({ source: 'main', message: 'x' })).not.toThrow();
  });
});
