import { afterEach, describe, expect, it } from 'vitest';
import { csvCell, dotString, xmlText } from './export-graph.ts';
import { handMadeLineage, type HandMadeLineage } from './hand-made-lineage.ts';

// What a group id can be: 10,000 characters of HTML-looking unicode with quotes, backslashes and controls.
const nasty = `<img src=x onerror=alert(1)>"quoted" \\back\\slash ]]> & ' \n\r\t ñ漢字🙂\u0001${'x'.repeat(10_000)}</graphml>`;

let lineage: HandMadeLineage | undefined;
afterEach(() => {
  lineage?.close();
  lineage = undefined;
});

async function exported(format: 'json' | 'dot' | 'graphml') {
  lineage ??= handMadeLineage();
  if (!lineage.snapshots.latest(lineage.profileId)) {
    lineage.sync({
      nodes: [{ kind: 'topic', name: 'orders' }, { kind: 'group', name: nasty }],
      edges: [{ kind: 'consumes', from: { kind: 'topic', name: 'orders' }, to: { kind: 'group', name: nasty }, provenance: 'consumer-offsets' }],
    });
  }
  return lineage.call('lineage.export', { profileId: lineage.profileId, format });
}

describe('export escaping', () => {
  it('round-trips the name exactly through JSON', async () => {
    const out = await exported('json');
    const parsed = JSON.parse(out.text) as { nodes: Array<{ name: string }>; edges: unknown[] };
    expect(parsed.nodes.map((n) => n.name)).toContain(nasty);
    expect(parsed.edges).toHaveLength(1);
    expect(out).toMatchObject({ nodeCount: 2, edgeCount: 1, mimeType: 'application/json' });
    expect(out.fileName).toMatch(/^lineage-[A-Za-z0-9_-]+-2025-01-01T00-01-00-000Z\.json$/);
  });

  it('quotes every DOT label so the name cannot end the string or the graph', async () => {
    const out = await exported('dot');
    const labels = [...out.text.matchAll(/label="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\n/g, '\n').replace(/\\(.)/g, '$1'));
    expect(labels).toContain(nasty.replace(/\r\n|\r|\n/g, '\n'));
    // every line is a statement or a brace: no raw line break from the name split one
    expect(out.text.split('\n').filter((l) => l.trim() && !/^(digraph .*\{|  .*;|\})$/.test(l))).toEqual([]);
    expect(out.text).toMatch(/^ {2}n\d+ -> n\d+ \[label="consumes", provenance="consumer-offsets"\];$/m);
  });

  it('writes GraphML with no markup from the name and no characters XML forbids', async () => {
    const out = await exported('graphml');
    expect(out.text).not.toContain('<img');
    expect(out.text).not.toContain('\u0001');
    expect(out.text.match(/<\/graphml>/g)).toHaveLength(1);
    const data = [...out.text.matchAll(/<data key="name">([^<]*)<\/data>/g)].map((m) => m[1]!);
    const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    expect(data.map(unescape)).toContain(nasty.replace('\u0001', '\uFFFD'));
  });

  it('escapes the small cases each format has', () => {
    expect(dotString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(xmlText('<a & "b">\u0000')).toBe('&lt;a &amp; &quot;b&quot;&gt;\uFFFD');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('plain')).toBe('plain');
  });

  it('exports only the subgraph of the nodes asked for', async () => {
    await exported('json');
    const graph = await lineage!.call('lineage.graph', { profileId: lineage!.profileId });
    const orders = graph.nodes.find((n) => n.name === 'orders')!;
    const out = await lineage!.call('lineage.export', { profileId: lineage!.profileId, format: 'dot', nodeIds: [orders.id] });
    expect(out).toMatchObject({ nodeCount: 1, edgeCount: 0 });
  });
});
