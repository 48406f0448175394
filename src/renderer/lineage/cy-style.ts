// The graph's Cytoscape stylesheet, built from the app's design tokens (Cytoscape cannot read CSS
// variables), so it follows the light and dark themes. Kinds differ by shape as well as colour.
import type { StylesheetJson } from 'cytoscape';

export interface Palette {
  text: string;
  muted: string;
  faint: string;
  bg: string;
  surface: string;
  border: string;
  accent: string;
  ok: string;
  danger: string;
  warn: string;
  font: string;
}

export function readPalette(element: Element = document.documentElement): Palette {
  const css = getComputedStyle(element);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', '#1b1f27'),
    muted: v('--text-muted', '#5d6675'),
    faint: v('--text-faint', '#8a93a2'),
    bg: v('--bg', '#ffffff'),
    surface: v('--surface', '#ffffff'),
    border: v('--border-strong', '#cdd2da'),
    accent: v('--accent', '#3a6ff0'),
    ok: v('--ok', '#1d8a4e'),
    danger: v('--danger', '#c8322f'),
    warn: v('--warn', '#9a6400'),
    // Cytoscape's parser refuses quoted family names.
    font: v('--font-ui', 'system-ui, sans-serif').replace(/['"]/g, ''),
  };
}

export const kindColour: Record<string, string> = {
  topic: '#4f7fe8',
  product: '#d4a017',
  subject: '#9b6bd6',
  group: '#2fa36b',
  'ksql-query': '#18a3a8',
  connector: '#e07b39',
  external: '#7d8696',
  principal: '#b0568f',
  domain: '#6b7a99',
  more: '#8a93a2',
};

/** Shape and size per kind, put into each node's data so one selector styles every node (fewer selectors to match keeps 15,000 elements fast). */
export const kindLook: Record<string, { shape: string; w: number; h: number }> = {
  topic: { shape: 'round-rectangle', w: 30, h: 20 },
  product: { shape: 'star', w: 26, h: 26 },
  subject: { shape: 'round-tag', w: 24, h: 24 },
  group: { shape: 'ellipse', w: 24, h: 24 },
  'ksql-query': { shape: 'diamond', w: 26, h: 26 },
  connector: { shape: 'hexagon', w: 26, h: 24 },
  external: { shape: 'barrel', w: 26, h: 22 },
  principal: { shape: 'round-triangle', w: 24, h: 24 },
  domain: { shape: 'round-rectangle', w: 64, h: 36 },
  more: { shape: 'round-rectangle', w: 54, h: 18 },
};

export function lineageStyle(p: Palette): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        shape: 'data(shape)' as never,
        width: 'data(w)',
        height: 'data(h)',
        'background-color': 'data(colour)',
        'border-width': 1.5,
        'border-color': p.surface,
      },
    },
    // Every node of a small graph is named; on a big one only those in view once zoomed in (level-of-detail.ts).
    {
      selector: 'node.named',
      style: {
        label: 'data(label)',
        color: p.text,
        'font-family': p.font,
        'font-size': 11,
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 3,
        'text-wrap': 'ellipsis',
        'text-max-width': '210px',
        'min-zoomed-font-size': 7,
      },
    },
    { selector: 'node.domain', style: { 'border-style': 'dashed', 'border-color': p.muted, 'border-width': 2, 'font-weight': 600 } },
    { selector: 'node.more', style: { 'background-color': p.surface, 'border-style': 'dashed', 'border-color': p.muted, 'text-valign': 'center', 'text-margin-y': 0, color: p.muted, 'font-size': 10, 'text-max-width': '120px' } },
    { selector: 'node.internal', style: { opacity: 0.7 } },
    { selector: 'node.dangling, node.deprecated', style: { 'border-style': 'dashed', 'border-color': p.warn, 'border-width': 2 } },
    { selector: 'node.deprecated', style: { color: p.muted } },
    { selector: 'node.focus', style: { 'border-color': p.accent, 'border-width': 4, 'font-weight': 600 } },
    {
      selector: 'edge',
      style: {
        width: 1.3,
        'curve-style': 'straight',
        'line-color': p.border,
        'target-arrow-color': p.border,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
      },
    },
    // Label properties only where a label is drawn: every property is work per edge when styling 10,000.
    {
      selector: 'edge.labelled, edge:selected, edge.hl',
      style: {
        label: 'data(kind)',
        'font-family': p.font,
        'font-size': 9,
        color: p.muted,
        'text-rotation': 'autorotate',
        'text-background-color': p.bg,
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        'min-zoomed-font-size': 8,
      },
    },
    // Big graphs: haystack edges (no control points to compute); the arrow mid-way only on edges in view once
    // zoomed in — the overview reads left to right, upstream to downstream.
    { selector: 'edge.fast', style: { 'curve-style': 'haystack', 'haystack-radius': 0, 'target-arrow-shape': 'none' } },
    { selector: 'edge.fast.near', style: { 'mid-target-arrow-shape': 'triangle', 'mid-target-arrow-color': p.border } },
    { selector: 'edge.more', style: { 'line-style': 'dashed' } },
    // Declared in a product descriptor, or granted by an ACL: intent and permission, not observed traffic.
    { selector: 'edge.declared', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 3] } },
    { selector: 'edge.acl', style: { 'line-style': 'dotted' } },
    { selector: '.dim', style: { opacity: 0.18 } },
    { selector: 'node.hl', style: { 'border-color': p.accent, 'border-width': 4 } },
    { selector: 'edge.hl', style: { width: 3, 'line-color': p.accent, 'target-arrow-color': p.accent, 'mid-target-arrow-color': p.accent, color: p.text } },
    { selector: 'node.added', style: { 'border-color': p.ok, 'border-width': 4 } },
    { selector: 'edge.added', style: { width: 3, 'line-color': p.ok, 'target-arrow-color': p.ok, 'mid-target-arrow-color': p.ok } },
    { selector: 'node.removed', style: { 'border-color': p.danger, 'border-width': 3, 'border-style': 'dashed', opacity: 0.75 } },
    { selector: 'edge.removed', style: { width: 2.5, 'line-color': p.danger, 'target-arrow-color': p.danger, 'mid-target-arrow-color': p.danger, 'line-style': 'dashed' } },
    { selector: 'node:selected', style: { 'overlay-color': p.accent, 'overlay-opacity': 0.18, 'overlay-padding': 6 } },
    { selector: 'edge:selected', style: { width: 3, 'line-color': p.accent, 'target-arrow-color': p.accent } },
  ] as StylesheetJson;
}
