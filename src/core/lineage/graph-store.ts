// Reads a snapshot's lineage graph back. Two ways of walking it, measured by bench/lineage.bench.ts:
// index lookups per node (`sqlAdjacency`, cost grows with the answer, nothing loaded up front) for the
// neighbourhood, and the whole snapshot loaded once into adjacency maps (`graph`, kept for the last few
// snapshots — they never change once written) for impact, path and export.
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
}

export interface SnapshotGraph extends Adjacency {
  nodes: Map<number, NodeRow>;
  edges: EdgeRow[];
}

export type NodeRefInput = { id: number } | { kind: LineageNodeKind; name: string };

const NODE_COLUMNS = 'n.id, n.kind, n.name, n.internal, m.dangling, m.attrs, m.owners, n.first_snapshot AS first, n.last_snapshot AS last';
const EDGE_COLUMNS = 'e.edge_id AS id, le.kind, e.from_node AS "from", e.to_node AS "to", le.provenance, e.detail, le.first_snapshot AS first, le.last_snapshot AS last';

export function toNode(r: NodeRow): LineageNode {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    internal: r.internal === 1,
    dangling: r.dangling === 1,
    attrs: JSON.parse(r.attrs) as Record<string, string>,
    owners: JSON.parse(r.owners) as LineageNode['owners'],
    firstSnapshotId: r.first,
    lastSnapshotId: r.last,
  };
}

export function toEdge(r: EdgeRow): LineageEdge {
  return { id: r.id, kind: r.kind, from: r.from, to: r.to, provenance: r.provenance, detail: JSON.parse(r.detail) as Record<string, string>, firstSnapshotId: r.first, lastSnapshotId: r.last };
}

/** A name as a message can quote it: names can be 10,000 characters long. */
export const quoteName = (name: string) => `"${name.length > 120 ? `${name.slice(0, 120)}…` : name}"`;

const GRAPHS_KEPT = 3;

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
    const graph: SnapshotGraph = { nodes, edges, node: (id) => nodes.get(id), outgoing: (id) => out.get(id) ?? none, incoming: (id) => inc.get(id) ?? none };
    this.graphs.set(snapshotId, graph);
    if (this.graphs.size > GRAPHS_KEPT) this.graphs.delete(this.graphs.keys().next().value!);
    return graph;
  }

  /** Index lookups per node, remembering the nodes it has met; for answers much smaller than the graph. */
  sqlAdjacency(snapshotId: number): Adjacency {
    const nodeCols = 'n.id AS n_id, n.kind AS n_kind, n.name AS n_name, n.internal AS n_internal, m.dangling AS n_dangling, m.attrs AS n_attrs, m.owners AS n_owners, n.first_snapshot AS n_first, n.last_snapshot AS n_last';
    const walk = (side: 'from_node' | 'to_node', other: 'from_node' | 'to_node') =>
      this.db.prepare(
        `SELECT ${EDGE_COLUMNS}, ${nodeCols}
         FROM lineage_snapshot_edges e
         JOIN lineage_edges le ON le.id = e.edge_id
         JOIN lineage_snapshot_nodes m ON m.snapshot_id = e.snapshot_id AND m.node_id = e.${other}
         JOIN lineage_nodes n ON n.id = e.${other}
         WHERE e.snapshot_id = ? AND e.${side} = ?`,
      );
    const outStmt = walk('from_node', 'to_node');
    const inStmt = walk('to_node', 'from_node');
    const nodeStmt = this.db.prepare(`SELECT ${NODE_COLUMNS} FROM lineage_snapshot_nodes m JOIN lineage_nodes n ON n.id = m.node_id WHERE m.snapshot_id = ? AND m.node_id = ?`);
    const met = new Map<number, NodeRow>();
    type Joined = EdgeRow & { n_id: number; n_kind: LineageNodeKind; n_name: string; n_internal: number; n_dangling: number; n_attrs: string; n_owners: string; n_first: number; n_last: number };
    const read = (stmt: typeof outStmt, id: number): EdgeRow[] =>
      (stmt.all(snapshotId, id) as Joined[]).map((r) => {
        if (!met.has(r.n_id)) met.set(r.n_id, { id: r.n_id, kind: r.n_kind, name: r.n_name, internal: r.n_internal, dangling: r.n_dangling, attrs: r.n_attrs, owners: r.n_owners, first: r.n_first, last: r.n_last });
        return { id: r.id, kind: r.kind, from: r.from, to: r.to, provenance: r.provenance, detail: r.detail, first: r.first, last: r.last };
      });
    return {
      node: (id) => {
        let row = met.get(id);
        if (!row) {
          row = nodeStmt.get(snapshotId, id) as NodeRow | undefined;
          if (row) met.set(id, row);
        }
        return row;
      },
      outgoing: (id) => read(outStmt, id),
      incoming: (id) => read(inStmt, id),
    };
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
