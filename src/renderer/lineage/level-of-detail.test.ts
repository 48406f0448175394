import { describe, expect, it } from 'vitest';
import { DETAIL_ZOOM, detailedNodes, type Placed } from './level-of-detail.ts';

const grid = (side: number): Placed[] => Array.from({ length: side * side }, (_, i) => ({ id: `n${i}`, x: (i % side) * 100, y: Math.floor(i / side) * 100 }));
const view = { x1: 0, y1: 0, x2: 1000, y2: 500 };

describe('level of detail on a big lineage graph', () => {
  it('gives nothing detail while the graph is zoomed out to an overview', () => {
    expect(detailedNodes(grid(50), view, DETAIL_ZOOM / 2).size).toBe(0);
  });

  it('gives detail to the nodes in view and a margin around it, not to the rest', () => {
    const chosen = detailedNodes(grid(50), view, 1);
    expect(chosen.has('n0')).toBe(true); // top left corner of the view
    expect(chosen.has(`n${5 * 50 + 10}`)).toBe(true); // x 1000, y 500: the far corner
    expect(chosen.has(`n${5 * 50 + 11}`)).toBe(true); // x 1100: just outside, within the 15 % margin (150)
    expect(chosen.has(`n${6 * 50 + 5}`)).toBe(false); // y 600: outside the margin (75)
    expect(chosen.has(`n${20 * 50 + 20}`)).toBe(false); // far away
    expect(chosen.size).toBe(12 * 6); // x 0..1100 and y 0..500 (the grid starts at 0: nothing in the margin left or above)
  });

  it('keeps the nodes nearest the centre of the view when more are in view than the cap', () => {
    const chosen = detailedNodes(grid(50), view, 1, 4);
    expect(chosen.size).toBe(4);
    expect(chosen.has(`n${2 * 50 + 5}`) || chosen.has(`n${3 * 50 + 5}`)).toBe(true); // (500, 250) is the centre
    expect(chosen.has('n0')).toBe(false);
  });
});
