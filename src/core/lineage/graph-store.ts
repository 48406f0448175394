// Reads a snapshot's lineage graph back. Two ways of walking it, measured by bench/lineage.bench.ts: the
// whole snapshot loaded once into adjacency maps (`graph`, kept for the last few snapshots — they never
// change once written), about 100× faster per step, for impact, path, export and any walk once loaded; and
// index lookups per node (`sqlAdjacency`, nothing loaded up front) for a neighbourhood asked of a snapshot
// not loaded yet. A recursive CTE was measured too and loses to both (see the benchmark's peer row).
import type { Db } from '../cache/open-cache.ts';
import type { LineageEdge, LineageNode, SnapshotInfo } from '../contract.ts';
import { TributaryError } from '../errors.ts';
import type { LineageNodeKind } from './model.ts';
import type { SourceOutcome } from './graph-writer.ts';

export interface NodeRow {
  id: number;
  kind: LineageNodeKind;
  name: string;
  internal: number;
  dangling: number;
  attrs: string;
  owners: string;
  first: number;
  last: number;
}

export interface EdgeRow {
  id: number;
  kind: LineageEdge['kind'];
  from: number;
  to: number;
  provenance: LineageEdge['provenance'];
  detail: string;
  first: number;
  last: number;
}

/** What the walks need of a graph, whichever way it is stored. */
export interface Adjacency {
  node(id: number): NodeRow | undefined;
  outgoing(id: number): readonly EdgeRow[];
  incoming(id: number): readonly EdgeRow[];
  /** The first `limit` of these nodes in kind-then-name order, where the graph can do it faster than comparing names. */
  inKindNameOrder?(ids: readonly number[], limit?: number): NodeRow[];
}

export interface SnapshotGraph extends Adjacency {
  nodes: Map<number, NodeRow>;
  edges: EdgeRow[];
  /**
   * These nodes in kind-then-name order (the first `limit` of them). Each node's place in that order is worked
   * out once per loaded snapshot, so a 30,000-node list sorts as numbers instead of comparing names.
   */
  inKindNameOrder(ids: readonly number[], limit?: number): NodeRow[];
  /**
   * An edge's answer, built once while the graph is kept (answers never change an edge): an impact that
   * reaches 60,000 edges does not build them all again on every call.
   */
  edgeView(e: EdgeRow): LineageEdge;
}

export type NodeRefInput = { id: number } | { kind: LineageNodeKind; name: string };

const NODE_COLUMNS = 'n.id, n.kind, n.name, n.internal, m.dangling, m.attrs, m.owners, n.first_snapshot AS first, n.last_snapshot AS last';
const EDGE_COLUMNS = 'e.edge_id AS id, le.kind, e.from_node AS "from", e.to_node AS "to", le.provenance, e.detail, le.first_snapshot AS first, le.last_snapshot AS last';

// Most nodes have no owners and many rows no attributes or detail: skipping JSON.parse for those is a
// measurable share of a 30,000-node impact answer (bench/lineage.bench.ts).
const parseObject = (json: string): Record<string, string> => (json === '{}' ? {} : (JSON.parse(json) as Record<string, string>));
const parseOwners = (json: string): LineageNode['owners'] => (json === '[]' ? [] : (JSON.parse(json) as LineageNode['owners']));

export function toNode(r: NodeRow): LineageNode {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    internal: r.internal === 1,
    dangling: r.dangling === 1,
    attrs: parseObject(r.attrs),
    owners: parseOwners(r.owners),
    firstSnapshotId: r.first,
    lastSnapshotId: r.last,
  };
}

/** toNode with the hop count, built as one object (a spread of toNode's answer costs as much again). */
export function toNodeAtDepth(r: NodeRow, depth: number): LineageNode & { depth: number } {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    internal: r.internal === 1,
    dangling: r.dangling === 1,
    attrs: parseObject(r.attrs),
    owners: parseOwners(r.owners),
    firstSnapshotId: r.first,
    lastSnapshotId: r.last,
    depth,
  };
}

export function toEdge(r: EdgeRow): LineageEdge {
  return { id: r.id, kind: r.kind, from: r.from, to: r.to, provenance: r.provenance, detail: parseObject(r.detail), firstSnapshotId: r.first, lastSnapshotId: r.last };
}

/** Kind, then name, then id: the order every lineage list is shown in. */
export const byKindThenName = (a: NodeRow, b: NodeRow) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id);

/** A name as a message can quote it: names can be 10,000 characters long. */
export const quoteName = (name: string) => `"${name.length > 120 ? `${name.slice(0, 120)}…` : name}"`;

const GRAPHS_KEPT = 3;
/** More edges than this at a node and a walk around it loads the whole snapshot (adjacencyAround). */
const HUB_DEGREE = 1_000;

export class LineageStore {
  private readonly db: Db;
  private readonly graphs = new Map<number, SnapshotGraph>();
  constructor(db: Db) {
    this.db = db;
  }

  /** Fails with a message a user can act on when the snapshot predates lineage. */
  ensureRecorded(snapshot: SnapshotInfo): void {
    if (!this.db.prepare('SELECT 1 FROM lineage_snapshots WHERE snapshot_id = ?').get(snapshot.id)) {
      throw new TributaryError('NotFound', `The snapshot taken ${snapshot.takenAt} was synced before lineage was recorded — sync again to see lineage`);
    }
  }

  sources(snapshotId: number): SourceOutcome[] {
    const json = this.db.prepare('SELECT sources FROM lineage_snapshots WHERE snapshot_id = ?').pluck().get(snapshotId) as string | undefined;
    return json ? (JSON.parse(json) as SourceOutcome[]) : [];
  }

  resolve(snapshot: SnapshotInfo, ref: NodeRefInput): NodeRow {
    const row =
      'id' in ref
        ? (this.db.prepare(`SELECT ${NODE_COLUMNS} FROM lineage_snapshot_nodes m JOIN lineage_nodes n ON n.id = m.node_id WHERE m.snapshot_id = ? AND m.node_id = ?`).get(snapshot.id, ref.id) as NodeRow | undefined)
        : (this.db
            .prepare(`SELECT ${NODE_COLUMNS} FROM lineage_nodes n JOIN lineage_snapshot_nodes m ON m.node_id = n.id AND m.snapshot_id = ? WHERE n.profile_id = ? AND n.kind = ? AND n.name = ?`)
            .get(snapshot.id, snapshot.profileId, ref.kind, ref.name) as NodeRow | undefined);
    if (!row) {
      const what = 'id' in ref ? `Node ${ref.id}` : `The ${ref.kind} ${quoteName(ref.name)}`;
      throw new TributaryError('NotFound', `${what} is not in the lineage of the snapshot taken ${snapshot.takenAt}; pick another snapshot or sync again`);
    }
    return row;
  }

  nodesByIds(snapshotId: number, ids: readonly number[]): NodeRow[] {
    if (ids.length === 0) return [];
    return this.db.prepare(`SELECT ${NODE_COLUMNS} FROM lineage_snapshot_nodes m JOIN lineage_nodes n ON n.id = m.node_id WHERE m.snapshot_id = ? AND m.node_id IN (SELECT value FROM json_each(?)) ORDER BY n.id`).all(snapshotId, JSON.stringify(ids)) as NodeRow[];
  }

  edgesByIds(snapshotId: number, ids: readonly number[]): EdgeRow[] {
    if (ids.length === 0) return [];
    return this.db.prepare(`SELECT ${EDGE_COLUMNS} FROM lineage_snapshot_edges e JOIN lineage_edges le ON le.id = e.edge_id WHERE e.snapshot_id = ? AND e.edge_id IN (SELECT value FROM json_each(?)) ORDER BY e.edge_id`).all(snapshotId, JSON.stringify(ids)) as EdgeRow[];
  }

  /** The whole snapshot as adjacency maps, loaded once and kept for the last few snapshots asked about. */
  graph(snapshotId: number): SnapshotGraph {
    const kept = this.graphs.get(snapshotId);
    if (kept) {
      this.graphs.delete(snapshotId);
      this.graphs.set(snapshotId, kept);
      return kept;
    }
    const nodes = new Map<number, NodeRow>();
    for (const r of this.db.prepare(`SELECT ${NODE_COLUMNS} FROM lineage_snapshot_nodes m JOIN lineage_nodes n ON n.id = m.node_id WHERE m.snapshot_id = ?`).iterate(snapshotId) as IterableIterator<NodeRow>) nodes.set(r.id, r);
    const out = new Map<number, EdgeRow[]>();
    const inc = new Map<number, EdgeRow[]>();
    const edges: EdgeRow[] = [];
    for (const e of this.db.prepare(`SELECT ${EDGE_COLUMNS} FROM lineage_snapshot_edges e JOIN lineage_edges le ON le.id = e.edge_id WHERE e.snapshot_id = ?`).iterate(snapshotId) as IterableIterator<EdgeRow>) {
      if (!nodes.has(e.from) || !nodes.has(e.to)) continue; // never written so, but a walk must not leave the graph
      edges.push(e);
      (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e);
      (inc.get(e.to) ?? inc.set(e.to, []).get(e.to)!).push(e);
    }
    const none: EdgeRow[] = [];
    let ordered: NodeRow[] | undefined;
    let ranks: Map<number, number> | undefined;
    const inKindNameOrder = (ids: readonly number[], limit = ids.length) => {
      if (!ordered || !ranks) {
        const sorted = [...nodes.values()].sort(byKindThenName);
        ranks = new Map(sorted.map((n, i) => [n.id, i]));
        ordered = sorted;
      }
      const at = ranks;
      const inOrder = ordered;
      return Array.from(Int32Array.from(ids, (id) => at.get(id)!).sort().subarray(0, limit), (r) => inOrder[r]!);
    };
    const views = new Map<number, LineageEdge>();
    const edgeView = (e: EdgeRow) => {
      let view = views.get(e.id);
      if (!view) views.set(e.id, (view = toEdge(e)));
      return view;
    };
    const graph: SnapshotGraph = { nodes, edges, inKindNameOrder, edgeView, node: (id) => nodes.get(id), outgoing: (id) => out.get(id) ?? none, incoming: (id) => inc.get(id) ?? none };
    this.graphs.set(snapshotId, graph);
    if (this.graphs.size > GRAPHS_KEPT) this.graphs.delete(this.graphs.keys().next().value!);
    return graph;
  }

  /** The loaded graph if a recent call already loaded this snapshot; loading it is not worth one small walk. */
  cachedGraph(snapshotId: number): SnapshotGraph | undefined {
    return this.graphs.get(snapshotId);
  }

  /** How many edges start or end at a node in a snapshot (two index range counts). */
  degree(snapshotId: number, nodeId: number): number {
    const out = this.db.prepare('SELECT count(*) FROM lineage_snapshot_edges INDEXED BY lineage_snapshot_edges_out WHERE snapshot_id = ? AND from_node = ?').pluck().get(snapshotId, nodeId) as number;
    const inc = this.db.prepare('SELECT count(*) FROM lineage_snapshot_edges INDEXED BY lineage_snapshot_edges_in WHERE snapshot_id = ? AND to_node = ?').pluck().get(snapshotId, nodeId) as number;
    return out + inc;
  }

  /**
   * The graph to walk a few hops around a node with: the loaded snapshot when a call already loaded it; else
   * index lookups, well under a millisecond for most nodes without loading anything — but a hub's thousands of
   * neighbours are cheaper to rank from the loaded snapshot (loaded once, then kept).
   */
  adjacencyAround(snapshotId: number, nodeId: number): Adjacency {
    return this.cachedGraph(snapshotId) ?? (this.degree(snapshotId, nodeId) > HUB_DEGREE ? this.graph(snapshotId) : this.sqlAdjacency(snapshotId));
  }

  /**
   * Index lookups per node, remembering the nodes and edges it has met; for answers much smaller than the
   * graph. Each lookup is its own single-table statement, so every one of them is an index search.
   */
  sqlAdjacency(snapshotId: number): Adjacency {
    // Without INDEXED BY the planner (no statistics) walks the primary key over the whole snapshot: ms, not µs.
    const outStmt = this.db.prepare('SELECT edge_id, from_node, to_node, detail FROM lineage_snapshot_edges INDEXED BY lineage_snapshot_edges_out WHERE snapshot_id = ? AND from_node = ?');
    const inStmt = this.db.prepare('SELECT edge_id, from_node, to_node, detail FROM lineage_snapshot_edges INDEXED BY lineage_snapshot_edges_in WHERE snapshot_id = ? AND to_node = ?');
    const edgeStmt = this.db.prepare('SELECT kind, provenance, first_snapshot AS first, last_snapshot AS last FROM lineage_edges WHERE id = ?');
    const nodeStmt = this.db.prepare(`SELECT ${NODE_COLUMNS} FROM lineage_snapshot_nodes m JOIN lineage_nodes n ON n.id = m.node_id WHERE m.snapshot_id = ? AND m.node_id = ?`);
    const nodes = new Map<number, NodeRow | undefined>();
    const edges = new Map<number, EdgeRow>();
    const node = (id: number) => {
      if (!nodes.has(id)) nodes.set(id, nodeStmt.get(snapshotId, id) as NodeRow | undefined);
      return nodes.get(id);
    };
    const nodesIn = this.db.prepare(`SELECT ${NODE_COLUMNS} FROM lineage_snapshot_nodes m JOIN lineage_nodes n ON n.id = m.node_id WHERE m.snapshot_id = ? AND m.node_id IN (SELECT value FROM json_each(?))`);
    const edgesIn = this.db.prepare('SELECT id, kind, provenance, first_snapshot AS first, last_snapshot AS last FROM lineage_edges WHERE id IN (SELECT value FROM json_each(?))');
    const read = (stmt: typeof outStmt, id: number, other: 'from' | 'to'): EdgeRow[] => {
      const found: EdgeRow[] = [];
      const rows = stmt.all(snapshotId, id) as Array<{ edge_id: number; from_node: number; to_node: number; detail: string }>;
      if (rows.length > 32) {
        // a hub: one statement for all its neighbours and edges instead of one per row
        const unknown = rows.map((r) => (other === 'to' ? r.to_node : r.from_node)).filter((n) => !nodes.has(n));
        for (const n of unknown) nodes.set(n, undefined);
        for (const n of nodesIn.all(snapshotId, JSON.stringify(unknown)) as NodeRow[]) nodes.set(n.id, n);
        const meta = new Map((edgesIn.all(JSON.stringify(rows.filter((r) => !edges.has(r.edge_id)).map((r) => r.edge_id))) as Array<Pick<EdgeRow, 'id' | 'kind' | 'provenance' | 'first' | 'last'>>).map((m) => [m.id, m]));
        for (const r of rows) if (meta.has(r.edge_id)) edges.set(r.edge_id, { ...meta.get(r.edge_id)!, from: r.from_node, to: r.to_node, detail: r.detail });
      }
      for (const r of rows) {
        if (!node(other === 'to' ? r.to_node : r.from_node)) continue; // an orphan: its node is not in the snapshot
        let e = edges.get(r.edge_id);
        if (!e) {
          const meta = edgeStmt.get(r.edge_id) as Pick<EdgeRow, 'kind' | 'provenance' | 'first' | 'last'>;
          e = { id: r.edge_id, from: r.from_node, to: r.to_node, detail: r.detail, ...meta };
          edges.set(e.id, e);
        }
        found.push(e);
      }
      return found;
    };
    return { node, outgoing: (id) => read(outStmt, id, 'to'), incoming: (id) => read(inStmt, id, 'from') };
  }

  search(snapshotId: number, q: string, kinds: readonly string[] | undefined, hideInternal: boolean, limit: number): NodeRow[] {
    return this.db
      .prepare(
        `SELECT ${NODE_COLUMNS} FROM lineage_snapshot_nodes m JOIN lineage_nodes n ON n.id = m.node_id
         WHERE m.snapshot_id = @snapshotId AND instr(lower(n.name), lower(@q)) > 0
           AND (@kinds IS NULL OR n.kind IN (SELECT value FROM json_each(@kinds))) AND (@hideInternal = 0 OR n.internal = 0)
         ORDER BY lower(n.name) = lower(@q) DESC, instr(lower(n.name), lower(@q)) = 1 DESC, length(n.name), n.name, n.id
         LIMIT @limit`,
      )
      .all({ snapshotId, q, kinds: kinds ? JSON.stringify(kinds) : null, hideInternal: hideInternal ? 1 : 0, limit }) as NodeRow[];
  }

  /** Node and edge ids in one snapshot and not the other. */
  difference(snapshotId: number, baseId: number | null) {
    const nodes = (a: number, b: number | null) => this.db.prepare('SELECT node_id FROM lineage_snapshot_nodes WHERE snapshot_id = ? EXCEPT SELECT node_id FROM lineage_snapshot_nodes WHERE snapshot_id = ?').pluck().all(a, b ?? -1) as number[];
    const edges = (a: number, b: number | null) => this.db.prepare('SELECT edge_id FROM lineage_snapshot_edges WHERE snapshot_id = ? EXCEPT SELECT edge_id FROM lineage_snapshot_edges WHERE snapshot_id = ?').pluck().all(a, b ?? -1) as number[];
    return {
      addedNodes: nodes(snapshotId, baseId),
      removedNodes: baseId === null ? [] : nodes(baseId, snapshotId),
      addedEdges: edges(snapshotId, baseId),
      removedEdges: baseId === null ? [] : edges(baseId, snapshotId),
    };
  }

  /** The snapshot of this profile just before the given one, if any. */
  previousSnapshotId(profileId: string, snapshotId: number): number | null {
    return (this.db.prepare('SELECT max(id) FROM snapshots WHERE profile_id = ? AND id < ?').pluck().get(profileId, snapshotId) as number | null) ?? null;
  }

  /** Edges of the profile between two nodes (any snapshot), optionally of one kind. */
  edgeIdsBetween(from: number, to: number, kind: string | undefined): number[] {
    return this.db.prepare('SELECT id FROM lineage_edges WHERE from_node = @from AND to_node = @to AND (@kind IS NULL OR kind = @kind) ORDER BY id').pluck().all({ from, to, kind: kind ?? null }) as number[];
  }

  /** For each edge: every snapshot of the profile that recorded lineage, and whether the edge was in it. */
  timeline(profileId: string, edgeIds: readonly number[]) {
    const snapshots = this.db.prepare('SELECT s.id, s.taken_at FROM snapshots s JOIN lineage_snapshots l ON l.snapshot_id = s.id WHERE s.profile_id = ? ORDER BY s.id').all(profileId) as Array<{ id: number; taken_at: string }>;
    const present = this.db.prepare('SELECT snapshot_id FROM lineage_snapshot_edges WHERE edge_id = ?').pluck();
    return edgeIds.map((edgeId) => {
      const seen = new Set(present.all(edgeId) as number[]);
      return { edgeId, newestSeen: Math.max(-1, ...seen), timeline: snapshots.map((s) => ({ snapshotId: s.id, takenAt: s.taken_at, present: seen.has(s.id) })) };
    });
  }

  /** The node row of a profile's node regardless of snapshot (for nodes whose snapshot membership is gone). */
  nodeAnySnapshot(nodeId: number): NodeRow | undefined {
    return this.db.prepare(`SELECT ${NODE_COLUMNS} FROM lineage_nodes n JOIN lineage_snapshot_nodes m ON m.node_id = n.id WHERE n.id = ? ORDER BY m.snapshot_id DESC LIMIT 1`).get(nodeId) as NodeRow | undefined;
  }
}
