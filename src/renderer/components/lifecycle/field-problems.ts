// The per-field problems an engine error carries (TributaryError.fields), so a dialog can place each message
// beside its field and show the rest of the error once, above the buttons.
import { TributaryError } from '../../../core/errors.ts';

export type FieldProblem = { path: string; message: string };

export function fieldProblems(error: unknown): FieldProblem[] {
  return error instanceof TributaryError ? (error.fields ?? []) : [];
}

export function problemsAt(problems: readonly FieldProblem[], path: string): FieldProblem[] {
  return problems.filter((p) => p.path === path || p.path.endsWith(`.${path}`));
}
