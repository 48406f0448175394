// Lineage query latency on synthetic meshes of 5,000 nodes / 10,000 edges and 50,000 / 100,000, written
// through the same EdgeSource → graph writer path a sync uses. Prints p50/p95 of: 1-hop neighbourhood
// (index lookups, and the loaded graph), a 10,000-consumer hub, impact and path; the peer is impact as a
// recursive CTE in SQLite (reachability only, no depths). Asserts nothing; BENCH_TRACE=1 prints each figure
// as it is measured.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { handMadeLineage } from '../src/core/lineage/hand-made-lineage.ts';
import { LineageStore } from '../src/core/lineage/graph-store.ts';
import { impact, neighbourhood, shortestPath } from '../src/core/lineage/graph-queries.ts';
import type { EdgeFact, LineageFacts, NodeFact, NodeRef } from '../src/core/lineage/model.ts';

/** Deterministic, so every run measures the same graph. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Half topics, half processors (60 % groups, 30 % ksqlDB queries, 10 % connectors); about 2 edges per node. */
export function syntheticMesh(nodeCount: number, hubConsumers: number): LineageFacts {
  const random = mulberry32(nodeCount);
  const topics = Math.floor(nodeCount / 2);
  const topic = (i: number): NodeRef => ({ kind: 'topic', name: `domain-${i % 20}.entity-${i}.v1` });
  const nodes: NodeFact[] = Array.from({ length: topics }, (_, i) => topic(i));
  const edges: EdgeFact[] = [];
  const processors = nodeCount - topics - hubConsumers;
  for (let p = 0; p < processors; p++) {
    const roll = p % 10;
    const ref: NodeRef = roll < 6 ? { kind: 'group', name: `app-${p}` } : roll < 9 ? { kind: 'ksql-query', name: `CSAS_${p}` } : { kind: 'connector', name: `connector-${p}` };
    nodes.push(ref);
    // reads from topics "before" it and writes to topics "after" it: a mostly-forward mesh, with 2 % of
    // writes going backwards so there are cycles to walk through
    const at = Math.floor((p / processors) * topics);
    const reads = 1 + Math.floor(random() * 7);
    for (let r = 0; r < reads; r++) edges.push({ kind: 'consumes', from: topic(Math.max(0, at - 1 - Math.floor(random() * 200))), to: ref, provenance: ref.kind === 'connector' ? 'connect' : ref.kind === 'group' ? 'consumer-offsets' : 'ksqldb' });
    if (ref.kind !== 'group') {
      const writes = 3 + Math.floor(random() * 5);
      for (let w = 0; w < writes; w++) {
        const target = random() < 0.02 ? Math.floor(random() * topics) : Math.min(topics - 1, at + 1 + Math.floor(random() * 200));
        edges.push({ kind: ref.kind === 'connector' ? 'produces' : 'derives', from: ref, to: topic(target), provenance: ref.kind === 'connector' ? 'connect' : 'ksqldb' });
      }
    }
  }
  for (let c = 0; c < hubConsumers; c++) {
    const ref: NodeRef = { kind: 'group', name: `hub-reader-${c}` };
    nodes.push(ref);
    edges.push({ kind: 'consumes', from: topic(0), to: ref, provenance: 'consumer-offsets' });
  }
  return { nodes, edges };
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { p50: at(50).toFixed(2), p95: at(95).toFixed(2) };
}

function time<T>(fn: () => T): [number, T] {
  const t = performance.now();
  const result = fn();
  return [performance.now() - t, result];
}

/** Times calls one after another (after two unmeasured warm-up calls), never overlapping. */
async function sequential(count: number, call: () => Promise<unknown>): Promise<number[]> {
  await call();
  await call();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await call();
    samples.push(performance.now() - t);
  }
  return samples;
}

export async function runLineageBench(smoke: boolean): Promise<Array<Record<string, string | number>>> {
  const sizes = smoke ? [{ nodes: 500, hub: 100 }] : [{ nodes: 5_000, hub: 1_000 }, { nodes: 50_000, hub: 10_000 }];
  const runs = smoke ? 10 : 200;
  const rows: Array<Record<string, string | number>> = [];
  for (const size of sizes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-lineage-bench-'));
    const lineage = handMadeLineage(path.join(dir, 'tributary.db'));
    const mesh = syntheticMesh(size.nodes, size.hub);
    const [writeMs, snapshotId] = time(() => lineage.sync(mesh));
    const store = new LineageStore(lineage.db);
    const [loadMs, graph] = time(() => store.graph(snapshotId));
    const label = `${graph.nodes.size.toLocaleString('en')} nodes / ${graph.edges.length.toLocaleString('en')} edges`;
    const ids = [...graph.nodes.keys()];
    const random = mulberry32(7);
    const pick = () => ids[Math.floor(random() * ids.length)]!;
    const row = (measure: string, samples: number[], target: string, note = '') => (process.env.BENCH_TRACE ? console.error(label, measure, percentiles(samples)) : undefined, rows.push({ graph: label, measure, ...percentiles(samples), runs: samples.length, target, note }));

    rows.push({ graph: label, measure: 'write through the graph writer (one sync)', p50: writeMs.toFixed(0), p95: '', runs: 1, target: '', note: '' });
    rows.push({ graph: label, measure: 'load whole snapshot into memory (cold)', p50: loadMs.toFixed(1), p95: '', runs: 1, target: '', note: 'once per snapshot, then kept' });

    const hop = { upstream: 1, downstream: 1, hideInternal: true, neighbourCap: 200 };
    const sql = store.sqlAdjacency(snapshotId);
    row('1-hop neighbourhood, index lookups', Array.from({ length: runs }, () => time(() => neighbourhood(store.sqlAdjacency(snapshotId), pick(), hop))[0]), '≤ 5 ms');
    row('1-hop neighbourhood, loaded graph', Array.from({ length: runs }, () => time(() => neighbourhood(graph, pick(), hop))[0]), '≤ 5 ms');
    row('lineage.neighbourhood call, snapshot not loaded yet', await sequential(runs, () => lineage.call('lineage.neighbourhood', { profileId: lineage.profileId, node: { id: pick() } })), '≤ 5 ms', 'index lookups; what the page gets before IPC');
    const hub = [...graph.nodes.values()].find((n) => n.name === 'domain-0.entity-0.v1')!.id;
    row(`1-hop of a ${size.hub.toLocaleString('en')}-consumer hub, capped at 200, index lookups`, Array.from({ length: Math.min(runs, 50) }, () => time(() => neighbourhood(store.sqlAdjacency(snapshotId), hub, hop))[0]), '', 'not what the call uses for a hub');
    {
      const fresh = new LineageStore(lineage.db); // nothing loaded yet, as after a restart
      const [firstMs] = time(() => neighbourhood(fresh.adjacencyAround(snapshotId, hub), hub, hop));
      rows.push({ graph: label, measure: 'first 1-hop of the hub after a restart (loads the snapshot)', p50: firstMs.toFixed(1), p95: '', runs: 1, target: '', note: 'once per snapshot' });
    }
    row(`1-hop of a ${size.hub.toLocaleString('en')}-consumer hub, capped at 200, loaded graph`, Array.from({ length: Math.min(runs, 50) }, () => time(() => neighbourhood(graph, hub, hop))[0]), '≤ 5 ms');
    row('3-hop each side neighbourhood, index lookups', Array.from({ length: Math.min(runs, 50) }, () => time(() => neighbourhood(store.sqlAdjacency(snapshotId), pick(), { ...hop, upstream: 3, downstream: 3 }))[0]), '');

    const topics = [...graph.nodes.values()].filter((n) => n.kind === 'topic').map((n) => n.id);
    const roots = Array.from({ length: smoke ? 5 : 50 }, () => topics[Math.floor(random() * topics.length)]!);
    const reached: number[] = [];
    row('impact (walk of the loaded graph)', roots.map((r) => { const [ms, result] = time(() => impact(graph, r, { maxDepth: 100, hideInternal: false })); reached.push(result.depth.size); return ms; }), '≤ 50 ms', `median ${[...reached].sort((a, b) => a - b)[Math.floor(reached.length / 2)]} nodes reached`);
    let i = 0;
    row('impact, lineage.impact call (nodes, edges, CSV)', await sequential(roots.length, () => lineage.call('lineage.impact', { profileId: lineage.profileId, node: { id: roots[i++ % roots.length]! } })), '', 'includes building the answer');
    row('lineage.neighbourhood call, snapshot loaded', await sequential(runs, () => lineage.call('lineage.neighbourhood', { profileId: lineage.profileId, node: { id: pick() } })), '≤ 5 ms', 'after impact loaded it');
    row('impact, index lookups per node', roots.slice(0, 3).map((r) => time(() => impact(sql, r, { maxDepth: 100, hideInternal: false }))[0]), '', 'the alternative not chosen');
    const cte = lineage.db.prepare(
      `WITH RECURSIVE down(node) AS (SELECT ? UNION SELECT e.to_node FROM down d CROSS JOIN lineage_snapshot_edges e INDEXED BY lineage_snapshot_edges_out ON e.snapshot_id = ? AND e.from_node = d.node)
       SELECT count(*) FROM down`,
    ).pluck();
    row('peer: impact as a recursive CTE (reachability, no depths)', roots.slice(0, 10).map((r) => time(() => cte.get(r, snapshotId))[0]), '', 'SQLite, forced onto the from-side index');
    // connected pairs: a topic and something in its impact; random pairs are mostly "no path" (the walk
    // exhausts everything downstream of the first node)
    const connected = roots.flatMap((r) => {
      const down = [...impact(graph, r, { maxDepth: 1000, hideInternal: false }).depth.keys()];
      return down.length ? [[r, down[Math.floor(random() * down.length)]!] as const] : [];
    });
    row('shortest path, connected pairs', connected.map(([a, b]) => time(() => shortestPath(graph, a, b, { hideInternal: false }))[0]), '≤ 50 ms', `${connected.length} pairs`);
    const pairs = Array.from({ length: smoke ? 10 : 100 }, () => [pick(), pick()] as const);
    let found = 0;
    row('shortest path, random pairs', pairs.map(([a, b]) => { const [ms, p] = time(() => shortestPath(graph, a, b, { hideInternal: false })); if (p) found++; return ms; }), '≤ 50 ms', `${found} of ${pairs.length} connected`);
    lineage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  console.table(await runLineageBench(process.argv.includes('--smoke')));
}
