import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handMadeLineage, type HandMadeLineage } from './hand-made-lineage.ts';
import { LineageStore } from './graph-store.ts';
import { neighbourhood } from './graph-queries.ts';
import type { EdgeFact, LineageFacts, NodeFact, NodeRef } from './model.ts';
import type { LineageEdgeKind, LineageNodeKind } from '../contract.ts';

const t = (name: string): NodeRef => ({ kind: 'topic', name });
const g = (name: string): NodeRef => ({ kind: 'group', name });
const q = (name: string): NodeRef => ({ kind: 'ksql-query', name });
const edge = (kind: LineageEdgeKind, from: NodeRef, to: NodeRef): EdgeFact => ({ kind, from, to, provenance: kind === 'consumes' && to.kind === 'group' ? 'consumer-offsets' : kind === 'sinks-to' || to.kind === 'connector' ? 'connect' : 'ksqldb' });
const nodesOf = (edges: EdgeFact[], extra: NodeFact[] = []): NodeFact[] => {
  const seen = new Map<string, NodeFact>();
  for (const n of [...extra, ...edges.flatMap((e) => [e.from, e.to])]) if (!seen.has(`${n.kind}:${n.name}`)) seen.set(`${n.kind}:${n.name}`, n);
  return [...seen.values()];
};

// a → q → b → g2, a → g1, a → c → file:/x, and a cycle back b → q2 → a; s ⇄ q3 is a self-feeding query.
const pipeline: EdgeFact[] = [
  edge('consumes', t('a'), g('g1')),
  edge('consumes', t('a'), { kind: 'connector', name: 'c' }),
  edge('sinks-to', { kind: 'connector', name: 'c' }, { kind: 'external', name: 'file:/x' }),
  edge('consumes', t('a'), q('q')),
  edge('derives', q('q'), t('b')),
  edge('consumes', t('b'), g('g2')),
  edge('consumes', t('b'), q('q2')),
  edge('derives', q('q2'), t('a')),
  edge('consumes', t('s'), q('q3')),
  edge('derives', q('q3'), t('s')),
];
const facts = (edges: EdgeFact[], extra: NodeFact[] = []): LineageFacts => ({ nodes: nodesOf(edges, extra), edges });

let lineage: HandMadeLineage;
beforeEach(() => {
  lineage = handMadeLineage();
});
afterEach(() => lineage.close());

const names = (nodes: Array<{ kind: LineageNodeKind; name: string }>) => nodes.map((n) => `${n.kind}:${n.name}`).sort();

describe('impact analysis', () => {
  it('lists everything transitively downstream with its fewest hops, through a cycle back to the root', async () => {
    lineage.sync(facts(pipeline));
    const result = await lineage.call('lineage.impact', { profileId: lineage.profileId, node: t('a') });
    expect(Object.fromEntries(result.nodes.map((n) => [`${n.kind}:${n.name}`, n.depth]))).toEqual({
      'group:g1': 1,
      'connector:c': 1,
      'ksql-query:q': 1,
      'external:file:/x': 2,
      'topic:b': 2,
      'group:g2': 3,
      'ksql-query:q2': 3,
    });
    expect(result.truncated).toBe(false);
    // the edge closing the cycle is part of the impact graph, and the root is not listed as its own consumer
    const q2 = result.nodes.find((n) => n.name === 'q2')!;
    expect(result.edges.some((e) => e.from === q2.id && e.to === result.root.id)).toBe(true);
    expect(result.csv.split('\r\n')[0]).toBe('depth,kind,name,owners,contacts');
    expect(result.csv.split('\r\n').filter(Boolean)).toHaveLength(8);
  });

  it('stops at maxDepth and says the list is truncated', async () => {
    lineage.sync(facts(pipeline));
    const result = await lineage.call('lineage.impact', { profileId: lineage.profileId, node: t('a'), maxDepth: 1 });
    expect(names(result.nodes)).toEqual(['connector:c', 'group:g1', 'ksql-query:q']);
    expect(result.truncated).toBe(true);
  });

  it('treats a query that reads and writes the same topic as one node downstream of it', async () => {
    lineage.sync(facts(pipeline));
    const result = await lineage.call('lineage.impact', { profileId: lineage.profileId, node: t('s') });
    expect(result.nodes.map((n) => [n.name, n.depth])).toEqual([['q3', 1]]);
    expect(result.edges.map((e) => e.kind).sort()).toEqual(['consumes', 'derives']);
  });

  it('carries the owners a product descriptor names, into the node and the CSV', async () => {
    lineage.sync(facts(pipeline, [{ ...g('g1'), owners: [{ team: 'Payments', contact: 'pay@example.com', product: 'payments.ledger' }] }]));
    const result = await lineage.call('lineage.impact', { profileId: lineage.profileId, node: t('a') });
    expect(result.nodes.find((n) => n.name === 'g1')!.owners).toEqual([{ team: 'Payments', contact: 'pay@example.com', product: 'payments.ledger' }]);
    expect(result.nodes.find((n) => n.name === 'g2')!.owners).toEqual([]);
    expect(result.csv).toContain('1,group,g1,Payments,pay@example.com');
  });
});

describe('path between two nodes', () => {
  it('finds the shortest directed path in order', async () => {
    lineage.sync(facts(pipeline));
    const result = await lineage.call('lineage.path', { profileId: lineage.profileId, from: t('a'), to: g('g2') });
    expect(result.found).toBe(true);
    expect(result.nodes.map((n) => n.name)).toEqual(['a', 'q', 'b', 'g2']);
    expect(result.edges.map((e) => e.kind)).toEqual(['consumes', 'derives', 'consumes']);
    expect(result.message).toBe('3 hops from the topic "a" to the group "g2"');
  });

  it('says "no path" plainly and points at the path the other way', async () => {
    lineage.sync(facts(pipeline));
    const back = await lineage.call('lineage.path', { profileId: lineage.profileId, from: g('g2'), to: t('a') });
    expect(back).toMatchObject({ found: false, nodes: [], edges: [] });
    expect(back.message).toMatch(/^No path: nothing flows from the group "g2" to the topic "a" in the snapshot taken .* \(there is one the other way, from the topic "a" to the group "g2", 3 hops\)$/);
    const unrelated = await lineage.call('lineage.path', { profileId: lineage.profileId, from: t('s'), to: t('a') });
    expect(unrelated.found).toBe(false);
    expect(unrelated.message).not.toContain('other way');
  });

  it('answers a path from a node to itself without walking', async () => {
    lineage.sync(facts(pipeline));
    const self = await lineage.call('lineage.path', { profileId: lineage.profileId, from: t('s'), to: t('s') });
    expect(self).toMatchObject({ found: true, edges: [] });
    expect(self.nodes.map((n) => n.name)).toEqual(['s']);
  });
});

describe('neighbourhood', () => {
  it('walks upstream and downstream to their own depths and tells each node its side', async () => {
    lineage.sync(facts(pipeline));
    const result = await lineage.call('lineage.neighbourhood', { profileId: lineage.profileId, node: t('b'), upstream: 2, downstream: 1 });
    const sides = Object.fromEntries(result.nodes.map((n) => [n.name, [n.upstream, n.downstream]]));
    expect(sides).toEqual({ b: [0, 0], g2: [null, 1], q2: [null, 1], q: [1, null], a: [2, null] });
    expect(result.edges).toHaveLength(4);
    expect(result.capped).toEqual([]);
  });

  it('keeps only the kinds asked for and hides internal nodes unless told otherwise', async () => {
    lineage.sync(facts([...pipeline, edge('consumes', t('a'), g('connect-c'))], [{ ...g('connect-c'), internal: true }]));
    const groupsOnly = await lineage.call('lineage.neighbourhood', { profileId: lineage.profileId, node: t('a'), kinds: ['group'] });
    expect(names(groupsOnly.nodes)).toEqual(['group:g1', 'topic:a']);
    const withInternal = await lineage.call('lineage.neighbourhood', { profileId: lineage.profileId, node: t('a'), kinds: ['group'], hideInternal: false });
    expect(names(withInternal.nodes)).toEqual(['group:connect-c', 'group:g1', 'topic:a']);
  });

  it('caps a 10,000-consumer hub at 200 neighbours and reports how many it hid', async () => {
    const hub = Array.from({ length: 10_000 }, (_, i) => edge('consumes', t('hub'), g(`app-${String(i).padStart(5, '0')}`)));
    lineage.sync(facts([...hub, edge('derives', q('feeder'), t('hub'))]));
    const result = await lineage.call('lineage.neighbourhood', { profileId: lineage.profileId, node: t('hub') });
    expect(result.nodes).toHaveLength(202);
    expect(result.nodes.filter((n) => n.kind === 'group').map((n) => n.name).slice(0, 2)).toEqual(['app-00000', 'app-00001']);
    expect(result.capped).toEqual([{ nodeId: result.center, direction: 'downstream', total: 10_000, hidden: 9_800 }]);
    const more = await lineage.call('lineage.neighbourhood', { profileId: lineage.profileId, node: t('hub'), neighbourCap: 10_000 });
    expect(more.nodes).toHaveLength(10_002);
    expect(more.capped).toEqual([]);
    // the call answers a hub from the loaded snapshot; index lookups keep the same 200, in the same order
    const store = new LineageStore(lineage.db);
    const snapshotId = lineage.snapshots.latest(lineage.profileId)!.id;
    const hop = { upstream: 1, downstream: 1, hideInternal: true, neighbourCap: 200 };
    const byLookups = neighbourhood(store.sqlAdjacency(snapshotId), result.center, hop);
    const inMemory = neighbourhood(store.graph(snapshotId), result.center, hop);
    expect([...inMemory.reached.keys()]).toEqual([...byLookups.reached.keys()]);
    expect(inMemory.capped).toEqual(byLookups.capped);
    expect([...inMemory.reached.keys()]).toEqual(result.nodes.map((n) => n.id));
  });

  it('shows a self-loop as one node with both of its edges', async () => {
    lineage.sync(facts(pipeline));
    const result = await lineage.call('lineage.neighbourhood', { profileId: lineage.profileId, node: q('q3'), upstream: 5, downstream: 5 });
    expect(names(result.nodes)).toEqual(['ksql-query:q3', 'topic:s']);
    expect(result.edges).toHaveLength(2);
  });

  it('names a node that is not in the snapshot instead of answering with an empty graph', async () => {
    lineage.sync(facts(pipeline));
    await expect(lineage.call('lineage.neighbourhood', { profileId: lineage.profileId, node: t('nope') })).rejects.toThrow(/The topic "nope" is not in the lineage of the snapshot taken/);
  });
});

describe('dangling and orphan nodes', () => {
  it('keeps an edge to a topic no source reported, marking the topic dangling', async () => {
    lineage.sync({ nodes: [g('g1')], edges: [edge('consumes', t('deleted-topic'), g('g1'))] });
    const result = await lineage.call('lineage.graph', { profileId: lineage.profileId });
    expect(result.nodes.find((n) => n.name === 'deleted-topic')).toMatchObject({ dangling: true });
    expect(result.nodes.find((n) => n.name === 'g1')).toMatchObject({ dangling: false });
  });

  it('walks past an edge whose node has gone from the snapshot without failing', async () => {
    const id = lineage.sync(facts(pipeline));
    const b = (await lineage.call('lineage.search', { profileId: lineage.profileId, q: 'b', kinds: ['topic'] })).nodes[0]!;
    lineage.db.prepare('DELETE FROM lineage_snapshot_nodes WHERE snapshot_id = ? AND node_id = ?').run(id, b.id);
    const result = await lineage.call('lineage.impact', { profileId: lineage.profileId, node: t('a') });
    expect(names(result.nodes)).toEqual(['connector:c', 'external:file:/x', 'group:g1', 'ksql-query:q']);
    const near = await lineage.call('lineage.neighbourhood', { profileId: lineage.profileId, node: q('q'), downstream: 3 });
    expect(names(near.nodes)).toEqual(['ksql-query:q', 'topic:a']);
  });
});

describe('snapshots over time', () => {
  it('diffs two snapshots exactly and shows an edge that went away and came back', async () => {
    const first = lineage.sync(facts(pipeline));
    const changed = pipeline.filter((e) => !(e.to.name === 'g1')).concat(edge('consumes', t('a'), g('g3')));
    const second = lineage.sync(facts(changed));
    const third = lineage.sync(facts(pipeline));

    const diff = await lineage.call('lineage.diff', { profileId: lineage.profileId, snapshotId: second });
    expect(diff.base?.id).toBe(first);
    expect(names(diff.addedNodes)).toEqual(['group:g3']);
    expect(names(diff.removedNodes)).toEqual(['group:g1']);
    const label = (e: { from: number; to: number; kind: string }) => `${[...diff.endpoints, ...diff.addedNodes, ...diff.removedNodes].find((n) => n.id === e.from)!.name} ${e.kind} ${[...diff.endpoints, ...diff.addedNodes, ...diff.removedNodes].find((n) => n.id === e.to)!.name}`;
    expect(diff.addedEdges.map(label)).toEqual(['a consumes g3']);
    expect(diff.removedEdges.map(label)).toEqual(['a consumes g1']);
    expect(names(diff.endpoints)).toEqual(['topic:a']);

    const timeline = await lineage.call('lineage.edgeTimeline', { profileId: lineage.profileId, edge: { from: t('a'), to: g('g1') } });
    expect(timeline.snapshot.id).toBe(third);
    expect(timeline.edges).toHaveLength(1);
    expect(timeline.edges[0]!.timeline.map((s) => [s.snapshotId, s.present])).toEqual([[first, true], [second, false], [third, true]]);
    expect(timeline.edges[0]!.edge).toMatchObject({ firstSnapshotId: first, lastSnapshotId: third, provenance: 'consumer-offsets' });
  });

  it('answers from an older snapshot when asked, and diffs the first snapshot against nothing', async () => {
    const first = lineage.sync(facts(pipeline));
    lineage.sync(facts([edge('consumes', t('a'), g('g1'))]));
    const old = await lineage.call('lineage.impact', { profileId: lineage.profileId, snapshotId: first, node: t('a') });
    expect(old.snapshot.id).toBe(first);
    expect(old.nodes).toHaveLength(7);
    const diff = await lineage.call('lineage.diff', { profileId: lineage.profileId, snapshotId: first });
    expect(diff.base).toBeNull();
    expect(diff.addedNodes).toHaveLength(nodesOf(pipeline).length);
    expect(diff.removedEdges).toEqual([]);
  });

  it('tells the user to sync again when a snapshot predates lineage', async () => {
    const id = lineage.sync(facts(pipeline));
    lineage.db.prepare('DELETE FROM lineage_snapshots WHERE snapshot_id = ?').run(id);
    await expect(lineage.call('lineage.graph', { profileId: lineage.profileId })).rejects.toThrow(/synced before lineage was recorded — sync again/);
  });
});

describe('search and whole graph', () => {
  it('finds nodes by part of their name, exact matches first', async () => {
    lineage.sync(facts([...pipeline, edge('consumes', t('ab-topic'), g('g1'))]));
    const result = await lineage.call('lineage.search', { profileId: lineage.profileId, q: 'a' });
    expect(result.nodes.slice(0, 2).map((n) => n.name)).toEqual(['a', 'ab-topic']);
    expect((await lineage.call('lineage.search', { profileId: lineage.profileId, q: 'G', kinds: ['group'] })).nodes.map((n) => n.name)).toEqual(['g1', 'g2']);
  });

  it('reports a failing inference source without failing the sync', async () => {
    const { addEdgeSource } = await import('./edge-sources.ts');
    addEdgeSource({ snapshots: lineage.snapshots } as never, { name: 'broken', infer: () => { throw new Error('ksqlDB answered 500'); } });
    lineage.sync(facts(pipeline));
    const graph = await lineage.call('lineage.graph', { profileId: lineage.profileId });
    expect(graph.sources.find((s) => s.name === 'broken')).toEqual({ name: 'broken', nodes: 0, edges: 0, error: 'ksqlDB answered 500' });
    expect(graph.edges).toHaveLength(pipeline.length);
  });
});
