// The scales of the small snapshot charts (lag, migration burndown): points spread evenly left to right, values
// from 0 at the bottom to the largest at the top, inside a padded viewBox.

export type ChartBox = { width: number; height: number; pad: { left: number; right: number; top: number; bottom: number } };

/** The x of point `i` of `count`; a single point sits in the middle rather than on the left edge. */
export function pointX(box: ChartBox, count: number, i: number): number {
  const span = box.width - box.pad.left - box.pad.right;
  return box.pad.left + (count <= 1 ? span / 2 : (i / (count - 1)) * span);
}

/** The y of `value` when `max` is at the top; 0 sits on the bottom axis. */
export function valueY(box: ChartBox, max: number, value: number): number {
  return box.pad.top + (1 - value / max) * (box.height - box.pad.top - box.pad.bottom);
}
