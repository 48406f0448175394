// What the lifecycle's integration tests share: committing a consumer group's offsets as a consumer would,
// and expecting a call to fail with a named error.
import { expect } from 'vitest';
import { createKafka, plaintext, retryRetriable } from '../cluster/kafka-client.ts';
import { TributaryError } from '../errors.ts';

/**
 * A consumer group's committed position, written with OffsetCommit as a consumer does. A fresh admin each time:
 * a kafkajs client keeps refreshing metadata for every topic it ever touched, and fails once one is deleted.
 */
export async function commitOffset(bootstrap: string, groupId: string, topic: string, offset: number): Promise<void> {
  const admin = createKafka(plaintext(bootstrap)).admin();
  await admin.connect();
  try {
    await retryRetriable(() => admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: String(offset) }] }));
  } finally {
    await admin.disconnect();
  }
}

export async function failure(call: Promise<unknown>): Promise<TributaryError> {
  const e = await call.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TributaryError);
  return e as TributaryError;
}
