// Topic configs for a sync, asked in batches with a few requests in flight. A topic deleted since it was listed
// fails its whole batch with UNKNOWN_TOPIC_OR_PARTITION: the batch is halved until that topic is alone, so its
// neighbours are still read and the caller learns which topics the cluster no longer hosts.
import { isUnknownTopic, retryRetriable } from '../cluster/kafka-client.ts';
import type { KafkaBroker } from '../cluster/kafka-cluster.ts';
import { mapConcurrently } from './map-concurrently.ts';

export type DescribedConfigs = Awaited<ReturnType<KafkaBroker['describeConfigs']>>['resources'];

export async function describeTopicConfigs(
  /** One DescribeConfigs request for these topics. */
  ask: (topics: string[]) => Promise<DescribedConfigs>,
  names: string[],
  options: { batchSize: number; concurrency: number; signal: AbortSignal; onProgress: (done: number) => void; unknown: Set<string> },
): Promise<DescribedConfigs> {
  const describe = async (batch: string[]): Promise<DescribedConfigs> => {
    try {
      return await retryRetriable(() => ask(batch), { attempts: 3, signal: options.signal });
    } catch (error) {
      if (!isUnknownTopic(error)) throw error;
      if (batch.length === 1) {
        options.unknown.add(batch[0]!);
        return [];
      }
      const half = Math.ceil(batch.length / 2);
      return (await Promise.all([describe(batch.slice(0, half)), describe(batch.slice(half))])).flat();
    }
  };
  const batches = Array.from({ length: Math.ceil(names.length / options.batchSize) }, (_, i) => names.slice(i * options.batchSize, (i + 1) * options.batchSize));
  const described = await mapConcurrently(batches, options.concurrency, describe, (done) => options.onProgress(Math.min(done * options.batchSize, names.length)));
  return described.flat();
}
