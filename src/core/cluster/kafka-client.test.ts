import { describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import { retryRetriable } from './kafka-client.ts';

describe('retryRetriable', () => {
  it('retries a leader election that kafkajs already gave up on, and then succeeds', async () => {
    let calls = 0;
    const election = new kafkajs.KafkaJSProtocolError('There is no leader for this topic-partition as we are in the middle of a leadership election', { retriable: true });
    const result = await retryRetriable(async () => {
      calls++;
      if (calls < 3) throw new kafkajs.KafkaJSNumberOfRetriesExceeded(election, { retryCount: 2, retryTime: 900 });
      return 'sent';
    });
    expect(result).toBe('sent');
    expect(calls).toBe(3);
  });

  it('does not retry what Kafka says will not get better', async () => {
    let calls = 0;
    const denied = new kafkajs.KafkaJSProtocolError('Topic authorization failed', { retriable: false });
    await expect(retryRetriable(async () => {
      calls++;
      throw denied;
    })).rejects.toBe(denied);
    expect(calls).toBe(1);
  });
});
