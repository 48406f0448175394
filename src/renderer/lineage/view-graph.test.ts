import { describe, expect, it } from 'vitest';
import type { LineageEdge, LineageNode } from '../../core/contract.ts';
import { domainOf, emptyGraph, mergeInto, visibleGraph, type ViewOptions } from './view-graph.ts';

const node = (id: number, kind: LineageNode['kind'], name: string, extra: Partial<LineageNode> = {}): LineageNode => ({ id, kind, name, internal: false, dangling: false, attrs: {}, owners: [], firstSnapshotId: 1, lastSnapshotId: 1, ...extra });
const edge = (id: number, from: number, to: number, kind: LineageEdge['kind'] = 'consumes'): LineageEdge => ({ id, kind, from, to, provenance: 'consumer-offsets', detail: {}, firstSnapshotId: 1, lastSnapshotId: 1 });
const options = (o: Partial<ViewOptions> = {}): ViewOptions => ({ focus: 1, collapsed: new Set(), hiddenDomains: new Set(), showDeprecated: true, deprecated: new Set(), ...o });

function sample() {
  const g = emptyGraph();
  mergeInto(g, {
    nodes: [node(1, 'topic', 'payments.tx.v1'), node(2, 'topic', 'payments.refunds.v1'), node(3, 'group', 'fraud'), node(4, 'topic', 'web.clicks.v1')],
    edges: [edge(10, 1, 3), edge(11, 2, 3), edge(12, 4, 3)],
    capped: [{ nodeId: 3, direction: 'upstream', total: 250, hidden: 50 }],
  });
  return g;
}

describe('visibleGraph', () => {
  it('draws each loaded node and edge, and a "+N more" node on a capped side', () => {
    const v = visibleGraph(sample(), options());
    expect(v.nodes.map((n) => n.id).sort()).toEqual(['more:3:upstream', 'n1', 'n2', 'n3', 'n4']);
    expect(v.nodes.find((n) => n.kind === 'more')!.label).toBe('+50 more');
    expect(v.edges.find((e) => e.id === 'more:3:upstream:edge')).toMatchObject({ source: 'more:3:upstream', target: 'n3' });
  });

  it('collapses a domain into one node and merges its edges to the same neighbour', () => {
    const v = visibleGraph(sample(), options({ focus: 3, collapsed: new Set(['payments']) }));
    const domain = v.nodes.find((n) => n.id === 'd:payments')!;
    expect(domain.members).toBe(2);
    expect(domain.label).toBe('payments (2)');
    const merged = v.edges.find((e) => e.source === 'd:payments')!;
    expect(merged.edgeIds.sort()).toEqual([10, 11]);
    expect(merged.kind).toBe('consumes ×2');
  });

  it('keeps the focus even when its domain is hidden, and hides deprecated topics on request', () => {
    const v = visibleGraph(sample(), options({ hiddenDomains: new Set(['payments']), showDeprecated: false, deprecated: new Set(['web.clicks.v1']) }));
    expect(v.nodes.map((n) => n.id).sort()).toEqual(['more:3:upstream', 'n1', 'n3']);
  });
});

describe('domainOf', () => {
  it('reads the first segment of topic and subject names only', () => {
    expect(domainOf(node(1, 'topic', 'payments.tx.v1'))).toBe('payments');
    expect(domainOf(node(1, 'topic', '__consumer_offsets'))).toBeNull();
    expect(domainOf(node(1, 'external', 'file:/tmp/a.jsonl'))).toBeNull();
  });
});
