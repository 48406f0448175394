import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAllowedRequest, isAppPageUrl, isPermissionAllowed } from './security-policy.ts';

const indexFile = path.resolve('/opt/Tributary/resources/app.asar/out/renderer/index.html');
const packaged = { rendererIndexFile: indexFile };
const dev = { rendererIndexFile: indexFile, devServerUrl: 'http://localhost:5173' };
const page = `${pathToFileURL(indexFile).href}#/topics/orders.v1`;

describe("the app's own page", () => {
  it("is the renderer's index.html with any hash route in a packaged app", () => {
    expect(isAppPageUrl(page, packaged)).toBe(true);
    expect(isAppPageUrl(pathToFileURL(indexFile).href, packaged)).toBe(true);
  });

  it('is no other local file, and nothing on the web', () => {
    expect(isAppPageUrl('file:///etc/passwd', packaged)).toBe(false);
    expect(isAppPageUrl(pathToFileURL(path.join(path.dirname(indexFile), 'evil.html')).href, packaged)).toBe(false);
    expect(isAppPageUrl('https://example.com/', packaged)).toBe(false);
    expect(isAppPageUrl('http://localhost:5173/', packaged)).toBe(false);
  });

  it('is the dev server origin only while developing', () => {
    expect(isAppPageUrl('http://localhost:5173/#/lineage', dev)).toBe(true);
    expect(isAppPageUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppPageUrl(page, dev)).toBe(false);
  });
});

describe('what the window may load', () => {
  it('loads its own files, data and blob URLs', () => {
    expect(isAllowedRequest(page, packaged)).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA', packaged)).toBe(true);
    expect(isAllowedRequest('blob:file:///0b5c-4', packaged)).toBe(true);
  });

  it('loads nothing remote, not even from loopback, in a packaged app', () => {
    for (const url of ['https://cdn.example.com/x.js', 'http://127.0.0.1:8081/subjects', 'ws://127.0.0.1:9092/', 'http://localhost:5173/']) expect(isAllowedRequest(url, packaged)).toBe(false);
  });

  it("reaches only the dev server and its hot-reload socket while developing", () => {
    expect(isAllowedRequest('http://localhost:5173/src/main.ts', dev)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5173/', dev)).toBe(true);
    expect(isAllowedRequest('http://localhost:8083/connectors', dev)).toBe(false);
    expect(isAllowedRequest('https://example.com/', dev)).toBe(false);
  });
});

describe('web permissions', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'midi', 'hid', 'serial', 'usb', 'display-capture', 'pointerLock', 'unknown'])('denies %s', (permission) => {
    expect(isPermissionAllowed(permission, page, packaged)).toBe(false);
  });

  it('lets only the app page write text to the clipboard (the copy buttons)', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', page, packaged)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://example.com/', packaged)).toBe(false);
  });
});
