import { describe, expect, it } from 'vitest';
import { problemsOf } from './descriptor.ts';
import { newEvent, ProductEvent, readEvent } from './events.ts';

const good = { ...newEvent('access-requested', 'trading.orders', 'bob@desk', { requestId: 'r1', principal: 'User:bob' }), reason: 'for risk' };
const variants: Array<[string, unknown]> = [
  ['a full event', good],
  ['an event without details or reason', { id: 'e1', type: 'published', productId: 'p', actor: '', at: '2025-06-01T10:00:00Z' }],
  ['extra fields', { ...good, extra: 1, nested: { a: [1] } }],
  ['details holding a "__proto__" key', JSON.parse(`{"id":"e2","type":"updated","productId":"p","actor":"a","at":"2025-06-01T10:00:00Z","details":{"__proto__":{"x":1},"y":2}}`)],
  ['no id', { ...good, id: undefined }],
  ['an empty id', { ...good, id: '' }],
  ['an id too long', { ...good, id: 'x'.repeat(101) }],
  ['an upper-case type', { ...good, type: 'Published' }],
  ['a type that is a number', { ...good, type: 7 }],
  ['no product id', { ...good, productId: '' }],
  ['an actor too long', { ...good, actor: 'a'.repeat(201) }],
  ['a time that is not ISO-8601', { ...good, at: 'yesterday' }],
  ['a null reason', { ...good, reason: null }],
  ['a reason too long', { ...good, reason: 'r'.repeat(5001) }],
  ['details that are an array', { ...good, details: [1, 2] }],
  ['details that are null', { ...good, details: null }],
  ['details that are text', { ...good, details: 'x' }],
  ['an array', [good]],
  ['null', null],
  ['a number', 42],
];

describe('reading an event off the events topic', () => {
  it.each(variants)('answers as the ProductEvent schema does for %s', (_, json) => {
    const parsed = ProductEvent.safeParse(json);
    const expected = parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: problemsOf(parsed.error) };
    const read = readEvent(json);
    expect(read).toEqual(expected);
    if (read.ok && parsed.success) expect(JSON.stringify(read.value.details)).toBe(JSON.stringify(parsed.data.details));
  });

  it('names each broken field of an invalid event', () => {
    const read = readEvent({ ...good, type: 'Bad Type', at: 'soon' });
    expect(read).toEqual({
      ok: false,
      problems: [
        { path: 'type', message: 'event types are lower-case words joined by "-"' },
        { path: 'at', message: 'an ISO-8601 timestamp' },
      ],
    });
  });
});
