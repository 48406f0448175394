// A Sugiyama-style layered layout, upstream on the left and downstream on the right: break cycles, put each
// node one layer right of its furthest predecessor, then order each layer by the barycentre of its
// neighbours in a few sweeps. Long edges get no dummy nodes (the barycentre looks at every neighbour, not
// only the next layer), which keeps 5,000 nodes well under a second. Runs in the layout worker.

export interface LayoutInput {
  /** Node count; nodes are 0..count-1. */
  count: number;
  /** Flat [from, to, from, to, …] pairs of node indexes. */
  edges: Int32Array;
  /** Horizontal distance between layers and vertical distance between nodes of a layer. */
  layerGap?: number;
  nodeGap?: number;
  /** How many barycentre sweeps (down and up count as one each). */
  sweeps?: number;
  /** A layer with more nodes than this is folded into columns. */
  maxRows?: number;
}

/** x, y for each node: positions[2 * i], positions[2 * i + 1]. */
export function layeredLayout(input: LayoutInput): Float64Array {
  const { count, edges } = input;
  const layerGap = input.layerGap ?? 240;
  const nodeGap = input.nodeGap ?? 54;
  const sweeps = input.sweeps ?? 4;
  const out: number[][] = Array.from({ length: count }, () => []);
  const inn: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i + 1 < edges.length; i += 2) {
    const a = edges[i]!;
    const b = edges[i + 1]!;
    if (a === b || a < 0 || b < 0 || a >= count || b >= count) continue;
    out[a]!.push(b);
    inn[b]!.push(a);
  }

  // 1. Cycle breaking: an iterative DFS; an edge to a node still on the stack is a back edge and is ignored
  //    for layering (it is still drawn, pointing left).
  const state = new Uint8Array(count); // 0 new, 1 on stack, 2 done
  const back = new Set<number>(); // a * count + b
  const order: number[] = []; // reverse postorder = a topological order of the acyclic rest
  for (let root = 0; root < count; root++) {
    if (state[root] !== 0) continue;
    const stack: Array<[number, number]> = [[root, 0]];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [v, i] = top;
      const next = out[v]!;
      if (i < next.length) {
        top[1] = i + 1;
        const w = next[i]!;
        if (state[w] === 0) {
          state[w] = 1;
          stack.push([w, 0]);
        } else if (state[w] === 1) back.add(v * count + w);
      } else {
        state[v] = 2;
        order.push(v);
        stack.pop();
      }
    }
  }
  order.reverse();

  // 2. Layering: longest path from the sources, then sources pulled right next to their first successor so
  //    a producer sits beside what it writes rather than at the far left.
  const layer = new Int32Array(count);
  for (const v of order) for (const w of out[v]!) if (!back.has(v * count + w) && layer[w]! < layer[v]! + 1) layer[w] = layer[v]! + 1;
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k]!;
    const preds = inn[v]!.filter((u) => !back.has(u * count + v));
    if (preds.length > 0) continue;
    let min = Infinity;
    for (const w of out[v]!) if (!back.has(v * count + w)) min = Math.min(min, layer[w]!);
    if (min !== Infinity && min - 1 > layer[v]!) layer[v] = min - 1;
  }

  let layerCount = 0;
  for (let v = 0; v < count; v++) layerCount = Math.max(layerCount, layer[v]! + 1);
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  for (const v of order) layers[layer[v]!]!.push(v);

  // 3. Ordering: a node's place is centred on its layer, so layers of different sizes line up in the middle.
  const place = new Float64Array(count);
  const assign = (members: number[]) => {
    const mid = (members.length - 1) / 2;
    members.forEach((v, i) => (place[v] = i - mid));
  };
  layers.forEach(assign);
  const key = new Float64Array(count);
  const sortBy = (members: number[], neighbours: number[][]) => {
    for (const v of members) {
      const ns = neighbours[v]!;
      if (ns.length === 0) {
        key[v] = place[v]!;
        continue;
      }
      let sum = 0;
      for (const n of ns) sum += place[n]!;
      key[v] = sum / ns.length;
    }
    members.sort((a, b) => key[a]! - key[b]! || a - b);
    assign(members);
  };
  for (let s = 0; s < sweeps; s++) {
    for (let l = 1; l < layerCount; l++) sortBy(layers[l]!, inn);
    for (let l = layerCount - 2; l >= 0; l--) sortBy(layers[l]!, out);
  }

  // 4. Coordinates. A layer taller than maxRows (thousands of topics nobody writes) is folded into
  //    several side-by-side columns, so the drawing stays closer to the screen's shape than to a needle.
  const maxRows = input.maxRows ?? Math.max(40, Math.ceil(Math.sqrt(count) * 1.5));
  const positions = new Float64Array(count * 2);
  let x = 0;
  for (const members of layers) {
    const columns = Math.max(1, Math.ceil(members.length / maxRows));
    const rows = Math.ceil(members.length / columns);
    members.forEach((v, i) => {
      const column = Math.floor(i / rows);
      const row = i - column * rows;
      positions[2 * v] = x + column * (layerGap * 0.75);
      positions[2 * v + 1] = (row - (rows - 1) / 2) * nodeGap;
    });
    x += (columns - 1) * (layerGap * 0.75) + layerGap;
  }
  return positions;
}
