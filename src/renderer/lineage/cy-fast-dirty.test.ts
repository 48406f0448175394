import { describe, expect, it } from 'vitest';
import cytoscape, { type Core } from 'cytoscape';
import { installFastStyleDirtying } from './cy-fast-dirty.ts';

function graph(): Core {
  return cytoscape({
    headless: true,
    styleEnabled: true,
    style: [{ selector: 'node', style: { width: 20 } }, { selector: 'node.big', style: { width: 80 } }],
    elements: [
      { data: { id: 'a' } },
      { data: { id: 'b' } },
      { data: { id: 'c' } },
      { data: { id: 'ab', source: 'a', target: 'b' } },
      { data: { id: 'bc', source: 'b', target: 'c' } },
      { data: { id: 'aa', source: 'a', target: 'a' } },
    ],
  });
}

/** Which elements have their style cache cleared when `id` is invalidated. */
function clearedBy(cy: Core, id: string): string[] {
  cy.elements().forEach((el) => void el.style('width'));
  cy.elements().forEach((el) => void ((el as unknown as { _private: { styleCache: unknown } })._private.styleCache = {}));
  (cy.getElementById(id) as unknown as { dirtyStyleCache(): void }).dirtyStyleCache();
  return cy.elements().filter((el) => (el as unknown as { _private: { styleCache: unknown } })._private.styleCache === null).map((el) => el.id()).sort();
}

describe('fast style invalidation', () => {
  it('clears the same elements as stock Cytoscape: the element itself and, for a node, its edges', () => {
    const stock = graph();
    const expected = ['a', 'b', 'ab', 'aa'].map((id) => clearedBy(stock, id));
    const fast = graph();
    installFastStyleDirtying(fast);
    expect(['a', 'b', 'ab', 'aa'].map((id) => clearedBy(fast, id))).toEqual(expected);
    expect(clearedBy(fast, 'a')).toEqual(['a', 'aa', 'ab']);
  });

  it('still restyles a node when its class changes', () => {
    const cy = graph();
    installFastStyleDirtying(cy);
    const a = cy.getElementById('a');
    expect(a.style('width')).toBe('20px');
    a.addClass('big');
    expect(a.style('width')).toBe('80px');
  });
});
