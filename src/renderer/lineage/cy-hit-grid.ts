// Makes finding the element under the pointer cheap on big graphs. Cytoscape's canvas renderer tests every
// element (shape, edge distance, label box) on each mouse press, release and hover move: about 30 ms on a
// 5,000-node / 10,000-edge graph, so hovering stutters and every pan starts late. This keeps a grid of boxes
// around the elements and hands Cytoscape's own test only the elements near the pointer, in its order, so
// what it finds is what it would have found. Small graphs, and anything unexpected, use the stock code.
import type { Core } from 'cytoscape';

/** Below this many elements the stock linear test is fast enough. */
export const GRID_FROM = 2_000;

/** A box spanning more cells than this is kept in a list of its own. */
const LONG_CELLS = 64;

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A uniform grid over boxes; `near` gives the indices of boxes within `margin` of a point, ascending. */
export class BoxGrid {
  private readonly cells = new Map<number, number[]>();
  private readonly long: number[] = [];
  private readonly size: number;
  private readonly boxes: readonly Box[];
  constructor(boxes: readonly Box[]) {
    this.boxes = boxes;
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    for (const b of boxes) {
      if (!Number.isFinite(b.x1 + b.x2 + b.y1 + b.y2)) continue;
      x1 = Math.min(x1, b.x1);
      y1 = Math.min(y1, b.y1);
      x2 = Math.max(x2, b.x2);
      y2 = Math.max(y2, b.y2);
    }
    // about one element per cell on average, but never cells so small that long edges span thousands
    const area = Math.max(1, (x2 - x1) * (y2 - y1));
    this.size = Math.max(20, Math.sqrt(area / Math.max(1, boxes.length)));
    boxes.forEach((b, i) => {
      if (!Number.isFinite(b.x1 + b.x2 + b.y1 + b.y2)) return;
      // a long edge would fill thousands of cells: it is checked on every query instead
      if ((this.cell(b.x2) - this.cell(b.x1) + 1) * (this.cell(b.y2) - this.cell(b.y1) + 1) > LONG_CELLS) return void this.long.push(i);
      for (let cx = this.cell(b.x1); cx <= this.cell(b.x2); cx++) {
        for (let cy = this.cell(b.y1); cy <= this.cell(b.y2); cy++) {
          const key = this.key(cx, cy);
          const list = this.cells.get(key);
          if (list) list.push(i);
          else this.cells.set(key, [i]);
        }
      }
    });
  }

  private cell(v: number): number {
    return Math.floor(v / this.size);
  }

  private key(cx: number, cy: number): number {
    return (cx + 0x8000) * 0x10000 + (cy + 0x8000);
  }

  near(x: number, y: number, margin: number): number[] {
    const found = new Set<number>();
    const near = (i: number) => {
      const b = this.boxes[i]!;
      if (b.x1 - margin <= x && x <= b.x2 + margin && b.y1 - margin <= y && y <= b.y2 + margin) found.add(i);
    };
    for (const i of this.long) near(i);
    for (let cx = this.cell(x - margin); cx <= this.cell(x + margin); cx++) {
      for (let cy = this.cell(y - margin); cy <= this.cell(y + margin); cy++) {
        for (const i of this.cells.get(this.key(cx, cy)) ?? []) near(i);
      }
    }
    return [...found].sort((a, b) => a - b);
  }
}

type Ele = {
  isNode(): boolean;
  position(): { x: number; y: number };
  data(key: string): unknown;
  interactive(): boolean;
};
type Sorted = Ele[] & { interactive?: Ele[] };
interface Renderer {
  findNearestElements(x: number, y: number, interactiveOnly: boolean, isTouch: boolean): unknown;
  getCachedZSortedEles(forceRecalc?: boolean): Sorted;
  __tributaryHitGrid?: true;
}

// Generous boxes worked out from positions, not Cytoscape's exact ones (measuring those for 15,000 elements
// costs more than the scans saved): a node with room for its label (at most 210 px wide, below it), an edge
// the box of its two ends (a big graph draws straight edges) with room for an arrowhead or a label. Too big
// a box only hands the stock test one more element to reject.
const NODE_SIDE = 110;
const NODE_ABOVE = 40;
const NODE_BELOW = 60;
const EDGE_PAD = 40;

function boxesOf(all: Sorted): Box[] {
  const at = new Map<string, { x: number; y: number }>();
  for (const ele of all) if (ele.isNode()) at.set(ele.data('id') as string, ele.position());
  const none = { x1: NaN, y1: NaN, x2: NaN, y2: NaN };
  return all.map((ele) => {
    if (ele.isNode()) {
      const { x, y } = ele.position();
      return { x1: x - NODE_SIDE, y1: y - NODE_ABOVE, x2: x + NODE_SIDE, y2: y + NODE_BELOW };
    }
    const a = at.get(ele.data('source') as string);
    const b = at.get(ele.data('target') as string);
    if (!a || !b) return none;
    return { x1: Math.min(a.x, b.x) - EDGE_PAD, y1: Math.min(a.y, b.y) - EDGE_PAD, x2: Math.max(a.x, b.x) + EDGE_PAD, y2: Math.max(a.y, b.y) + EDGE_PAD };
  });
}

/**
 * Gives `cy`'s canvas renderer a grid for its hit test while `useGrid()` says the graph is big (straight
 * edges, no compound nodes) and it has GRID_FROM elements or more.
 */
export function installHitGrid(cy: Core, useGrid: () => boolean): void {
  const r = (cy as unknown as { renderer(): Renderer | undefined }).renderer();
  if (!r || r.__tributaryHitGrid || typeof r.findNearestElements !== 'function' || typeof r.getCachedZSortedEles !== 'function') return;
  const stockFind = r.findNearestElements;
  let indexed: Sorted | null = null;
  let grid: BoxGrid | null = null;
  // Moving, adding or removing elements makes the grid stale; it is rebuilt on the next test.
  cy.on('add remove position', () => void (grid = null));
  r.findNearestElements = function (x, y, interactiveOnly, isTouch) {
    const all = this.getCachedZSortedEles();
    if (all.length < GRID_FROM || !useGrid() || (cy as unknown as { hasCompoundNodes(): boolean }).hasCompoundNodes()) return stockFind.call(this, x, y, interactiveOnly, isTouch);
    if (!grid || indexed !== all) {
      grid = new BoxGrid(boxesOf(all));
      indexed = all;
    }
    // Cytoscape's widest tolerance (an edge under a mouse: 8 px; under a finger: 24 px) in graph units.
    const margin = (isTouch ? 24 : 8) / cy.zoom();
    const near: Sorted = grid.near(x, y, margin).map((i) => all[i]!);
    near.interactive = near.filter((ele) => ele.interactive());
    const stockSorted = this.getCachedZSortedEles;
    this.getCachedZSortedEles = () => near;
    try {
      return stockFind.call(this, x, y, interactiveOnly, isTouch);
    } finally {
      this.getCachedZSortedEles = stockSorted;
    }
  };
  r.__tributaryHitGrid = true;
}
