// Sorting for the catalog's list pages: which way a column sorts when its header is clicked, and a stable
// order in which rows with equal keys keep a fixed order (by name) whichever way the column runs.

export type Compare<T> = (a: T, b: T) => number;

export interface SortState<K> {
  key: K;
  ascending: boolean;
}

/** Text in locale order, e.g. byText((t) => t.name). */
export const byText =
  <T>(get: (row: T) => string): Compare<T> =>
  (a, b) =>
    get(a).localeCompare(get(b));

/** Numbers smallest first, e.g. byNumber((g) => g.totalLag ?? -1). */
export const byNumber =
  <T>(get: (row: T) => number): Compare<T> =>
  (a, b) =>
    get(a) - get(b);

/**
 * A new array in `compare` order (reversed when not ascending). Rows that compare equal — or compare as NaN,
 * as Infinity - Infinity does — fall back to `tieBreak`, which always runs ascending, so their order is stable.
 */
export function sortRows<T>(rows: readonly T[], compare: Compare<T>, ascending: boolean, tieBreak: Compare<T>): T[] {
  const direction = ascending ? 1 : -1;
  return rows.toSorted((a, b) => {
    const order = compare(a, b);
    return !order || Number.isNaN(order) ? tieBreak(a, b) : order * direction;
  });
}

/** Clicking the sorted column flips it; another column starts in its own first direction (names A→Z, counts high→low). */
export function nextSort<K>(current: SortState<K>, key: K, ascendingFirst: boolean): SortState<K> {
  return current.key === key ? { key, ascending: !current.ascending } : { key, ascending: ascendingFirst };
}
