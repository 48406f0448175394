// Positions for the graph the page draws: from localStorage when this exact graph (its node ids and edges)
// was laid out before, otherwise from the layout worker, then remembered. The cache keeps the most recent
// graphs only and gives up quietly when storage is full.
import type { VisGraph } from './view-graph.ts';
import type { LayoutRequest, LayoutResponse } from './layout.worker.ts';
import LayoutWorker from './layout.worker.ts?worker&inline';
import { layeredLayout } from './layered-layout.ts';

const PREFIX = 'tributary.lineage.layout.';
const INDEX_KEY = `${PREFIX}index`;
const KEEP = 24;

export type Positions = Map<string, { x: number; y: number }>;
export interface LayoutResult {
  positions: Positions;
  source: 'cache' | 'worker' | 'main-thread';
  ms: number;
}

/** FNV-1a over the sorted node ids and edges, as 8 hex digits ×2 (two seeds, so collisions are unlikely). */
export function graphHash(graph: VisGraph): string {
  const ids = graph.nodes.map((n) => n.id).sort();
  const edges = graph.edges.map((e) => `${e.source}>${e.target}`).sort();
  const text = `${ids.join('\n')}\n--\n${edges.join('\n')}`;
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}

function readCache(key: string, graph: VisGraph): Positions | null {
  try {
    const text = localStorage.getItem(PREFIX + key);
    if (!text) return null;
    const stored = JSON.parse(text) as { ids: string[]; xy: number[] };
    if (stored.ids.length !== graph.nodes.length) return null;
    const positions: Positions = new Map();
    stored.ids.forEach((id, i) => positions.set(id, { x: stored.xy[2 * i]!, y: stored.xy[2 * i + 1]! }));
    return graph.nodes.every((n) => positions.has(n.id)) ? positions : null;
  } catch {
    return null;
  }
}

function writeCache(key: string, positions: Positions): void {
  const ids = [...positions.keys()];
  const xy = ids.flatMap((id) => [Math.round(positions.get(id)!.x), Math.round(positions.get(id)!.y)]);
  let index: string[] = [];
  try {
    index = (JSON.parse(localStorage.getItem(INDEX_KEY) ?? '[]') as string[]).filter((k) => k !== key);
  } catch {
    index = [];
  }
  index.push(key);
  for (let attempt = 0; attempt < 4; attempt++) {
    while (index.length > KEEP) localStorage.removeItem(PREFIX + index.shift()!);
    try {
      localStorage.setItem(PREFIX + key, JSON.stringify({ ids, xy }));
      localStorage.setItem(INDEX_KEY, JSON.stringify(index));
      return;
    } catch {
      // Full: drop the oldest half and try again; a layout that cannot be kept is simply computed next time.
      const drop = Math.max(1, Math.floor((index.length - 1) / 2));
      for (const old of index.splice(0, Math.min(drop, index.length - 1))) localStorage.removeItem(PREFIX + old);
      if (index.length <= 1 && attempt > 0) return;
    }
  }
}

let worker: Worker | null = null;
let workerBroken = false;
let seq = 0;
const waiting = new Map<number, (r: LayoutResponse | null) => void>();

function layoutInWorker(request: LayoutRequest): Promise<LayoutResponse | null> | null {
  if (workerBroken) return null;
  try {
    if (!worker) {
      worker = new LayoutWorker();
      worker.onmessage = (event: MessageEvent<LayoutResponse>) => {
        waiting.get(event.data.seq)?.(event.data);
        waiting.delete(event.data.seq);
      };
      worker.onerror = (event) => {
        // A worker the page may not start (CSP, a file:// origin) fails here; everything waiting falls back.
        event.preventDefault();
        workerBroken = true;
        worker = null;
        for (const resolve of waiting.values()) resolve(null);
        waiting.clear();
      };
    }
    const w = worker;
    return new Promise((resolve) => {
      waiting.set(request.seq, resolve);
      w.postMessage(request, [request.edges.buffer]);
    });
  } catch {
    workerBroken = true;
    return null;
  }
}

/** Lays the graph out (or recalls its layout). A newer call makes an older one resolve to null. */
export async function layoutGraph(graph: VisGraph): Promise<LayoutResult | null> {
  const mine = ++seq;
  const started = performance.now();
  const key = graphHash(graph);
  const cached = readCache(key, graph);
  if (cached) return { positions: cached, source: 'cache', ms: performance.now() - started };

  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const edges = new Int32Array(graph.edges.length * 2);
  graph.edges.forEach((e, i) => {
    edges[2 * i] = index.get(e.source) ?? -1;
    edges[2 * i + 1] = index.get(e.target) ?? -1;
  });
  let source: LayoutResult['source'] = 'worker';
  let xy: Float64Array;
  const answer = await layoutInWorker({ seq: mine, count: graph.nodes.length, edges: edges.slice() });
  if (answer) xy = answer.positions;
  else {
    source = 'main-thread';
    xy = layeredLayout({ count: graph.nodes.length, edges });
  }
  if (mine !== seq) return null;
  const positions: Positions = new Map();
  graph.nodes.forEach((n, i) => positions.set(n.id, { x: xy[2 * i]!, y: xy[2 * i + 1]! }));
  writeCache(key, positions);
  return { positions, source, ms: performance.now() - started };
}
