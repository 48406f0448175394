import { describe, expect, it } from 'vitest';
import { diffLines, diffStats, sideBySide, splitLines } from './text-diff.ts';

const kinds = (before: string, after: string) => diffLines(before, after).map((o) => `${o.kind[0]}${o.text}`);

describe('line diff', () => {
  it('reports identical texts as all the same lines', () => {
    expect(kinds('a\nb\nc', 'a\nb\nc')).toEqual(['sa', 'sb', 'sc']);
    expect(diffStats(diffLines('a\nb', 'a\nb'))).toEqual({ added: 0, removed: 0 });
  });

  it('finds an inserted line and a removed line with their line numbers', () => {
    const ops = diffLines('a\nb\nc\nd', 'a\nc\nx\nd');
    expect(ops.map((o) => `${o.kind[0]}${o.text}`)).toEqual(['sa', 'rb', 'sc', 'ax', 'sd']);
    expect(ops.find((o) => o.text === 'x')).toMatchObject({ oldLine: null, newLine: 3 });
    expect(ops.find((o) => o.text === 'b')).toMatchObject({ oldLine: 2, newLine: null });
  });

  it('keeps the longest common run when lines move', () => {
    expect(diffStats(diffLines('1\n2\n3\n4\n5', '2\n3\n4\n5\n1'))).toEqual({ added: 1, removed: 1 });
  });

  it('handles empty sides and a trailing newline', () => {
    expect(kinds('', 'a\nb\n')).toEqual(['aa', 'ab']);
    expect(kinds('a\n', '')).toEqual(['ra']);
    expect(splitLines('a\r\nb\n')).toEqual(['a', 'b']);
  });

  it('pairs removed and added runs into changed rows side by side', () => {
    const rows = sideBySide(diffLines('{\n  "a": 1,\n  "b": 2\n}', '{\n  "a": 10,\n  "b": 2,\n  "c": 3\n}'));
    expect(rows.map((r) => r.kind)).toEqual(['same', 'changed', 'changed', 'added', 'same']);
    expect(rows[1]).toEqual({ kind: 'changed', left: { line: 2, text: '  "a": 1,' }, right: { line: 2, text: '  "a": 10,' } });
    expect(rows[3]!.left).toBeNull();
    expect(rows[4]).toMatchObject({ left: { line: 4 }, right: { line: 5 } });
  });

  it('falls back to one replaced block when the texts are too large to align', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `a${i}`).join('\n');
    const after = Array.from({ length: 3000 }, (_, i) => `b${i}`).join('\n');
    expect(diffStats(diffLines(before, after))).toEqual({ added: 3000, removed: 3000 });
  });
});
