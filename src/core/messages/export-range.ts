// Reads loaded ranges of a topic again (per partition, first to last offset inclusive) and writes the records
// the filter keeps as JSON lines or CSV, whole values. A partition no broker gives records for fails the
// export by name: a file that silently stops short would look complete.
import { TributaryError } from '../errors.ts';
import type { DecodedRecord, MessageDecoder } from './decode.ts';
import { CSV_HEADER, csvRow, jsonLine } from './export-format.ts';
import { BROKER_PATIENCE_MS, noBrokerAnswered, type TopicReader } from './partition-reader.ts';

const EXPORT_MAX_RECORDS = 100_000;
const EXPORT_MAX_CHARS = 64 * 1024 * 1024;
const RETRY_AFTER_MS = 100;

export interface ExportRequest {
  ranges: Array<{ partition: number; first: string; last: string }>;
  matches: ((record: DecodedRecord) => boolean) | null;
  format: 'jsonl' | 'csv';
  stallMs?: number;
}

export interface ExportedText {
  text: string;
  count: number;
  truncated: boolean;
}

export async function exportRanges(reader: Pick<TopicReader, 'topic' | 'bootstrap' | 'partitions' | 'fetch'>, decoder: MessageDecoder, request: ExportRequest): Promise<ExportedText> {
  const { topic } = reader;
  const { format, matches } = request;
  const stallMs = request.stallMs ?? BROKER_PATIENCE_MS;
  const lines: string[] = format === 'csv' ? [CSV_HEADER] : [];
  let chars = 0;
  let truncated = false;
  const next = new Map<number, bigint>();
  const last = new Map<number, bigint>();
  for (const r of request.ranges) {
    if (!reader.partitions.includes(r.partition)) throw new TributaryError('Invalid', `Topic '${topic}' has no partition ${r.partition}`);
    next.set(r.partition, BigInt(r.first));
    last.set(r.partition, BigInt(r.last));
  }
  let progressAt = Date.now();
  while (next.size > 0 && !truncated) {
    const reads = await reader.fetch(next, 100);
    let moved = false;
    for (const read of reads) {
      const stop = last.get(read.partition)!;
      for (const raw of read.records) {
        if (BigInt(raw.offset) > stop) break;
        const decoded = await decoder.decode(raw);
        if (matches && !matches(decoded)) continue;
        const line = format === 'csv' ? csvRow(decoded) : jsonLine(decoded);
        if (lines.length >= EXPORT_MAX_RECORDS || chars + line.length > EXPORT_MAX_CHARS) {
          truncated = true;
          break;
        }
        lines.push(line);
        chars += line.length + 1;
      }
      if (truncated) break;
      if (read.next > next.get(read.partition)!) moved = true;
      if (read.next > stop || read.next >= read.end) {
        next.delete(read.partition);
        moved = true;
      } else next.set(read.partition, read.next);
    }
    if (moved) progressAt = Date.now();
    else if (next.size > 0) {
      if (Date.now() - progressAt >= stallMs) throw noBrokerAnswered(`The export of '${topic}'`, reader, next, stallMs);
      await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
    }
  }
  return { text: lines.join('\n') + (lines.length ? '\n' : ''), count: lines.length - (format === 'csv' ? 1 : 0), truncated };
}
