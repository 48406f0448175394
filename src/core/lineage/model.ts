// What inference produces and the graph writer stores: facts about nodes and edges named by kind and exact
// name. Every EdgeSource turns one sync's reading (and, if it must, what the cache already holds) into facts.
import type { Db } from '../cache/open-cache.ts';
import type { SyncReading } from '../catalog/snapshots.ts';
import type { LineageEdgeKind, LineageNodeKind, LineageProvenance } from '../contract.ts';

export type { LineageEdgeKind, LineageNodeKind, LineageProvenance };

export interface NodeRef {
  kind: LineageNodeKind;
  name: string;
}

export interface Owner {
  team: string;
  contact: string;
  product: string;
}

export interface NodeFact extends NodeRef {
  internal?: boolean;
  attrs?: Record<string, string>;
  owners?: Owner[];
}

export interface EdgeFact {
  kind: LineageEdgeKind;
  from: NodeRef;
  to: NodeRef;
  provenance: LineageProvenance;
  detail?: Record<string, string>;
}

export interface LineageFacts {
  nodes: NodeFact[];
  edges: EdgeFact[];
  /** Something the user should know about this source's snapshot, e.g. "the cluster has no authorizer". */
  note?: string;
}

export interface LineageInput {
  profileId: string;
  snapshotId: number;
  reading: SyncReading;
  /** The cache inside the sync's transaction: this snapshot's catalog rows are already written. */
  db: Db;
}

/** One way of inferring lineage. It must not write; a source that throws is skipped and its error recorded. */
export interface EdgeSource {
  name: string;
  infer(input: LineageInput): LineageFacts;
}

export const nodeKey = (ref: NodeRef): string => `${ref.kind}\u0000${ref.name}`;

export const emptyFacts = (): LineageFacts => ({ nodes: [], edges: [] });
