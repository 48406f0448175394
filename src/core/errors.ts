// The small set of failures the contract carries to the UI (STYLE §4). Each message names the problem and
// the next step; a raw stack or "[object Object]" never reaches a user.

export const errorKinds = ['Unreachable', 'AuthFailed', 'TlsFailed', 'NotFound', 'Invalid', 'Conflict', 'Forbidden', 'Cancelled', 'Internal'] as const;
export type ErrorKind = (typeof errorKinds)[number];

/** One invalid field of a call's input, so a form can place the message beside the field. */
export interface FieldProblem {
  path: string;
  message: string;
}

export class TributaryError extends Error {
  readonly kind: ErrorKind;
  readonly fields: FieldProblem[] | undefined;
  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown; fields?: FieldProblem[] }) {
    super(message, options);
    this.name = `TributaryError(${kind})`;
    this.kind = kind;
    this.fields = options?.fields;
  }
}

export interface ErrorValue {
  kind: ErrorKind;
  message: string;
  fields?: FieldProblem[];
}

/** Turns anything thrown into a value the UI can show; unknown failures become Internal with their text. */
export function toErrorValue(error: unknown): ErrorValue {
  if (error instanceof TributaryError) return error.fields ? { kind: error.kind, message: error.message, fields: error.fields } : { kind: error.kind, message: error.message };
  // SQLite rolls the transaction back when the disk fills, so the cache still holds what it held before.
  if ((error as { code?: string } | null)?.code === 'SQLITE_FULL') {
    return { kind: 'Internal', message: "The disk holding Tributary's cache is full, so nothing was saved (what was saved before is unchanged) — free some disk space, then try again" };
  }
  if (error instanceof Error) return { kind: 'Internal', message: `Unexpected failure: ${error.message || error.name}` };
  return { kind: 'Internal', message: `Unexpected failure: ${String(error)}` };
}
