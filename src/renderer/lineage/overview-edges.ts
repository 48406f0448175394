// The edges of a big graph that are not worth a Cytoscape element, drawn as plain lines on a canvas under
// Cytoscape's and following its viewport. On a 5,000-node / 10,000-edge graph, edges were over half of
// what Cytoscape spent opening it (styling, bounds and drawing each one), and zoomed out they are hairlines
// nobody can point at. The edges a user can see or use stay Cytoscape edges: those in detail once zoomed in
// (level-of-detail.ts), marked (impact, diff) or selected — the canvas decides which (LineageCanvas.svelte).
import type { Core } from 'cytoscape';

export type LineStyle = 'solid' | 'dashed' | 'dotted';

export interface OverviewEdge {
  source: string;
  target: string;
  line: LineStyle;
}

/** Each line style's segments as flat x1, y1, x2, y2 runs. */
export type Segments = Record<LineStyle, Float64Array>;

// Model units, as Cytoscape's own edge style draws them (cy-style.ts: width 1.3; its default dash patterns).
const WIDTH = 1.3;
const DASH: Record<LineStyle, number[]> = { solid: [], dashed: [6, 3], dotted: [1, 2] };

/** The segments for `edges` from the node positions; an edge whose end has no position is left out. */
export function overviewSegments(edges: Iterable<OverviewEdge>, positions: ReadonlyMap<string, { x: number; y: number }>): Segments {
  const runs: Record<LineStyle, number[]> = { solid: [], dashed: [], dotted: [] };
  for (const e of edges) {
    const a = positions.get(e.source);
    const b = positions.get(e.target);
    if (!a || !b) continue;
    runs[e.line].push(a.x, a.y, b.x, b.y);
  }
  return { solid: Float64Array.from(runs.solid), dashed: Float64Array.from(runs.dashed), dotted: Float64Array.from(runs.dotted) };
}

export interface Extent {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Whether the segment may cross `extent`: false only when both ends lie beyond one of its sides. */
export function mayCross(x1: number, y1: number, x2: number, y2: number, extent: Extent): boolean {
  if ((x1 < extent.x1 && x2 < extent.x1) || (x1 > extent.x2 && x2 > extent.x2)) return false;
  return !((y1 < extent.y1 && y2 < extent.y1) || (y1 > extent.y2 && y2 > extent.y2));
}

/** Visits the segments that may cross `extent`. */
export function forSegmentsIn(run: Float64Array, extent: Extent, visit: (x1: number, y1: number, x2: number, y2: number) => void): void {
  for (let i = 0; i + 3 < run.length; i += 4) {
    const x1 = run[i]!;
    const y1 = run[i + 1]!;
    const x2 = run[i + 2]!;
    const y2 = run[i + 3]!;
    if (mayCross(x1, y1, x2, y2, extent)) visit(x1, y1, x2, y2);
  }
}

/** A canvas under Cytoscape's drawing its overview edges after every frame Cytoscape draws. */
export class OverviewEdgeLayer {
  readonly canvas: HTMLCanvasElement;
  private readonly cy: Core;
  private readonly container: HTMLElement;
  private segments: Segments = overviewSegments([], new Map());
  private colour: string;
  private dim = false;
  private count = 0;
  private readonly onRender = () => this.draw();

  constructor(cy: Core, container: HTMLElement, colour: string) {
    this.cy = cy;
    this.container = container;
    this.colour = colour;
    this.canvas = document.createElement('canvas');
    this.canvas.dataset['testid'] = 'lineage-overview-edges';
    this.canvas.setAttribute('aria-hidden', 'true');
    Object.assign(this.canvas.style, { position: 'absolute', left: '0', top: '0', pointerEvents: 'none' });
    // Under Cytoscape's canvases, which come later in the container and are transparent.
    container.prepend(this.canvas);
    cy.on('render', this.onRender);
  }

  /** How many edges the layer draws. */
  get size(): number {
    return this.count;
  }

  set(edges: readonly OverviewEdge[], positions: ReadonlyMap<string, { x: number; y: number }>): void {
    this.segments = overviewSegments(edges, positions);
    this.count = (this.segments.solid.length + this.segments.dashed.length + this.segments.dotted.length) / 4;
    this.draw();
  }

  /** The colour Cytoscape gives unmarked edges: the palette's border colour (it follows the theme). */
  setColour(colour: string): void {
    if (colour === this.colour) return;
    this.colour = colour;
    this.draw();
  }

  /** Faded, as Cytoscape's unmarked elements are while marks dim the rest. */
  setDimmed(dim: boolean): void {
    if (dim === this.dim) return;
    this.dim = dim;
    this.draw();
  }

  draw(): void {
    const width = this.container.clientWidth;
    const height = this.container.clientHeight;
    if (width === 0 || height === 0) return; // hidden: drawn again when shown
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    const context = this.canvas.getContext('2d');
    if (!context) return;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, width, height);
    if (this.count === 0) return;
    const zoom = this.cy.zoom();
    const pan = this.cy.pan();
    context.setTransform(zoom, 0, 0, zoom, pan.x, pan.y);
    context.lineWidth = WIDTH;
    context.strokeStyle = this.colour;
    context.globalAlpha = this.dim ? 0.18 : 1;
    const extent = { x1: -pan.x / zoom, y1: -pan.y / zoom, x2: (width - pan.x) / zoom, y2: (height - pan.y) / zoom };
    for (const line of ['solid', 'dashed', 'dotted'] as const) {
      const run = this.segments[line];
      if (run.length === 0) continue;
      context.setLineDash(DASH[line]);
      context.beginPath();
      forSegmentsIn(run, extent, (x1, y1, x2, y2) => {
        context.moveTo(x1, y1);
        context.lineTo(x2, y2);
      });
      context.stroke();
    }
  }

  destroy(): void {
    this.cy.off('render', this.onRender);
    this.canvas.remove();
  }
}
