// A line diff for comparing two schema versions side by side: longest common subsequence over the lines that
// differ (the common head and tail are trimmed first), then removed/added runs paired up as changed rows.
// Pure, so the unit test pins exactly which lines a user sees as changed.

export type DiffOp = { kind: 'same' | 'removed' | 'added'; text: string; oldLine: number | null; newLine: number | null };

export interface DiffSide {
  line: number;
  text: string;
}

/** One row of a side-by-side view; a side is null where the other file has lines this one lacks. */
export interface DiffRow {
  kind: 'same' | 'removed' | 'added' | 'changed';
  left: DiffSide | null;
  right: DiffSide | null;
}

/** Above this many cells the LCS table would cost too much memory; the middle is shown as one replaced block. */
const MAX_CELLS = 4_000_000;

export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The edit script turning `before` into `after`, line by line, with 1-based line numbers on each side. */
export function diffLines(before: string, after: string): DiffOp[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;

  const ops: DiffOp[] = [];
  const same = (i: number, j: number) => ops.push({ kind: 'same', text: a[i]!, oldLine: i + 1, newLine: j + 1 });
  for (let i = 0; i < head; i++) same(i, i);

  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const n = midA.length;
  const m = midB.length;
  if (n * m > MAX_CELLS) {
    midA.forEach((text, i) => ops.push({ kind: 'removed', text, oldLine: head + i + 1, newLine: null }));
    midB.forEach((text, j) => ops.push({ kind: 'added', text, oldLine: null, newLine: head + j + 1 }));
  } else if (n > 0 || m > 0) {
    // lcs[i * (m + 1) + j] = length of the LCS of midA[i..] and midB[j..].
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] = midA[i] === midB[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        same(head + i, head + j);
        i++;
        j++;
      } else if (j < m && (i === n || lcs[i * width + j + 1]! >= lcs[(i + 1) * width + j]!)) {
        ops.push({ kind: 'added', text: midB[j]!, oldLine: null, newLine: head + j + 1 });
        j++;
      } else {
        ops.push({ kind: 'removed', text: midA[i]!, oldLine: head + i + 1, newLine: null });
        i++;
      }
    }
  }

  for (let k = tail; k > 0; k--) same(a.length - k, b.length - k);
  return ops;
}

/** Lays an edit script out in two columns: a run of removals next to the following run of additions reads as changed lines. */
export function sideBySide(ops: readonly DiffOp[]): DiffRow[] {
  const rows: DiffRow[] = [];
  let k = 0;
  while (k < ops.length) {
    const op = ops[k]!;
    if (op.kind === 'same') {
      rows.push({ kind: 'same', left: { line: op.oldLine!, text: op.text }, right: { line: op.newLine!, text: op.text } });
      k++;
      continue;
    }
    const removed: DiffOp[] = [];
    const added: DiffOp[] = [];
    while (k < ops.length && ops[k]!.kind !== 'same') {
      const o = ops[k]!;
      (o.kind === 'removed' ? removed : added).push(o);
      k++;
    }
    for (let r = 0; r < Math.max(removed.length, added.length); r++) {
      const left = removed[r];
      const right = added[r];
      rows.push({
        kind: left && right ? 'changed' : left ? 'removed' : 'added',
        left: left ? { line: left.oldLine!, text: left.text } : null,
        right: right ? { line: right.newLine!, text: right.text } : null,
      });
    }
  }
  return rows;
}

/** How many lines were added and removed, for the diff's heading. */
export function diffStats(ops: readonly DiffOp[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const op of ops) {
    if (op.kind === 'added') added++;
    else if (op.kind === 'removed') removed++;
  }
  return { added, removed };
}
