// The browse loop with a reader that answers as TopicReader does when no partition leader can be found (no
// reads at all) — the real broker's paths, including a broker killed mid-browse, are in the integration tests.
import { describe, expect, it } from 'vitest';
import { browse, BrowseControl } from './browse.ts';
import { MessageDecoder } from './decode.ts';
import { stallingReader } from './stalling-reader.ts';

const request = { partitions: 'all' as const, start: { from: 'beginning' as const }, limit: 100, filter: {}, live: false };

describe('browsing a topic no broker gives records for', () => {
  it('fails naming the partition and offset it stopped at, instead of reading on without end', async () => {
    const seen: number[] = [];
    const control = new BrowseControl();
    const run = browse(stallingReader(10, (n) => n < 2), new MessageDecoder('auto', null, null), request, control, (p) => seen.push(...p.messages.map((m) => Number(m.offset))), 300);
    await expect(run).rejects.toMatchObject({ kind: 'Unreachable', message: expect.stringMatching(/^The browse of 'orders' stopped: for 300 ms no broker of 127.0.0.1:9092 gave the records of orders\/0 at offset 4 — /) });
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('waits while paused without counting the pause against the broker', async () => {
    const control = new BrowseControl();
    control.pause(true);
    // Resumed after longer than the browse waits for a broker, the first fetch goes unanswered, the next does not.
    const run = browse(stallingReader(4, (n) => n > 0), new MessageDecoder('auto', null, null), request, control, () => undefined, 300);
    await new Promise((resolve) => setTimeout(resolve, 600));
    control.pause(false);
    const end = await run;
    expect(end).toMatchObject({ ended: 'exhausted', scanned: 4, matched: 4 });
  });
});
