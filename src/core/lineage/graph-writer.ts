// Records one snapshot's lineage: merges the facts of every source, upserts nodes and edges (stable ids per
// profile, first/last snapshot seen) and writes the snapshot's membership rows. Runs inside the sync's
// transaction, so a failed sync leaves no lineage behind.
import type { Db } from '../cache/open-cache.ts';
import type { EdgeSource, LineageFacts, LineageInput, NodeFact, Owner } from './model.ts';
import { nodeKey } from './model.ts';

export interface SourceOutcome {
  name: string;
  nodes: number;
  edges: number;
  error: string | null;
  note?: string;
}

interface MergedNode {
  fact: NodeFact;
  internal: boolean;
  dangling: boolean;
  attrs: Record<string, string>;
  owners: Owner[];
}

/** Runs every source; one that throws contributes nothing and its message is kept. */
export function collectFacts(sources: readonly EdgeSource[], input: LineageInput): { facts: LineageFacts[]; outcomes: SourceOutcome[] } {
  const facts: LineageFacts[] = [];
  const outcomes: SourceOutcome[] = [];
  for (const source of sources) {
    try {
      const f = source.infer(input);
      facts.push(f);
      outcomes.push({ name: source.name, nodes: f.nodes.length, edges: f.edges.length, error: null, ...(f.note ? { note: f.note } : {}) });
    } catch (error) {
      outcomes.push({ name: source.name, nodes: 0, edges: 0, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { facts, outcomes };
}

export function writeLineage(db: Db, profileId: string, snapshotId: number, all: readonly LineageFacts[], outcomes: readonly SourceOutcome[] = []): { nodes: number; edges: number } {
  const nodes = new Map<string, MergedNode>();
  for (const f of all) {
    for (const n of f.nodes) {
      const key = nodeKey(n);
      const seen = nodes.get(key);
      if (!seen) {
        nodes.set(key, { fact: n, internal: Boolean(n.internal), dangling: false, attrs: { ...n.attrs }, owners: [...(n.owners ?? [])] });
        continue;
      }
      seen.internal ||= Boolean(n.internal);
      Object.assign(seen.attrs, n.attrs);
      for (const o of n.owners ?? []) {
        if (!seen.owners.some((x) => x.team === o.team && x.contact === o.contact && x.product === o.product)) seen.owners.push(o);
      }
    }
  }
  // An edge may name a node no source reported (a deleted topic a group still has offsets on): keep the edge
  // and mark the node dangling, so no edge of a snapshot ever points outside it.
  for (const f of all) {
    for (const e of f.edges) {
      for (const end of [e.from, e.to]) {
        const key = nodeKey(end);
        if (!nodes.has(key)) nodes.set(key, { fact: end, internal: end.name.startsWith('_'), dangling: true, attrs: {}, owners: [] });
      }
    }
  }

  const upsertNode = db.prepare(
    `INSERT INTO lineage_nodes (profile_id, kind, name, internal, first_snapshot, last_snapshot) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (profile_id, kind, name) DO UPDATE SET internal = excluded.internal, last_snapshot = excluded.last_snapshot
     RETURNING id`,
  );
  const upsertEdge = db.prepare(
    `INSERT INTO lineage_edges (profile_id, kind, from_node, to_node, provenance, first_snapshot, last_snapshot) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (from_node, to_node, kind, provenance) DO UPDATE SET last_snapshot = excluded.last_snapshot
     RETURNING id`,
  );
  const memberNode = db.prepare('INSERT INTO lineage_snapshot_nodes (snapshot_id, node_id, dangling, attrs, owners) VALUES (?, ?, ?, ?, ?)');
  const memberEdge = db.prepare('INSERT INTO lineage_snapshot_edges (snapshot_id, edge_id, from_node, to_node, detail) VALUES (?, ?, ?, ?, ?)');

  const ids = new Map<string, number>();
  for (const [key, n] of nodes) {
    const id = (upsertNode.get(profileId, n.fact.kind, n.fact.name, n.internal ? 1 : 0, snapshotId, snapshotId) as { id: number }).id;
    ids.set(key, id);
    memberNode.run(snapshotId, id, n.dangling ? 1 : 0, JSON.stringify(n.attrs), JSON.stringify(n.owners));
  }
  const edges = new Map<string, { id: number; from: number; to: number; detail: Record<string, string> }>();
  for (const f of all) {
    for (const e of f.edges) {
      const from = ids.get(nodeKey(e.from))!;
      const to = ids.get(nodeKey(e.to))!;
      const key = `${from} ${to} ${e.kind} ${e.provenance}`;
      const seen = edges.get(key);
      if (seen) {
        Object.assign(seen.detail, e.detail);
        continue;
      }
      const id = (upsertEdge.get(profileId, e.kind, from, to, e.provenance, snapshotId, snapshotId) as { id: number }).id;
      edges.set(key, { id, from, to, detail: { ...e.detail } });
    }
  }
  for (const e of edges.values()) memberEdge.run(snapshotId, e.id, e.from, e.to, JSON.stringify(e.detail));
  db.prepare('INSERT INTO lineage_snapshots (snapshot_id, sources) VALUES (?, ?)').run(snapshotId, JSON.stringify(outcomes));
  return { nodes: nodes.size, edges: edges.size };
}
