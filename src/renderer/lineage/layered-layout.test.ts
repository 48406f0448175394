import { describe, expect, it } from 'vitest';
import { layeredLayout } from './layered-layout.ts';

const xy = (p: Float64Array, i: number) => ({ x: p[2 * i]!, y: p[2 * i + 1]! });

describe('layeredLayout', () => {
  it('puts every node right of what feeds it', () => {
    // 0 → 1 → 2, 0 → 3 → 2
    const p = layeredLayout({ count: 4, edges: Int32Array.from([0, 1, 1, 2, 0, 3, 3, 2]) });
    expect(xy(p, 1).x).toBeGreaterThan(xy(p, 0).x);
    expect(xy(p, 2).x).toBeGreaterThan(xy(p, 1).x);
    expect(xy(p, 1).x).toBe(xy(p, 3).x);
    expect(xy(p, 1).y).not.toBe(xy(p, 3).y);
  });

  it('ends on cycles and self-loops', () => {
    const p = layeredLayout({ count: 3, edges: Int32Array.from([0, 1, 1, 2, 2, 0, 1, 1]) });
    expect([...p].every(Number.isFinite)).toBe(true);
  });

  it('places a source beside what it writes rather than at the far left', () => {
    // 0 → 1 → 2 → 3, and 4 writes only 3
    const p = layeredLayout({ count: 5, edges: Int32Array.from([0, 1, 1, 2, 2, 3, 4, 3]) });
    expect(xy(p, 4).x).toBe(xy(p, 2).x);
  });

  it('gives no two nodes the same place, even when a tall layer folds into columns', () => {
    const edges: number[] = [];
    for (let i = 1; i < 500; i++) edges.push(i, 0);
    const p = layeredLayout({ count: 500, edges: Int32Array.from(edges), maxRows: 50 });
    const places = new Set(Array.from({ length: 500 }, (_, i) => `${xy(p, i).x},${xy(p, i).y}`));
    expect(places.size).toBe(500);
    expect(xy(p, 0).x).toBeGreaterThan(Math.max(...Array.from({ length: 499 }, (_, i) => xy(p, i + 1).x)));
  });

  it('lays out 5,000 nodes and 10,000 edges in well under a second', () => {
    const edges: number[] = [];
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 10_000; i++) edges.push(Math.floor(rand() * 5000), Math.floor(rand() * 5000));
    const started = performance.now();
    layeredLayout({ count: 5000, edges: Int32Array.from(edges) });
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
