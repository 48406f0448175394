// The small set of failures the contract carries to the UI (STYLE §4). Each message names the problem and
// the next step; a raw stack or "[object Object]" never reaches a user.

export const errorKinds = ['Unreachable', 'AuthFailed', 'TlsFailed', 'NotFound', 'Invalid', 'Conflict', 'Forbidden', 'Cancelled', 'Internal'] as const;
export type ErrorKind = (typeof errorKinds)[number];

export class TributaryError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = `TributaryError(${kind})`;
    this.kind = kind;
  }
}

export interface ErrorValue {
  kind: ErrorKind;
  message: string;
}

/** Turns anything thrown into a value the UI can show; unknown failures become Internal with their text. */
export function toErrorValue(error: unknown): ErrorValue {
  if (error instanceof TributaryError) return { kind: error.kind, message: error.message };
  if (error instanceof Error) return { kind: 'Internal', message: `Unexpected failure: ${error.message || error.name}` };
  return { kind: 'Internal', message: `Unexpected failure: ${String(error)}` };
}
