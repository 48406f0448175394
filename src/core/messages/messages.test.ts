// The browser's pure parts: sharing "latest N" between partitions, filters on decoded records, CSV cells,
// decoding without a registry, and what the decoder remembers of a registry that did not give a schema.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { shareLatest } from './browse.ts';
import { MessageDecoder, toJsonText, type DecodedRecord } from './decode.ts';
import { csvCell } from './export-format.ts';
import { compileFilter, compileKeyFilter, fieldAt } from './record-filter.ts';

const raw = (value: Buffer | string | null, key: string | null = 'k') => ({
  partition: 0,
  offset: '0',
  timestamp: '0',
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  headers: {},
});

describe('message browser parts', () => {
  it('shares the latest N between partitions, giving what a short partition cannot hold to the others', () => {
    expect(shareLatest(10, new Map([[0, 100n], [1, 2n], [2, 100n]]))).toEqual(new Map([[0, 4n], [1, 2n], [2, 4n]]));
    expect(shareLatest(10, new Map([[0, 3n], [1, 0n]]))).toEqual(new Map([[0, 3n], [1, 0n]]));
    expect(shareLatest(1, new Map([[0, 5n], [1, 5n]]))).toEqual(new Map([[0, 1n], [1, 0n]]));
  });

  it('decodes JSON, text and binary the automatic way, and says why a wire-format record cannot be decoded without a registry', async () => {
    const decoder = new MessageDecoder('auto', null, 8);
    expect((await decoder.decodePart(Buffer.from('{"a":{"b":[1,2]}}'), 'auto')).part).toMatchObject({ format: 'json', truncated: true, text: '{"a":{"b' });
    expect((await decoder.decodePart(Buffer.from('plain'), 'auto')).part).toMatchObject({ format: 'string', text: 'plain', error: null });
    expect((await decoder.decodePart(Buffer.from([0xff, 0x01]), 'auto')).part).toMatchObject({ format: 'hex', text: 'ff01', error: null });
    expect((await decoder.decodePart(Buffer.from([0, 0, 0, 0, 7, 1]), 'auto')).part.error).toMatch(/schema id 7, but the profile names no schema registry/);
    expect((await decoder.decodePart(Buffer.from('nope'), 'json')).part).toMatchObject({ format: 'hex', error: expect.stringMatching(/^not JSON/) });
  });

  describe('a schema the registry did not give', () => {
    // The registry's side of a failure, which the real one cannot be made to produce on cue: a status per request.
    let server: http.Server | undefined;
    afterEach(async () => {
      vi.restoreAllMocks();
      await new Promise((done) => (server ? server.close(done) : done(undefined)));
    });
    const registryAnswering = async (status: number): Promise<{ url: string; asked: () => number }> => {
      let asked = 0;
      server = http.createServer((request, response) => {
        if (request.url === '/schemas/ids/7') asked++;
        response.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
        response.end(JSON.stringify(status === 404 ? { error_code: 40403, message: 'Schema not found' } : { error_code: 50301, message: 'overloaded' }));
      });
      await new Promise<void>((listening) => server!.listen(0, '127.0.0.1', listening));
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked: () => asked };
    };
    const wire = Buffer.from([0, 0, 0, 0, 7, 1]);

    it('is not asked for again during the call once the registry says it does not exist', async () => {
      const registry = await registryAnswering(404);
      const decoder = new MessageDecoder('auto', { url: registry.url });
      expect((await decoder.decodePart(wire, 'auto')).part.error).toMatch(/schema id 7 is not in the schema registry/);
      const asked = registry.asked();
      vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 60_000);
      expect((await decoder.decodePart(wire, 'auto')).part.error).toMatch(/schema id 7 is not in the schema registry/);
      expect(registry.asked()).toBe(asked);
    });

    it('is asked for again a moment after the registry failed to answer, not with every record', async () => {
      const registry = await registryAnswering(503);
      const decoder = new MessageDecoder('auto', { url: registry.url });
      expect((await decoder.decodePart(wire, 'auto')).part).toMatchObject({ format: 'hex', error: expect.stringMatching(/schema id 7/) });
      const asked = registry.asked();
      await decoder.decodePart(wire, 'auto');
      expect(registry.asked()).toBe(asked);
      vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 5_000);
      await decoder.decodePart(wire, 'auto');
      expect(registry.asked()).toBeGreaterThan(asked);
    });
  });

  it('filters by key and value text regardless of case, and by a field path through a wrapped union', async () => {
    const decoder = new MessageDecoder('auto', null);
    const record = (await decoder.decode(raw('{"customer":{"tier":{"string":"Gold"}},"n":3}', 'Order-1'))) as DecodedRecord;
    expect(compileFilter({})).toBeNull();
    expect(compileFilter({ keyContains: 'order-' })!(record)).toBe(true);
    expect(compileFilter({ valueContains: 'GOLD' })!(record)).toBe(true);
    expect(compileFilter({ fieldPath: 'customer.tier', fieldEquals: 'Gold' })!(record)).toBe(true);
    expect(compileFilter({ fieldPath: 'customer.tier', fieldEquals: 'gold' })!(record)).toBe(false);
    expect(fieldAt({ customer: { tier: { string: 'Gold' } } }, 'customer.tier.string')).toBe('Gold');
    expect(compileFilter({ fieldPath: 'n', fieldEquals: '3' })!(record)).toBe(true);
    expect(compileFilter({ fieldPath: 'missing' })!(record)).toBe(false);
  });

  it('checks a key filter on the key alone, before any value is decoded, and passes over records without a key', async () => {
    const decoder = new MessageDecoder('auto', null);
    const keyOf = (key: string | null) => decoder.decodeKey(raw('{"n":1}', key));
    const byKey = compileKeyFilter({ keyContains: 'ORDER-', valueContains: 'anything' })!;
    expect(byKey(await keyOf('order-7'))).toBe(true);
    expect(byKey(await keyOf('invoice-7'))).toBe(false);
    expect(byKey(await keyOf(null))).toBe(false);
    expect(compileKeyFilter({ valueContains: 'gold' })).toBeNull();
  });

  it('prints bytes as base64 and 64-bit integers as text wherever they sit, and everything else as JSON does', () => {
    expect(toJsonText({ id: 1, tags: ['a', null], nested: { ok: true } })).toBe('{"id":1,"tags":["a",null],"nested":{"ok":true}}');
    expect(toJsonText({ outer: [{ blob: Buffer.from('hi') }], big: 9007199254740993n })).toBe('{"outer":[{"blob":"aGk="}],"big":"9007199254740993"}');
    expect(toJsonText({ fixed: new Uint8Array([1, 2]) })).toBe('{"fixed":"AQI="}');
    expect(toJsonText(undefined)).toBe('null');
  });

  it('quotes CSV cells and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell(null)).toBe('');
  });
});
