import { describe, expect, it } from 'vitest';
import { forSegmentsIn, overviewSegments } from './overview-edges.ts';

const positions = new Map([
  ['a', { x: 0, y: 0 }],
  ['b', { x: 100, y: 0 }],
  ['c', { x: 100, y: 50 }],
]);

describe('the overview edge layer', () => {
  it('draws each edge from its source to its target in its own line style', () => {
    const segments = overviewSegments(
      [
        { source: 'a', target: 'b', line: 'solid' },
        { source: 'b', target: 'c', line: 'dashed' },
        { source: 'a', target: 'c', line: 'dotted' },
      ],
      positions,
    );
    expect([...segments.solid]).toEqual([0, 0, 100, 0]);
    expect([...segments.dashed]).toEqual([100, 0, 100, 50]);
    expect([...segments.dotted]).toEqual([0, 0, 100, 50]);
  });

  it('leaves out an edge whose end has no position', () => {
    const segments = overviewSegments([{ source: 'a', target: 'gone', line: 'solid' }], positions);
    expect(segments.solid.length).toBe(0);
  });

  it('skips only the segments that lie wholly beyond one side of the view', () => {
    const run = Float64Array.from([
      ...[0, 0, 10, 10], // inside
      ...[-50, 5, 50, 5], // crosses the view from the left
      ...[-50, -50, -10, -10], // left and above
      ...[200, 0, 300, 0], // right of it
      ...[-100, -100, 200, 200], // a diagonal through it
    ]);
    const seen: number[][] = [];
    forSegmentsIn(run, { x1: -5, y1: -5, x2: 20, y2: 20 }, (...s) => seen.push(s));
    expect(seen).toEqual([
      [0, 0, 10, 10],
      [-50, 5, 50, 5],
      [-100, -100, 200, 200],
    ]);
  });
});
