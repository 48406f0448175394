// What the Lineage page has loaded (the focus's neighbourhood, expansions, impact and path answers merged
// together) and what it draws of it: client-side filters by domain and deprecation, domains collapsed into
// one node, and a "+N more" node beside each hub whose neighbours the engine capped.
import type { LineageEdge, LineageNode, Out } from '../../core/contract.ts';

export type Capped = Out<'lineage.neighbourhood'>['capped'][number];
export type Direction = Capped['direction'];

export interface LoadedGraph {
  nodes: Map<number, LineageNode>;
  edges: Map<number, LineageEdge>;
  /** Keyed `${nodeId}:${direction}`; removed once a later answer shows that side whole. */
  capped: Map<string, Capped>;
}

export const emptyGraph = (): LoadedGraph => ({ nodes: new Map(), edges: new Map(), capped: new Map() });

export function mergeInto(graph: LoadedGraph, part: { nodes: readonly LineageNode[]; edges: readonly LineageEdge[]; capped?: readonly Capped[] }): void {
  for (const n of part.nodes) {
    // The neighbourhood's nodes carry upstream/downstream hop counts; keep only the node itself.
    const { upstream: _u, downstream: _d, depth: _depth, ...node } = n as LineageNode & { upstream?: unknown; downstream?: unknown; depth?: unknown };
    graph.nodes.set(n.id, node);
  }
  for (const e of part.edges) graph.edges.set(e.id, e);
  for (const c of part.capped ?? []) graph.capped.set(`${c.nodeId}:${c.direction}`, c);
}

/** The domain a name suggests by convention (the first segment of `domain.entity.v1`), for the kinds named that way. */
export function domainOf(node: Pick<LineageNode, 'kind' | 'name' | 'attrs'>): string | null {
  if (node.attrs['domain']) return node.attrs['domain'];
  if (node.kind !== 'topic' && node.kind !== 'subject' && node.kind !== 'product') return null;
  const first = node.name.split('.')[0];
  return first && first !== node.name && !node.name.startsWith('_') ? first : null;
}

export interface VisNode {
  /** The cytoscape id: `n<id>`, `d:<domain>` for a collapsed domain, `more:<id>:<direction>`. */
  id: string;
  label: string;
  kind: LineageNode['kind'] | 'domain' | 'more';
  nodeId: number | null;
  domain: string | null;
  deprecated: boolean;
  dangling: boolean;
  internal: boolean;
  /** For a collapsed domain: how many nodes it stands for. */
  members: number;
  more: Capped | null;
}

export interface VisEdge {
  id: string;
  source: string;
  target: string;
  kind: string;
  /** Where the edge was learnt; the line's style says it ("declared" dashed, "acl" dotted). */
  provenance: string;
  /** The engine's edges this one draws (several when a collapsed domain merges them). */
  edgeIds: number[];
}

export interface VisGraph {
  nodes: VisNode[];
  edges: VisEdge[];
}

export interface ViewOptions {
  focus: number | null;
  collapsed: ReadonlySet<string>;
  hiddenDomains: ReadonlySet<string>;
  showDeprecated: boolean;
  /** Names of topics (and products) a deprecated product owns. */
  deprecated: ReadonlySet<string>;
}

export const nodeKey = (id: number) => `n${id}`;
export const edgeKey = (id: number) => `e${id}`;
const domainKey = (domain: string) => `d:${domain}`;

export const isDeprecated = (n: LineageNode, deprecated: ReadonlySet<string>) =>
  n.attrs['status'] === 'deprecated' || n.attrs['deprecated'] === 'true' || ((n.kind === 'topic' || n.kind === 'product') && deprecated.has(n.name));

export function visibleGraph(graph: LoadedGraph, options: ViewOptions): VisGraph {
  const nodes: VisNode[] = [];
  const drawnAs = new Map<number, string>();
  const domains = new Map<string, VisNode>();
  for (const n of graph.nodes.values()) {
    const domain = domainOf(n);
    const deprecated = isDeprecated(n, options.deprecated);
    const isFocus = n.id === options.focus;
    if (!isFocus && domain !== null && options.hiddenDomains.has(domain)) continue;
    if (!isFocus && deprecated && !options.showDeprecated) continue;
    if (!isFocus && domain !== null && options.collapsed.has(domain)) {
      let aggregate = domains.get(domain);
      if (!aggregate) {
        aggregate = { id: domainKey(domain), label: domain, kind: 'domain', nodeId: null, domain, deprecated: false, dangling: false, internal: false, members: 0, more: null };
        domains.set(domain, aggregate);
        nodes.push(aggregate);
      }
      aggregate.members++;
      aggregate.label = `${domain} (${aggregate.members})`;
      drawnAs.set(n.id, aggregate.id);
      continue;
    }
    nodes.push({ id: nodeKey(n.id), label: n.name, kind: n.kind, nodeId: n.id, domain, deprecated, dangling: n.dangling, internal: n.internal, members: 1, more: null });
    drawnAs.set(n.id, nodeKey(n.id));
  }

  const edges: VisEdge[] = [];
  const merged = new Map<string, VisEdge>();
  for (const e of graph.edges.values()) {
    const source = drawnAs.get(e.from);
    const target = drawnAs.get(e.to);
    if (source === undefined || target === undefined) continue;
    const collapsedEnd = source.startsWith('d:') || target.startsWith('d:');
    if (!collapsedEnd) {
      edges.push({ id: edgeKey(e.id), source, target, kind: e.kind, provenance: e.provenance, edgeIds: [e.id] });
      continue;
    }
    if (source === target) continue; // inside one collapsed domain
    const key = `a:${source}\u0000${target}\u0000${e.kind}`;
    const existing = merged.get(key);
    if (existing) existing.edgeIds.push(e.id);
    else {
      const edge: VisEdge = { id: key, source, target, kind: e.kind, provenance: e.provenance, edgeIds: [e.id] };
      merged.set(key, edge);
      edges.push(edge);
    }
  }
  for (const e of merged.values()) if (e.edgeIds.length > 1) e.kind = `${e.kind} ×${e.edgeIds.length}`;

  for (const c of graph.capped.values()) {
    const anchor = drawnAs.get(c.nodeId);
    if (anchor === undefined || anchor.startsWith('d:')) continue;
    const id = `more:${c.nodeId}:${c.direction}`;
    nodes.push({ id, label: `+${c.hidden.toLocaleString('en-US')} more`, kind: 'more', nodeId: null, domain: null, deprecated: false, dangling: false, internal: false, members: 0, more: c });
    edges.push(c.direction === 'downstream' ? { id: `${id}:edge`, source: anchor, target: id, kind: '', provenance: '', edgeIds: [] } : { id: `${id}:edge`, source: id, target: anchor, kind: '', provenance: '', edgeIds: [] });
  }
  return { nodes, edges };
}

/** The domains present in what is loaded, with how many nodes each has. */
export function domainsIn(graph: LoadedGraph): Array<{ domain: string; count: number }> {
  const counts = new Map<string, number>();
  for (const n of graph.nodes.values()) {
    const d = domainOf(n);
    if (d !== null) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return [...counts].map(([domain, count]) => ({ domain, count })).sort((a, b) => (a.domain < b.domain ? -1 : 1));
}

/** Everything about a drawing that shows: equal signatures need no new layout or redraw. */
export function signature(g: VisGraph): string {
  const parts: string[] = [];
  for (const n of g.nodes) parts.push(`${n.id}\u0001${n.label}\u0001${n.deprecated ? 1 : 0}${n.dangling ? 1 : 0}${n.internal ? 1 : 0}`);
  for (const e of g.edges) parts.push(`${e.id}\u0001${e.source}\u0001${e.target}\u0001${e.kind}`);
  return parts.join('\u0002');
}
