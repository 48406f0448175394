// A subgraph as JSON, Graphviz DOT or GraphML, and impact lists as CSV. Names are data from the cluster —
// up to 10,000 characters of anything, HTML-looking or not — so every format escapes them its own way and
// nothing is ever emitted unquoted.
import type { LineageEdge, LineageNode } from '../contract.ts';

export type ExportFormat = 'json' | 'dot' | 'graphml';

export const exportMeta: Record<ExportFormat, { mimeType: string; extension: string }> = {
  json: { mimeType: 'application/json', extension: 'json' },
  dot: { mimeType: 'text/vnd.graphviz', extension: 'dot' },
  graphml: { mimeType: 'application/graphml+xml', extension: 'graphml' },
};

/** A DOT double-quoted string: backslash and quote escaped, line breaks as \n (Graphviz's own escapes). */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r\n|\r|\n/g, '\\n')}"`;
}

// XML 1.0 cannot carry these at all, even as character references; they become U+FFFD.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

export function toJson(nodes: readonly LineageNode[], edges: readonly LineageEdge[], meta: Record<string, unknown>): string {
  return JSON.stringify({ ...meta, nodes, edges }, null, 1);
}

export function toDot(nodes: readonly LineageNode[], edges: readonly LineageEdge[], title: string): string {
  const lines = [`digraph ${dotString(title)} {`, '  rankdir=LR;', '  node [shape=box];'];
  for (const n of nodes) lines.push(`  n${n.id} [label=${dotString(n.name)}, kind=${dotString(n.kind)}${n.dangling ? ', style=dashed' : ''}];`);
  for (const e of edges) lines.push(`  n${e.from} -> n${e.to} [label=${dotString(e.kind)}, provenance=${dotString(e.provenance)}];`);
  lines.push('}', '');
  return lines.join('\n');
}

export function toGraphml(nodes: readonly LineageNode[], edges: readonly LineageEdge[]): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="name" for="node" attr.name="name" attr.type="string"/>',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="internal" for="node" attr.name="internal" attr.type="boolean"/>',
    '  <key id="dangling" for="node" attr.name="dangling" attr.type="boolean"/>',
    '  <key id="edgeKind" for="edge" attr.name="kind" attr.type="string"/>',
    '  <key id="provenance" for="edge" attr.name="provenance" attr.type="string"/>',
    '  <graph id="lineage" edgedefault="directed">',
  ];
  for (const n of nodes) {
    lines.push(`    <node id="n${n.id}"><data key="name">${xmlText(n.name)}</data><data key="kind">${n.kind}</data><data key="internal">${n.internal}</data><data key="dangling">${n.dangling}</data></node>`);
  }
  for (const e of edges) lines.push(`    <edge id="e${e.id}" source="n${e.from}" target="n${e.to}"><data key="edgeKind">${e.kind}</data><data key="provenance">${e.provenance}</data></edge>`);
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

const NEEDS_CARE = /^[=+\-@\t\r]|[",\r\n]/;

/** One CSV cell (RFC 4180); a leading = + - @ is defused so a spreadsheet shows it as text, not a formula. */
export function csvCell(text: string): string {
  if (!NEEDS_CARE.test(text)) return text; // the usual name: one test instead of two
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function impactCsv(rows: ReadonlyArray<LineageNode & { depth: number }>): string {
  let csv = 'depth,kind,name,owners,contacts\r\n';
  for (const r of rows) {
    // depth is a number and kind one of the contract's names: neither needs quoting
    const owners = r.owners.length === 0 ? ',' : `${csvCell(r.owners.map((o) => o.team).join('; '))},${csvCell(r.owners.map((o) => o.contact).join('; '))}`;
    csv += `${r.depth},${r.kind},${csvCell(r.name)},${owners}\r\n`;
  }
  return csv;
}
