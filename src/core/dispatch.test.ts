import { describe, expect, it } from 'vitest';
import type { Handlers, ResponseFrame } from './contract.ts';
import { dispatch } from './dispatch.ts';
import { TributaryError } from './errors.ts';

function call(handlers: Partial<Handlers>, method: unknown, input: unknown): Promise<ResponseFrame[]> {
  const frames: ResponseFrame[] = [];
  return dispatch(handlers as Handlers, { id: 7, method, input }, (f) => frames.push(f)).then(() => frames);
}

describe('dispatch', () => {
  it('refuses an unknown call with a named Invalid error', async () => {
    const [frame] = await call({}, 'catalog.dropEverything', {});
    expect(frame).toEqual({ id: 7, type: 'error', error: { kind: 'Invalid', message: 'Unknown call "catalog.dropEverything"' } });
  });

  it('names the field that failed validation and never reaches the handler', async () => {
    let reached = false;
    const handlers = { 'profiles.save': async () => { reached = true; return {} as never; } };
    const [frame] = await call(handlers, 'profiles.save', { name: 'prod', bootstrap: 'no-port-here' });
    expect(reached).toBe(false);
    expect(frame).toMatchObject({ type: 'error', error: { kind: 'Invalid' } });
    expect((frame as { error: { message: string } }).error.message).toContain('bootstrap: bootstrap servers must be host:port pairs');
    expect(frame).toMatchObject({ error: { fields: [{ path: 'bootstrap', message: expect.stringContaining('host:port pairs') }] } });
  });

  it('passes progress events before the result', async () => {
    const handlers = {
      'catalog.sync': async (_: unknown, ctx: { emit: (p: unknown) => void }) => {
        ctx.emit({ stage: 'topics', done: 1, total: 2 });
        return { id: 1 } as never;
      },
    };
    const frames = await call(handlers as Partial<Handlers>, 'catalog.sync', { profileId: 'p1' });
    expect(frames.map((f) => f.type)).toEqual(['progress', 'result']);
  });

  it('carries a TributaryError as its kind and message, and an unexpected throw as Internal', async () => {
    const named = await call({ 'profiles.list': async () => { throw new TributaryError('NotFound', 'gone'); } }, 'profiles.list', {});
    expect(named[0]).toEqual({ id: 7, type: 'error', error: { kind: 'NotFound', message: 'gone' } });
    const raw = await call({ 'profiles.list': async () => { throw new TypeError('x is undefined'); } }, 'profiles.list', {});
    expect(raw[0]).toEqual({ id: 7, type: 'error', error: { kind: 'Internal', message: 'Unexpected failure: x is undefined' } });
  });

  it('rejects extra keys on calls that take no input', async () => {
    const [frame] = await call({ 'profiles.list': async () => [] }, 'profiles.list', { sneaky: true });
    expect(frame).toMatchObject({ type: 'error', error: { kind: 'Invalid' } });
  });
});
