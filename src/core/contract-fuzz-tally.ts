// Judges and counts the answers of the contract fuzz tests: each answer must be a named error kind with a
// message a user can read (no stack trace, no "[object Object]") or an output the contract accepts.
import net from 'node:net';
import { contract, isMethod, type ResponseFrame } from './contract.ts';
import type { FuzzCall } from './contract-fuzz-cases.ts';
import { errorKinds } from './errors.ts';

const STACK_LINE = /\n\s*at\s|\bat\s+(?:async\s+)?\S+\s+\((?:file:|node:|\/)|\.(?:ts|js|mjs|cjs):\d+:\d+/;

/** A method for a report line; a hostile method may be an object whose toString is not a function. */
function label(method: unknown): string {
  return typeof method === 'string' ? method.slice(0, 40) : `<${method === null ? 'null' : typeof method}>`;
}

export interface Judgement {
  /** 'result' or the error kind. */
  kind: string;
  problem?: string;
}

export function checkAnswer(call: FuzzCall, answer: ResponseFrame): Judgement {
  if (answer.type === 'result') {
    if (!isMethod(call.method)) return { kind: 'result', problem: `an unknown call ${label(call.method)} got a result` };
    const parsed = contract[call.method].output.safeParse(answer.value);
    return parsed.success ? { kind: 'result' } : { kind: 'result', problem: `${call.method} answered an output the contract refuses: ${parsed.error.message.slice(0, 200)}` };
  }
  if (answer.type !== 'error') return { kind: 'none', problem: `a ${answer.type} frame ended the call` };
  const { kind, message } = answer.error ?? {};
  if (!(errorKinds as readonly string[]).includes(kind)) return { kind: String(kind), problem: `error kind ${String(kind)} is not one of errors.ts` };
  if (typeof message !== 'string' || message.trim() === '') return { kind, problem: 'an error without a message' };
  if (STACK_LINE.test(message)) return { kind, problem: `a stack trace in the message: ${message.slice(0, 200)}` };
  if (message.includes('[object Object]')) return { kind, problem: `"[object Object]" in the message: ${message.slice(0, 200)}` };
  if (kind === 'Internal') return { kind, problem: `${label(call.method)} (${call.mutation}) failed unexpectedly: ${message.slice(0, 200)}` };
  return { kind };
}

export class FuzzTally {
  readonly face: string;
  calls = 0;
  crashes = 0;
  readonly byKind: Record<string, number> = {};
  readonly byMutation: Record<string, number> = {};
  private readonly methods = new Set<string>();
  /** Distinct problems, with how often each was seen. */
  private readonly seen = new Map<string, number>();

  constructor(face: string) {
    this.face = face;
  }

  record(call: FuzzCall, judgement: Judgement): void {
    this.calls++;
    this.byKind[judgement.kind] = (this.byKind[judgement.kind] ?? 0) + 1;
    this.byMutation[call.mutation] = (this.byMutation[call.mutation] ?? 0) + 1;
    if (isMethod(call.method)) this.methods.add(call.method);
    if (judgement.problem) this.seen.set(judgement.problem, (this.seen.get(judgement.problem) ?? 0) + 1);
  }

  get problems(): string[] {
    return [...this.seen].map(([problem, times]) => `${times}× ${problem}`);
  }

  methodsCovered(): number {
    return this.methods.size;
  }

  mutationsCovered(): number {
    return Object.keys(this.byMutation).length;
  }

  /** The figures the close note quotes. */
  print(): void {
    const kinds = Object.entries(this.byKind).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
    const mutations = Object.entries(this.byMutation).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(`[contract fuzz] ${this.face}: ${this.calls} calls fuzzed over ${this.methods.size} methods / ${this.crashes} crashes / answers by kind: ${kinds}\n  mutations: ${mutations}${this.seen.size ? `\n  problems:\n    ${this.problems.slice(0, 20).join('\n    ')}` : ''}`);
  }
}

/** Runs `work` over every item with at most `width` in flight, so a slow cluster call does not hold up the rest. */
export async function runPool<T>(items: Iterable<T>, width: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  const lane = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) await work(next.value);
  };
  await Promise.all(Array.from({ length: width }, lane));
}

/** A loopback port nobody listens on: cluster calls aimed at it fail fast with Unreachable. */
export async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
