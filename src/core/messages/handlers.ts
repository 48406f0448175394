// The message browser's calls: browse (streamed, stoppable, pausable), stop, pause, get one whole record and
// export a loaded range. Every read goes straight to the partition leaders; no consumer group is created.
import type { EngineContext, RoomHandlers } from '../engine-context.ts';
import { httpEndpoint, kafkaConnection } from '../cluster/connection.ts';
import type { SavedProfile } from '../cluster/profiles.ts';
import { TributaryError } from '../errors.ts';
import { browse, BrowseControl } from './browse.ts';
import { MessageDecoder, type DecodeMode } from './decode.ts';
import { exportRanges } from './export-range.ts';
import { noBrokerAnswered, TopicReader } from './partition-reader.ts';
import { compileFilter } from './record-filter.ts';

type Calls = 'messages.browse' | 'messages.stop' | 'messages.pause' | 'messages.get' | 'messages.export';

export function messageHandlers(ctx: EngineContext): RoomHandlers<Calls> {
  const running = new Map<string, BrowseControl>();
  ctx.onClose(() => {
    for (const control of running.values()) control.stop();
  });

  const open = (profileId: string, topic: string) => {
    const profile = ctx.profiles.get(profileId);
    return TopicReader.open(kafkaConnection(profile, ctx.vault), topic);
  };
  const decoder = (profile: SavedProfile, mode: DecodeMode, previewChars?: number | null) =>
    new MessageDecoder(mode, profile.registryUrl ? httpEndpoint(profile, ctx.vault, 'registry') : null, previewChars);

  return {
    'messages.browse': async (input, call) => {
      if (running.has(input.browseId)) throw new TributaryError('Conflict', `A browse with id ${input.browseId} is already running; stop it first`);
      const profile = ctx.profiles.get(input.profileId);
      const control = new BrowseControl();
      running.set(input.browseId, control);
      try {
        const reader = await open(input.profileId, input.topic);
        try {
          const end = await browse(reader, decoder(profile, input.decode), input, control, (progress) => call.emit({ browseId: input.browseId, ...progress }));
          return { browseId: input.browseId, ...end };
        } finally {
          await reader.close();
        }
      } finally {
        running.delete(input.browseId);
      }
    },
    'messages.stop': async ({ browseId }) => {
      const control = running.get(browseId);
      control?.stop();
      return { stopped: Boolean(control) };
    },
    'messages.pause': async ({ browseId, paused }) => {
      const control = running.get(browseId);
      if (!control) throw new TributaryError('NotFound', 'That browse has ended; start a new one');
      control.pause(paused);
      return { paused };
    },
    'messages.get': async ({ profileId, topic, partition, offset, decode }) => {
      const profile = ctx.profiles.get(profileId);
      const reader = await open(profileId, topic);
      try {
        if (!reader.partitions.includes(partition)) throw new TributaryError('NotFound', `Topic '${topic}' has no partition ${partition}`);
        const at = BigInt(offset);
        const full = decoder(profile, decode, null);
        const began = Date.now();
        let answered = false;
        for (let attempt = 0; attempt < 5; attempt++) {
          const reads = await reader.fetch(new Map([[partition, at]]), 0);
          const read = reads.find((r) => r.partition === partition);
          if (!read) {
            await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1))); // a leader moving or a broker restarting
            continue;
          }
          answered = true;
          const raw = read.records.find((r) => BigInt(r.offset) === at);
          if (raw) return (await full.decode(raw)).record;
          if (read.records.length || at >= read.end || read.next > at) break;
        }
        if (!answered) throw noBrokerAnswered(`Opening offset ${offset} of '${topic}'`, reader, new Map([[partition, at]]), Date.now() - began);
        throw new TributaryError('NotFound', `No record at offset ${offset} of ${topic}/${partition} — retention or compaction may have removed it`);
      } finally {
        await reader.close();
      }
    },
    'messages.export': async ({ profileId, topic, ranges, filter, decode, format }) => {
      const profile = ctx.profiles.get(profileId);
      const reader = await open(profileId, topic);
      try {
        const { text, count, truncated } = await exportRanges(reader, decoder(profile, decode, null), { ranges, matches: compileFilter(filter), format });
        const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
        return { fileName: `${topic}-${stamp}.${format === 'csv' ? 'csv' : 'jsonl'}`, mimeType: format === 'csv' ? 'text/csv' : 'application/x-ndjson', text, count, truncated };
      } finally {
        await reader.close();
      }
    },
  };
}
