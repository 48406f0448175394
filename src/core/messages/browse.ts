// One browse of a topic: work out where each partition starts, read, decode and filter records, and hand the
// matching ones to the caller in throttled batches with the counts and positions. The engine keeps only the
// batch not yet sent, never the records already sent.
import type { z } from 'zod';
import type { MessageRecord, MessageStart, MessagesEnd, MessagesProgress } from '../contract.ts';
import { TributaryError } from '../errors.ts';
import type { DecodedPart, MessageDecoder } from './decode.ts';
import { compileFilter, compileKeyFilter, type Filter } from './record-filter.ts';
import { BROKER_PATIENCE_MS, noBrokerAnswered, type TopicReader } from './partition-reader.ts';

export type Start = z.infer<typeof MessageStart>;
type Progress = Omit<MessagesProgress, 'browseId'>;
type End = Omit<z.infer<typeof MessagesEnd>, 'browseId'>;

const BATCH_RECORDS = 500;
const BATCH_MS = 100;
/** Fetches in a row that returned nothing below a bounded end before the partition counts as read (gaps the broker skips). */
const STALLED_FETCHES = 20;

/** What a browse uses of a TopicReader (tests give a reader of their own). */
export type BrowsedTopic = Pick<TopicReader, 'topic' | 'bootstrap' | 'partitions' | 'fetch' | 'offsets'>;

export interface BrowseRequest {
  partitions: 'all' | number[];
  start: Start;
  limit: number;
  filter: Filter;
  live: boolean;
}

/** Set by messages.stop / messages.pause while the browse runs. */
export class BrowseControl {
  stopped = false;
  paused = false;
  private wake: (() => void) | null = null;
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }
  pause(paused: boolean): void {
    this.paused = paused;
    this.wake?.();
  }
  /** Resolves on the next stop/pause change, or after ms. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}

/** Which partitions, checked against the topic's. */
export function choosePartitions(reader: BrowsedTopic, wanted: 'all' | number[]): number[] {
  if (wanted === 'all') return reader.partitions;
  const unknown = wanted.filter((p) => !reader.partitions.includes(p));
  if (unknown.length) {
    throw new TributaryError('Invalid', `Topic '${reader.topic}' has partitions 0–${reader.partitions.length - 1}; there is no partition ${unknown.join(', ')}`, { fields: [{ path: 'partitions', message: `no partition ${unknown.join(', ')}` }] });
  }
  return [...new Set(wanted)].sort((a, b) => a - b);
}

/** Shares N records out between partitions: each gets an equal part, what a short partition cannot use goes to the others. */
export function shareLatest(n: number, sizes: Map<number, bigint>): Map<number, bigint> {
  const share = new Map<number, bigint>([...sizes.keys()].map((p) => [p, 0n]));
  let left = BigInt(n);
  let open = [...sizes.keys()].filter((p) => sizes.get(p)! > 0n);
  while (left > 0n && open.length > 0) {
    const each = left / BigInt(open.length) || 1n;
    for (const p of open) {
      if (left === 0n) break;
      const give = [each, sizes.get(p)! - share.get(p)!, left].reduce((a, b) => (a < b ? a : b));
      share.set(p, share.get(p)! + give);
      left -= give;
    }
    open = open.filter((p) => share.get(p)! < sizes.get(p)!);
  }
  return share;
}

export async function startPositions(reader: BrowsedTopic, partitions: number[], start: Start): Promise<Map<number, bigint>> {
  if ('from' in start) return reader.offsets(partitions, 'earliest');
  if ('timestamp' in start) return reader.offsets(partitions, { timestamp: start.timestamp });
  const earliest = await reader.offsets(partitions, 'earliest');
  const latest = await reader.offsets(partitions, 'latest');
  const clamp = (p: number, offset: bigint) => (offset < earliest.get(p)! ? earliest.get(p)! : offset > latest.get(p)! ? latest.get(p)! : offset);
  if ('latest' in start) {
    const share = shareLatest(start.latest, new Map(partitions.map((p) => [p, latest.get(p)! - earliest.get(p)!])));
    return new Map(partitions.map((p) => [p, latest.get(p)! - share.get(p)!]));
  }
  if (!reader.partitions.includes(start.partition)) {
    throw new TributaryError('Invalid', `Topic '${reader.topic}' has no partition ${start.partition}`, { fields: [{ path: 'start.partition', message: `no partition ${start.partition}` }] });
  }
  const at = BigInt(start.offset);
  return new Map(partitions.map((p) => [p, clamp(p, at)]));
}

/**
 * stallMs: how long a browse with an end (not a live tail) waits when no broker gives any of its partitions'
 * records, before it fails naming them. A live tail waits for as long as the user lets it run.
 */
export async function browse(
  reader: BrowsedTopic,
  decoder: MessageDecoder,
  request: BrowseRequest,
  control: BrowseControl,
  emit: (progress: Progress) => void,
  stallMs = BROKER_PATIENCE_MS,
): Promise<End> {
  const began = performance.now();
  const partitions = choosePartitions(reader, request.partitions);
  // Starting at a given offset reads only the partition it names, unless more were chosen explicitly.
  const read = 'offset' in request.start && request.partitions === 'all' ? [request.start.partition] : partitions;
  const next = await startPositions(reader, read, request.start);
  const ends = await reader.offsets(read, 'latest');
  const matches = compileFilter(request.filter);
  const keyMatches = compileKeyFilter(request.filter);
  const done = new Set<number>(request.live ? [] : read.filter((p) => next.get(p)! >= ends.get(p)!));
  const stalled = new Map<number, number>();

  let scanned = 0;
  let matched = 0;
  let pending: MessageRecord[] = [];
  let lastEmit = performance.now();
  let emittedState = '';
  const positions = () => read.map((p) => ({ partition: p, next: next.get(p)!.toString(), end: ends.get(p)!.toString() }));
  const state = (): Progress['state'] => (control.paused ? 'paused' : request.live && read.every((p) => next.get(p)! >= ends.get(p)!) ? 'tailing' : 'reading');
  const flush = (force = false) => {
    const s = state();
    if (!force && pending.length === 0 && s === emittedState && performance.now() - lastEmit < 1000) return;
    emit({ messages: pending, scanned, matched, positions: positions(), state: s });
    emittedState = s;
    pending = [];
    lastEmit = performance.now();
  };
  const ticker = setInterval(() => flush(), BATCH_MS);

  let ended: End['ended'] = 'exhausted';
  let answeredAt = performance.now();
  try {
    flush(true);
    while (!control.stopped) {
      if (control.paused) {
        flush();
        await control.sleep(1000);
        answeredAt = performance.now();
        continue;
      }
      const active = new Map([...next].filter(([p]) => !done.has(p)));
      if (active.size === 0) break;
      const reads = await reader.fetch(active, request.live ? 500 : 100);
      for (const r of reads) {
        const end = request.live ? r.end : ends.get(r.partition)!;
        if (request.live) ends.set(r.partition, r.end);
        for (const raw of r.records) {
          if (control.stopped) break;
          const offset = BigInt(raw.offset);
          if (offset >= end) break;
          scanned++;
          next.set(r.partition, offset + 1n);
          let key: DecodedPart | null | undefined;
          if (keyMatches) {
            key = decoder.decodeKeyNow(raw);
            if (key === undefined) key = await decoder.decodeKey(raw);
            if (!keyMatches(key)) continue;
          }
          const decoded = decoder.decodeNow(raw, key) ?? (await decoder.decode(raw, key));
          if (matches && !matches(decoded)) continue;
          matched++;
          pending.push(decoded.record);
          if (pending.length >= BATCH_RECORDS) flush(true);
          if (!request.live && matched >= request.limit) {
            ended = 'limit';
            break;
          }
        }
        if (ended === 'limit' || control.stopped) break;
        const moved = r.next > next.get(r.partition)!;
        if (moved) next.set(r.partition, r.next > end && !request.live ? end : r.next);
        if (!request.live) {
          stalled.set(r.partition, moved || r.records.length ? 0 : (stalled.get(r.partition) ?? 0) + 1);
          if (next.get(r.partition)! >= end || stalled.get(r.partition)! >= STALLED_FETCHES) done.add(r.partition);
        }
      }
      if (ended === 'limit') break;
      if (reads.length > 0) answeredAt = performance.now();
      else {
        if (!request.live && performance.now() - answeredAt >= stallMs) throw noBrokerAnswered(`The browse of '${reader.topic}'`, reader, active, stallMs);
        await control.sleep(100);
      }
    }
  } finally {
    clearInterval(ticker);
  }
  if (control.stopped && ended !== 'limit') ended = 'stopped';
  flush(true);
  return { scanned, matched, positions: positions(), ended, durationMs: Math.round(performance.now() - began) };
}
