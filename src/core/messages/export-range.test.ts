// The export's reading loop, with a reader that answers as TopicReader does when the partition leader cannot be
// found for a while (no reads) — the real broker's happy path is in messages.integration.test.ts.
import { describe, expect, it } from 'vitest';
import { MessageDecoder } from './decode.ts';
import { exportRanges } from './export-range.ts';
import { stallingReader } from './stalling-reader.ts';

describe('exporting a loaded range', () => {
  it('waits for a partition whose leader is not found at first, and exports every record of the range', async () => {
    const out = await exportRanges(stallingReader(5, (n) => n >= 25), new MessageDecoder('auto', null, null), { ranges: [{ partition: 0, first: '0', last: '4' }], matches: null, format: 'jsonl' });
    expect(out.count).toBe(5);
    expect(out.text.trim().split('\n').map((line) => (JSON.parse(line) as { value: { n: number } }).value.n)).toEqual([0, 1, 2, 3, 4]);
  });

  it('fails by naming the partition and offset when no broker gives its records, instead of a file that stops short', async () => {
    const export_ = exportRanges(stallingReader(5, () => false), new MessageDecoder('auto', null, null), { ranges: [{ partition: 0, first: '2', last: '4' }], matches: null, format: 'csv', stallMs: 300 });
    await expect(export_).rejects.toMatchObject({ kind: 'Unreachable', message: expect.stringMatching(/export of 'orders' stopped: .* no broker of 127\.0\.0\.1:9092 gave the records of orders\/0 at offset 2 — the broker may be down/) });
  });
});
