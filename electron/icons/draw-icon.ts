// Draws Tributary's mark — two blue streams joining a green one inside a dark disc — at any pixel size,
// from shapes rather than by scaling one bitmap, so the 16 px icon is as crisp as the 1024 px one.
import type { Bitmap } from './icon-formats.ts';

type Rgb = [number, number, number];
const DISC: Rgb = [17, 24, 39];
const STREAM: Rgb = [91, 141, 239];
const SPRING: Rgb = [34, 160, 107];

/** Points along a quadratic Bézier from p0 to p2 bent towards p1, in unit coordinates. */
function curve(p0: [number, number], p1: [number, number], p2: [number, number], steps = 64): Array<[number, number]> {
  return Array.from({ length: steps + 1 }, (_, i) => {
    const t = i / steps;
    const a = (1 - t) * (1 - t);
    const b = 2 * (1 - t) * t;
    const c = t * t;
    return [a * p0[0] + b * p1[0] + c * p2[0], a * p0[1] + b * p1[1] + c * p2[1]] as [number, number];
  });
}

const LEFT = curve([0.25, 0.16], [0.44, 0.5], [0.5, 0.84]);
const RIGHT = curve([0.75, 0.16], [0.56, 0.5], [0.5, 0.84]);

function nearStroke(points: ReadonlyArray<[number, number]>, x: number, y: number, halfWidth: number): boolean {
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1]!;
    const [bx, by] = points[i]!;
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    const ex = ax + t * dx - x;
    const ey = ay + t * dy - y;
    if (ex * ex + ey * ey <= halfWidth * halfWidth) return true;
  }
  return false;
}

/** The colour at one point of the unit square, or null outside the disc. */
function shade(x: number, y: number, size: number): Rgb | null {
  const r = Math.hypot(x - 0.5, y - 0.5);
  if (r > 0.47) return null;
  // Small icons get bolder strokes so the mark survives at 16 px.
  const half = Math.max(0.032, 0.75 / size);
  if (x >= 0.5 - half * 0.9 && x <= 0.5 + half * 0.9 && y >= 0.15 && y <= 0.74) return SPRING;
  if (Math.abs(x - 0.5) < 0.3 && y > 0.1 && y < 0.9 && (nearStroke(LEFT, x, y, half) || nearStroke(RIGHT, x, y, half))) return STREAM;
  return DISC;
}

export function drawIcon(size: number): Bitmap {
  const samples = size >= 256 ? 2 : 4;
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          covered++;
        }
      }
      const at = (py * size + px) * 4;
      if (covered) rgba.set([Math.round(r / covered), Math.round(g / covered), Math.round(b / covered), Math.round((255 * covered) / (samples * samples))], at);
    }
  }
  return { size, rgba };
}
