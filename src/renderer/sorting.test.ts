import { describe, expect, it } from 'vitest';
import { byNumber, byText, nextSort, sortRows } from './sorting.ts';

type Row = { name: string; size: number };
const rows: Row[] = [
  { name: 'orders', size: 3 },
  { name: 'fills', size: 10 },
  { name: 'audit', size: 3 },
  { name: 'forever', size: Number.POSITIVE_INFINITY },
  { name: 'always', size: Number.POSITIVE_INFINITY },
];
const names = (list: Row[]) => list.map((r) => r.name);
const byName = byText<Row>((r) => r.name);

describe('sortRows', () => {
  it('orders by the column and breaks ties by name', () => {
    expect(names(sortRows(rows, byNumber((r) => r.size), true, byName))).toEqual(['audit', 'orders', 'fills', 'always', 'forever']);
  });

  it('reverses the column but keeps ties in name order when descending', () => {
    expect(names(sortRows(rows, byNumber((r) => r.size), false, byName))).toEqual(['always', 'forever', 'fills', 'audit', 'orders']);
  });

  it('leaves the rows it was given as they were', () => {
    const before = names(rows);
    sortRows(rows, byName, true, byName);
    expect(names(rows)).toEqual(before);
  });
});

describe('nextSort', () => {
  it('flips the direction when the sorted column is clicked again', () => {
    expect(nextSort({ key: 'name', ascending: true }, 'name', true)).toEqual({ key: 'name', ascending: false });
  });

  it('starts another column in its own first direction', () => {
    expect(nextSort({ key: 'name', ascending: false }, 'size', false)).toEqual({ key: 'size', ascending: false });
    expect(nextSort({ key: 'size', ascending: false }, 'name', true)).toEqual({ key: 'name', ascending: true });
  });
});
