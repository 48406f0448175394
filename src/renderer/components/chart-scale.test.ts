import { describe, expect, it } from 'vitest';
import { pointX, valueY, type ChartBox } from './chart-scale.ts';

const box: ChartBox = { width: 120, height: 70, pad: { left: 10, right: 10, top: 10, bottom: 10 } };

describe('chart scales', () => {
  it('spreads the points from the left padding to the right padding', () => {
    expect([0, 1, 2].map((i) => pointX(box, 3, i))).toEqual([10, 60, 110]);
  });

  it('puts a single snapshot in the middle of the chart', () => {
    expect(pointX(box, 1, 0)).toBe(60);
  });

  it('puts zero on the bottom axis and the largest value at the top', () => {
    expect(valueY(box, 8, 0)).toBe(60);
    expect(valueY(box, 8, 8)).toBe(10);
    expect(valueY(box, 8, 4)).toBe(35);
  });
});
