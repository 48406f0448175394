import { describe, expect, it } from 'vitest';
import { BoxGrid, type Box } from './cy-hit-grid.ts';
import { seededRandom } from '../../core/seeded-random.ts';

/** Small node-like boxes and a few long edge-like ones, spread over a layered-layout-sized plane. */
function boxes(count: number, random: () => number): Box[] {
  return Array.from({ length: count }, (_, i) => {
    const x = random() * 20_000;
    const y = random() * 8_000;
    const long = i % 10 === 0;
    const w = long ? random() * 3_000 : 10 + random() * 30;
    const h = long ? random() * 1_500 : 10 + random() * 20;
    return { x1: x, y1: y, x2: x + w, y2: y + h };
  });
}

const bruteForce = (all: Box[], x: number, y: number, margin: number) =>
  all.flatMap((b, i) => (b.x1 - margin <= x && x <= b.x2 + margin && b.y1 - margin <= y && y <= b.y2 + margin ? [i] : []));

describe('the hit-test grid of a big lineage graph', () => {
  it('finds exactly the boxes a full scan finds near a point, in the same order', () => {
    const random = seededRandom(42);
    const all = boxes(15_000, random);
    const grid = new BoxGrid(all);
    let hits = 0;
    for (let i = 0; i < 500; i++) {
      // half the points on a box's edge, half anywhere
      const b = all[Math.floor(random() * all.length)]!;
      const [x, y] = i % 2 === 0 ? [b.x2, b.y1] : [random() * 21_000, random() * 9_000];
      const margin = [0.5, 8, 80, 400][i % 4]!;
      const expected = bruteForce(all, x, y, margin);
      hits += expected.length;
      expect(grid.near(x, y, margin)).toEqual(expected);
    }
    expect(hits).toBeGreaterThan(500); // the points did land on boxes
  });

  it('ignores boxes with no finite position and finds nothing far from every box', () => {
    const grid = new BoxGrid([{ x1: 0, y1: 0, x2: 10, y2: 10 }, { x1: NaN, y1: 0, x2: 10, y2: 10 }]);
    expect(grid.near(5, 5, 1)).toEqual([0]);
    expect(grid.near(500, 500, 8)).toEqual([]);
  });
});
