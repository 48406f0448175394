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

/** Node a's box, then after a class change and a move (both dirty its bounds), and its edge's box. */
function restyledAndMoved(cy: Core) {
  const a = cy.getElementById('a');
  const before = a.boundingBox();
  a.addClass('big');
  a.position({ x: 500, y: 0 });
  return [before, a.boundingBox(), cy.getElementById('ab').boundingBox()];
}

// The patch goes onto Cytoscape's shared element prototype, so stock figures are taken before any test installs it.
const stockBoxes = restyledAndMoved(graph());

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

  it('keeps bounding boxes the same as stock Cytoscape when a node whose bounds are already dirty is restyled and moved', () => {
    const fast = graph();
    installFastStyleDirtying(fast);
    const measured = restyledAndMoved(fast);
    expect(measured).toEqual(stockBoxes);
    expect(measured[1]!.w).toBeGreaterThan(measured[0]!.w + 50); // 20 px wide, then 80
    expect(measured[2]!.x2).toBeGreaterThan(400); // its edge follows the node
  });

  it('emits one bounds event for a node restyled twice before it is measured again', () => {
    const cy = graph();
    installFastStyleDirtying(cy);
    const a = cy.getElementById('a');
    a.boundingBox();
    let events = 0;
    a.on('bounds', () => void events++);
    a.position({ x: 10, y: 10 });
    a.position({ x: 20, y: 20 });
    expect(events).toBe(1);
    a.boundingBox();
    a.position({ x: 30, y: 30 });
    expect(events).toBe(2);
  });
});
