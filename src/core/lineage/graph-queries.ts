// The walks the Lineage page and impact analysis ask for, over any Adjacency (index lookups or the loaded
// graph). They are breadth-first and mark what they have reached, so cycles and self-loops end; a per-node
// neighbour cap keeps a 10,000-consumer hub from flooding the page and reports what it left out.
import { byKindThenName, type Adjacency, type EdgeRow, type NodeRow } from './graph-store.ts';
import type { LineageNodeKind } from './model.ts';

export interface WalkFilter {
  /** Only nodes of these kinds are shown and walked through (the starting node always is). */
  kinds?: readonly LineageNodeKind[];
  hideInternal: boolean;
}

const admits = (filter: WalkFilter) => {
  const kinds = filter.kinds ? new Set(filter.kinds) : null;
  return (n: NodeRow | undefined): n is NodeRow => n !== undefined && !(filter.hideInternal && n.internal === 1) && (kinds === null || kinds.has(n.kind));
};

export interface NeighbourhoodOptions extends WalkFilter {
  upstream: number;
  downstream: number;
  neighbourCap: number;
}

export interface NeighbourhoodResult {
  reached: Map<number, { upstream: number | null; downstream: number | null }>;
  edges: Map<number, EdgeRow>;
  capped: Array<{ nodeId: number; direction: 'upstream' | 'downstream'; total: number; hidden: number }>;
}

export function neighbourhood(graph: Adjacency, center: number, options: NeighbourhoodOptions): NeighbourhoodResult {
  const admit = admits(options);
  const reached = new Map<number, { upstream: number | null; downstream: number | null }>([[center, { upstream: 0, downstream: 0 }]]);
  const edges = new Map<number, EdgeRow>();
  const capped: NeighbourhoodResult['capped'] = [];
  for (const direction of ['downstream', 'upstream'] as const) {
    const depth = direction === 'downstream' ? options.downstream : options.upstream;
    let frontier = [center];
    for (let hop = 1; hop <= depth && frontier.length > 0; hop++) {
      const next: number[] = [];
      for (const id of frontier) {
        const along = direction === 'downstream' ? graph.outgoing(id) : graph.incoming(id);
        const otherEnd = (e: EdgeRow) => (direction === 'downstream' ? e.to : e.from);
        // Two passes over the edges instead of a list per neighbour: a 10,000-consumer hub would allocate
        // 10,000 lists on every call, and their collection was what made its slow calls slow.
        let admitted = new Set<number>();
        for (const e of along) {
          const other = otherEnd(e);
          if (other === center || admit(graph.node(other))) admitted.add(other);
        }
        let kept = [...admitted];
        if (kept.length > options.neighbourCap) {
          const ordered = graph.inKindNameOrder ? graph.inKindNameOrder(kept, options.neighbourCap) : kept.map((n) => graph.node(n)!).sort(byKindThenName);
          kept = ordered.slice(0, options.neighbourCap).map((n) => n.id);
          capped.push({ nodeId: id, direction, total: admitted.size, hidden: admitted.size - kept.length });
          admitted = new Set(kept);
        }
        for (const e of along) if (admitted.has(otherEnd(e))) edges.set(e.id, e);
        for (const other of kept) {
          const seen = reached.get(other) ?? { upstream: null, downstream: null };
          if (seen[direction] === null) {
            seen[direction] = hop;
            next.push(other);
          }
          reached.set(other, seen);
        }
      }
      frontier = next;
    }
  }
  return { reached, edges, capped };
}

export interface ImpactResult {
  depth: Map<number, number>;
  edges: EdgeRow[];
  truncated: boolean;
}

/** Everything transitively downstream of root, each with its fewest hops; the root is not in `depth`. */
export function impact(graph: Adjacency, root: number, options: { maxDepth: number; hideInternal: boolean }): ImpactResult {
  const admit = admits(options);
  const depth = new Map<number, number>();
  const edges: EdgeRow[] = [];
  let frontier = [root];
  let truncated = false;
  for (let hop = 1; frontier.length > 0; hop++) {
    const next: number[] = [];
    for (const id of frontier) {
      for (const e of graph.outgoing(id)) {
        // a node already reached was admitted then: most edges of a big walk end at one
        if (e.to !== root && !depth.has(e.to) && !admit(graph.node(e.to))) continue;
        if (hop > options.maxDepth) {
          if (e.to !== root && !depth.has(e.to)) truncated = true;
          continue;
        }
        edges.push(e);
        if (e.to !== root && !depth.has(e.to)) {
          depth.set(e.to, hop);
          next.push(e.to);
        }
      }
    }
    if (hop > options.maxDepth) break;
    frontier = next;
  }
  return { depth, edges, truncated };
}

/** The shortest directed path from → to by hops, as its edges in order; [] when from is to; null when none. */
export function shortestPath(graph: Adjacency, from: number, to: number, options: { hideInternal: boolean }): EdgeRow[] | null {
  if (from === to) return [];
  const admit = admits(options);
  const via = new Map<number, EdgeRow>();
  let frontier = [from];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const id of frontier) {
      for (const e of graph.outgoing(id)) {
        if (e.to === from || via.has(e.to)) continue;
        if (e.to !== to && !admit(graph.node(e.to))) continue;
        via.set(e.to, e);
        if (e.to === to) {
          const path: EdgeRow[] = [];
          for (let at = to; at !== from; at = via.get(at)!.from) path.push(via.get(at)!);
          return path.reverse();
        }
        next.push(e.to);
      }
    }
    frontier = next;
  }
  return null;
}
