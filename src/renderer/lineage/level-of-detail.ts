// Level of detail for big graphs: labels and arrowheads only on the nodes and edges in view once the user
// has zoomed in far enough to read them. Zoomed out, a 5,000-node graph's labels are hidden by Cytoscape
// anyway (below its minimum font size) and its arrowheads are under a pixel, yet measuring and drawing
// them cost about a fifth of opening it (bench/lineage-render.bench.ts).

/** Below this zoom a big graph shows neither labels nor arrowheads. */
export const DETAIL_ZOOM = 0.4;
/** At most this many nodes get detail at once; beyond it the view is a crowd, not something to read. */
export const DETAIL_CAP = 1_500;

export interface Placed {
  id: string;
  x: number;
  y: number;
}

export interface Extent {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * The ids of the nodes that should carry detail: those inside the visible extent (widened by a margin so
 * labels of nodes just off-screen are ready when the user pans a little), nearest the centre first, up to
 * the cap — none when zoomed out.
 */
export function detailedNodes(nodes: Iterable<Placed>, extent: Extent, zoom: number, cap = DETAIL_CAP): Set<string> {
  const chosen = new Set<string>();
  if (zoom < DETAIL_ZOOM) return chosen;
  const marginX = (extent.x2 - extent.x1) * 0.15;
  const marginY = (extent.y2 - extent.y1) * 0.15;
  const cx = (extent.x1 + extent.x2) / 2;
  const cy = (extent.y1 + extent.y2) / 2;
  const inView: Array<[string, number]> = [];
  for (const n of nodes) {
    if (n.x < extent.x1 - marginX || n.x > extent.x2 + marginX || n.y < extent.y1 - marginY || n.y > extent.y2 + marginY) continue;
    inView.push([n.id, (n.x - cx) ** 2 + (n.y - cy) ** 2]);
  }
  if (inView.length > cap) inView.sort((a, b) => a[1] - b[1]);
  for (const [id] of inView.slice(0, cap)) chosen.add(id);
  return chosen;
}
