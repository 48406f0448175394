// The lineage calls of the contract. Each sync records its snapshot's graph (registered here with
// snapshots.onWrite, inside the sync's transaction); every call answers from one snapshot and says which.
import type { LineageEdge, LineageNode, SnapshotInfo } from '../contract.ts';
import type { EngineContext, RoomHandlers } from '../engine-context.ts';
import { TributaryError } from '../errors.ts';
import { edgeSources } from './edge-sources.ts';
import { exportMeta, impactCsv, toDot, toGraphml, toJson } from './export-graph.ts';
import { LineageStore, quoteName, toEdge, toNode, toNodeAtDepth, type NodeRow, type SnapshotGraph } from './graph-store.ts';
import { collectFacts, writeLineage } from './graph-writer.ts';
import { impact, neighbourhood, shortestPath } from './graph-queries.ts';

type Calls = 'lineage.neighbourhood' | 'lineage.search' | 'lineage.impact' | 'lineage.path' | 'lineage.diff' | 'lineage.edgeTimeline' | 'lineage.export' | 'lineage.graph';

const describe = (n: NodeRow) => `${n.kind} ${quoteName(n.name)}`;

/** The impact list's order. The walk is breadth-first, so depth never falls: only each layer is sorted. */
function byDepthKindName(graph: SnapshotGraph, depth: ReadonlyMap<number, number>): Array<[NodeRow, number]> {
  const out: Array<[NodeRow, number]> = [];
  let layer: number[] = [];
  let at = -1;
  const flush = () => {
    for (const row of graph.inKindNameOrder(layer)) out.push([row, at]);
    layer = [];
  };
  for (const [id, d] of depth) {
    if (d !== at) {
      flush();
      at = d;
    }
    layer.push(id);
  }
  flush();
  return out;
}

export function lineageHandlers(ctx: EngineContext): RoomHandlers<Calls> {
  const { db, profiles, snapshots, latestOrExplain } = ctx;
  const store = new LineageStore(db);
  const sources = edgeSources(ctx);
  snapshots.onWrite((profileId, snapshotId, reading) => {
    const { facts, outcomes } = collectFacts(sources, { profileId, snapshotId, reading, db });
    writeLineage(db, profileId, snapshotId, facts, outcomes);
  });

  /** The asked-for snapshot of this profile (default its newest), with lineage recorded. */
  const snapshotOf = (profileId: string, snapshotId: number | undefined): SnapshotInfo => {
    const profile = profiles.get(profileId);
    const snapshot = snapshotId === undefined ? latestOrExplain(profileId) : snapshots.get(snapshotId);
    if (snapshot.profileId !== profile.id) throw new TributaryError('NotFound', `Snapshot ${snapshotId} belongs to another connection, not "${profile.name}"`);
    store.ensureRecorded(snapshot);
    return snapshot;
  };
  const keep = (hideInternal: boolean) => (n: NodeRow) => !hideInternal || n.internal === 0;

  return {
    'lineage.neighbourhood': async ({ profileId, snapshotId, node, upstream, downstream, kinds, hideInternal, neighbourCap }) => {
      const snapshot = snapshotOf(profileId, snapshotId);
      const center = store.resolve(snapshot, node);
      const graph = store.adjacencyAround(snapshot.id, center.id);
      const walk = neighbourhood(graph, center.id, { upstream, downstream, kinds, hideInternal, neighbourCap });
      return {
        snapshot,
        center: center.id,
        nodes: [...walk.reached].map(([id, sides]) => ({ ...toNode(graph.node(id)!), ...sides })),
        edges: [...walk.edges.values()].map(toEdge),
        capped: walk.capped,
      };
    },
    'lineage.search': async ({ profileId, snapshotId, q, kinds, hideInternal, limit }) => {
      const snapshot = snapshotOf(profileId, snapshotId);
      return { snapshot, nodes: store.search(snapshot.id, q, kinds, hideInternal, limit).map(toNode) };
    },
    'lineage.impact': async ({ profileId, snapshotId, node, maxDepth, hideInternal }) => {
      const snapshot = snapshotOf(profileId, snapshotId);
      const root = store.resolve(snapshot, node);
      const graph = store.graph(snapshot.id);
      const walk = impact(graph, root.id, { maxDepth, hideInternal });
      const nodes = byDepthKindName(graph, walk.depth).map(([row, depth]) => toNodeAtDepth(row, depth));
      return { snapshot, root: toNode(root), nodes, edges: walk.edges.map(graph.edgeView), truncated: walk.truncated, csv: impactCsv(nodes) };
    },
    'lineage.path': async ({ profileId, snapshotId, from, to, hideInternal }) => {
      const snapshot = snapshotOf(profileId, snapshotId);
      const a = store.resolve(snapshot, from);
      const b = store.resolve(snapshot, to);
      const graph = store.graph(snapshot.id);
      const path = shortestPath(graph, a.id, b.id, { hideInternal });
      if (path === null) {
        const back = shortestPath(graph, b.id, a.id, { hideInternal });
        const hint = back ? ` (there is one the other way, from the ${describe(b)} to the ${describe(a)}, ${back.length} hop${back.length === 1 ? '' : 's'})` : '';
        return { snapshot, found: false, message: `No path: nothing flows from the ${describe(a)} to the ${describe(b)} in the snapshot taken ${snapshot.takenAt}${hint}`, nodes: [], edges: [] };
      }
      const ids = [a.id, ...path.map((e) => e.to)];
      return {
        snapshot,
        found: true,
        message: path.length === 0 ? `The ${describe(a)} is both ends of the path` : `${path.length} hop${path.length === 1 ? '' : 's'} from the ${describe(a)} to the ${describe(b)}`,
        nodes: ids.map((id) => toNode(graph.node(id)!)),
        edges: path.map(toEdge),
      };
    },
    'lineage.diff': async ({ profileId, snapshotId, baseSnapshotId }) => {
      const snapshot = snapshotOf(profileId, snapshotId);
      const baseId = baseSnapshotId ?? store.previousSnapshotId(profileId, snapshot.id);
      const base = baseId === null ? null : snapshotOf(profileId, baseId);
      const d = store.difference(snapshot.id, base?.id ?? null);
      const addedEdges = store.edgesByIds(snapshot.id, d.addedEdges).map(toEdge);
      const removedEdges = base ? store.edgesByIds(base.id, d.removedEdges).map(toEdge) : [];
      const listed = new Set([...d.addedNodes, ...d.removedNodes]);
      const ends = [...new Set([...addedEdges, ...removedEdges].flatMap((e) => [e.from, e.to]))].filter((id) => !listed.has(id));
      const endRows = new Map(store.nodesByIds(snapshot.id, ends).map((r) => [r.id, r]));
      if (base) for (const r of store.nodesByIds(base.id, ends.filter((id) => !endRows.has(id)))) endRows.set(r.id, r);
      return {
        snapshot,
        base,
        addedNodes: store.nodesByIds(snapshot.id, d.addedNodes).map(toNode),
        removedNodes: base ? store.nodesByIds(base.id, d.removedNodes).map(toNode) : [],
        addedEdges,
        removedEdges,
        endpoints: [...endRows.values()].map(toNode),
      };
    },
    'lineage.edgeTimeline': async ({ profileId, snapshotId, edge }) => {
      const snapshot = snapshotOf(profileId, snapshotId);
      let ids: number[];
      if ('id' in edge) {
        ids = [edge.id];
      } else {
        const from = store.resolve(snapshot, edge.from);
        const to = store.resolve(snapshot, edge.to);
        ids = store.edgeIdsBetween(from.id, to.id, edge.kind);
        if (ids.length === 0) throw new TributaryError('NotFound', `No ${edge.kind ?? ''} edge from the ${describe(from)} to the ${describe(to)} was ever recorded`.replace('No  edge', 'No edge'));
      }
      const edges = store.timeline(profileId, ids).map((t) => {
        const row = t.newestSeen < 0 ? undefined : store.edgesByIds(t.newestSeen, [t.edgeId])[0];
        if (!row) throw new TributaryError('NotFound', `Edge ${t.edgeId} is not in any snapshot of "${profiles.get(profileId).name}"`);
        return { edge: toEdge(row), timeline: t.timeline };
      });
      return { snapshot, edges };
    },
    'lineage.export': async ({ profileId, snapshotId, format, nodeIds, hideInternal }) => {
      const snapshot = snapshotOf(profileId, snapshotId);
      const graph = store.graph(snapshot.id);
      const wanted = nodeIds ? new Set(nodeIds) : null;
      const shown = keep(hideInternal);
      const rows = [...graph.nodes.values()].filter((n) => (wanted === null || wanted.has(n.id)) && shown(n));
      const ids = new Set(rows.map((n) => n.id));
      const nodes: LineageNode[] = rows.map(toNode);
      const edges: LineageEdge[] = graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to)).map(toEdge);
      const title = `lineage of ${profiles.get(profileId).name} at ${snapshot.takenAt}`;
      const text = format === 'json' ? toJson(nodes, edges, { profileId, snapshot }) : format === 'dot' ? toDot(nodes, edges, title) : toGraphml(nodes, edges);
      const stamp = snapshot.takenAt.replace(/[:.]/g, '-');
      return { snapshot, format, fileName: `lineage-${profileId}-${stamp}.${exportMeta[format].extension}`, mimeType: exportMeta[format].mimeType, text, nodeCount: nodes.length, edgeCount: edges.length };
    },
    'lineage.graph': async ({ profileId, snapshotId, hideInternal }) => {
      const snapshot = snapshotOf(profileId, snapshotId);
      const graph = store.graph(snapshot.id);
      const shown = keep(hideInternal);
      const nodes = [...graph.nodes.values()].filter(shown);
      const ids = new Set(nodes.map((n) => n.id));
      return { snapshot, nodes: nodes.map(toNode), edges: graph.edges.filter((e) => ids.has(e.from) && ids.has(e.to)).map(toEdge), sources: store.sources(snapshot.id) };
    },
  };
}
