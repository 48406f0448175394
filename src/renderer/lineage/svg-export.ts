// The drawn graph as a standalone SVG document, from the node boxes and edge ends Cytoscape laid out (the
// Cytoscape SVG extension is not installed). Names are cluster data: every text goes through xmlText.

export interface SvgNode {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  fill: string;
  stroke: string;
  dashed: boolean;
  round: boolean;
}
export interface SvgEdge {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  label: string;
  color: string;
  dashed: boolean;
}

// XML 1.0 cannot carry these at all; they become U+FFFD.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
export const xmlText = (text: string) => text.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
/** Colours come from Cytoscape's computed style; anything unexpected becomes grey rather than markup. */
const colour = (c: string) => (/^(#[0-9a-f]{3,8}|rgba?\([\d.,\s%]+\)|[a-z]+)$/i.test(c.trim()) ? c.trim() : '#888888');
const num = (n: number) => (Number.isFinite(n) ? Math.round(n * 10) / 10 : 0);
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function toSvg(nodes: readonly SvgNode[], edges: readonly SvgEdge[], options: { background: string; text: string; font: string }): string {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of nodes) {
    minX = Math.min(minX, n.x - n.width / 2);
    maxX = Math.max(maxX, n.x + n.width / 2);
    minY = Math.min(minY, n.y - n.height / 2);
    maxY = Math.max(maxY, n.y + n.height / 2 + 16);
  }
  if (nodes.length === 0) [minX, minY, maxX, maxY] = [0, 0, 100, 100];
  const pad = 24;
  const width = maxX - minX + 2 * pad;
  const height = maxY - minY + 2 * pad;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="${num(minX - pad)} ${num(minY - pad)} ${num(width)} ${num(height)}" font-family="${xmlText(options.font)}" font-size="11">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>',
    `<rect x="${num(minX - pad)}" y="${num(minY - pad)}" width="${num(width)}" height="${num(height)}" fill="${colour(options.background)}"/>`,
    '<g class="edges" fill="none">',
  ];
  for (const e of edges) {
    lines.push(`<line x1="${num(e.x1)}" y1="${num(e.y1)}" x2="${num(e.x2)}" y2="${num(e.y2)}" stroke="${colour(e.color)}" stroke-width="1.2"${e.dashed ? ' stroke-dasharray="5 4"' : ''} marker-end="url(#arrow)"/>`);
    if (e.label) lines.push(`<text x="${num((e.x1 + e.x2) / 2)}" y="${num((e.y1 + e.y2) / 2 - 3)}" text-anchor="middle" fill="${colour(options.text)}" opacity="0.7" font-size="9">${xmlText(e.label)}</text>`);
  }
  lines.push('</g>', '<g class="nodes">');
  for (const n of nodes) {
    const r = n.round ? Math.min(n.width, n.height) / 2 : 6;
    lines.push(
      `<rect x="${num(n.x - n.width / 2)}" y="${num(n.y - n.height / 2)}" width="${num(n.width)}" height="${num(n.height)}" rx="${num(r)}" fill="${colour(n.fill)}" stroke="${colour(n.stroke)}" stroke-width="1.5"${n.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
      `<text x="${num(n.x)}" y="${num(n.y + n.height / 2 + 13)}" text-anchor="middle" fill="${colour(options.text)}">${xmlText(clip(n.label, 48))}</text>`,
    );
  }
  lines.push('</g>', '</svg>', '');
  return lines.join('\n');
}
