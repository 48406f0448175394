// The one place a call crosses into the engine: both faces (Electron IPC, the web host's WebSocket) hand it
// the raw frame; it checks the method and input against the contract, runs the handler and turns any
// failure into a named error value. Nothing unvalidated reaches a handler, and nothing thrown escapes.
import type { z } from 'zod';
import { contract, isMethod, type Handlers, type Method, type ResponseFrame } from './contract.ts';
import { TributaryError, toErrorValue } from './errors.ts';

export function invalidInput(method: string, error: z.ZodError): TributaryError {
  const fields = error.issues.map((issue) => ({ path: issue.path.length ? issue.path.join('.') : 'input', message: issue.message }));
  return new TributaryError('Invalid', `Invalid input to ${method} — ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, { fields });
}

/** A method name for a message: a hostile frame's method may be an object whose String() throws. */
function callName(method: unknown): string {
  return typeof method === 'string' ? JSON.stringify(method).slice(0, 80) : `(a ${method === null ? 'null' : Array.isArray(method) ? 'list' : typeof method} where the call's name belongs)`;
}

export async function dispatch(
  handlers: Handlers,
  frame: { id: number; method: unknown; input: unknown },
  send: (frame: ResponseFrame) => void,
): Promise<void> {
  const { id } = frame;
  try {
    if (!isMethod(frame.method)) throw new TributaryError('Invalid', `Unknown call ${callName(frame.method)}`);
    const method: Method = frame.method;
    const spec = contract[method];
    const parsed = spec.input.safeParse(frame.input ?? {});
    if (!parsed.success) throw invalidInput(method, parsed.error);
    const handler = handlers[method] as (input: unknown, ctx: { emit: (p: unknown) => void }) => Promise<unknown>;
    const value = await handler(parsed.data, { emit: (progress) => send({ id, type: 'progress', progress }) });
    send({ id, type: 'result', value });
  } catch (error) {
    send({ id, type: 'error', error: toErrorValue(error) });
  }
}
