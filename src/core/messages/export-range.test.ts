// The export's reading loop, with a reader that answers as TopicReader does when the partition leader cannot be
// found for a while (no reads) — the real broker's happy path is in messages.integration.test.ts.
import { describe, expect, it } from 'vitest';
import { MessageDecoder } from './decode.ts';
import { exportRanges } from './export-range.ts';
import type { PartitionRead } from './partition-reader.ts';

const record = (offset: number) => ({ partition: 0, offset: String(offset), timestamp: '0', key: Buffer.from(`k${offset}`), value: Buffer.from(JSON.stringify({ n: offset })), headers: {} });

/** Gives no reads for the first `silentFetches` fetches, then the records from the position asked, two at a time. */
function readerOf(records: number, silentFetches: number) {
  let fetches = 0;
  return {
    topic: 'orders',
    bootstrap: '127.0.0.1:9092',
    partitions: [0],
    fetch: async (positions: Map<number, bigint>): Promise<PartitionRead[]> => {
      if (fetches++ < silentFetches) return [];
      const from = Number(positions.get(0)!);
      const batch = Array.from({ length: Math.max(0, Math.min(2, records - from)) }, (_, i) => record(from + i));
      return [{ partition: 0, records: batch, next: BigInt(from + batch.length), end: BigInt(records) }];
    },
  };
}

describe('exporting a loaded range', () => {
  it('waits for a partition whose leader is not found at first, and exports every record of the range', async () => {
    const out = await exportRanges(readerOf(5, 25), new MessageDecoder('auto', null, null), { topic: 'orders', ranges: [{ partition: 0, first: '0', last: '4' }], matches: null, format: 'jsonl' });
    expect(out.count).toBe(5);
    expect(out.text.trim().split('\n').map((line) => (JSON.parse(line) as { value: { n: number } }).value.n)).toEqual([0, 1, 2, 3, 4]);
  });

  it('fails by naming the partition and offset when no broker gives its records, instead of a file that stops short', async () => {
    const export_ = exportRanges(readerOf(5, Infinity), new MessageDecoder('auto', null, null), { topic: 'orders', ranges: [{ partition: 0, first: '2', last: '4' }], matches: null, format: 'csv', stallMs: 300 });
    await expect(export_).rejects.toMatchObject({ kind: 'Unreachable', message: expect.stringMatching(/export of 'orders' stopped: .* no broker of 127\.0\.0\.1:9092 gave the records of orders\/0 at offset 2 — the broker may be down/) });
  });
});
