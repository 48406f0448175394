// Writes a new revision of a product's descriptor (status changes, deprecation details) and its events, in
// that order: the descriptor record is the one readers see, so the events follow only once it is durable.
import { retryRetriable } from '../cluster/kafka-client.ts';
import type { ProductDescriptor } from '../products/descriptor.ts';
import type { ProductEvent } from '../products/events.ts';
import { produceCommand, writeEvents, type ProductEnv } from '../products/publish.ts';

export async function writeRevision(env: ProductEnv, current: ProductDescriptor, change: Partial<ProductDescriptor>, action: string, events: ProductEvent[]): Promise<ProductDescriptor> {
  const descriptor: ProductDescriptor = { ...current, ...change, revision: current.revision + 1, updatedAt: new Date().toISOString(), updatedBy: env.actor };
  const value = JSON.stringify(descriptor);
  await env.audit.record(
    { profileId: env.profileId, actor: env.actor, action, target: descriptor.id, request: { topic: env.topics.products, key: descriptor.id, value: descriptor }, command: produceCommand(env.bootstrap, env.topics.products, descriptor.id, value) },
    () => retryRetriable(() => env.producer.send({ topic: env.topics.products, acks: -1, messages: [{ key: descriptor.id, value }] })),
  );
  if (events.length) await writeEvents(env, events);
  return descriptor;
}

