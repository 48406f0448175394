import { describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import { retryRetriable } from './kafka-client.ts';

// kafkajs's own classes, as it builds them at run time (its typings omit the options argument).
const ProtocolError = kafkajs.KafkaJSProtocolError as unknown as new (message: string, options: { retriable: boolean }) => Error;
const RetriesExceeded = kafkajs.KafkaJSNumberOfRetriesExceeded as unknown as new (cause: Error, options: { retryCount: number; retryTime: number }) => Error;

describe('retryRetriable', () => {
  it('retries a leader election that kafkajs already gave up on, and then succeeds', async () => {
    let calls = 0;
    const election = new ProtocolError('There is no leader for this topic-partition as we are in the middle of a leadership election', { retriable: true });
    const result = await retryRetriable(async () => {
      calls++;
      if (calls < 3) throw new RetriesExceeded(election, { retryCount: 2, retryTime: 900 });
      return 'sent';
    });
    expect(result).toBe('sent');
    expect(calls).toBe(3);
  });

  it('does not retry what Kafka says will not get better', async () => {
    let calls = 0;
    const denied = new ProtocolError('Topic authorization failed', { retriable: false });
    await expect(retryRetriable(async () => {
      calls++;
      throw denied;
    })).rejects.toBe(denied);
    expect(calls).toBe(1);
  });
});
