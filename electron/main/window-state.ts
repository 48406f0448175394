// The main window's bounds and maximized flag, remembered between runs in <userData>/window-state.json.
// A saved position is used only while it still lands on a connected display: after a monitor is unplugged
// the window comes back centred on the primary one instead of off-screen.
import fs from 'node:fs';
import path from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent: let Electron centre the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface WindowSizeLimits {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

/** At least this much of a window must overlap a display for its saved position to be kept. */
const MIN_VISIBLE = { width: 120, height: 60 };

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/** Turns what was saved (any JSON, maybe hand-edited or from another machine) into bounds that fit a display. */
export function restoreWindowState(saved: unknown, workAreas: readonly Rect[], limits: WindowSizeLimits): WindowState {
  const fallback: WindowState = { width: limits.width, height: limits.height, maximized: false };
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as Record<string, unknown>;
  const maximized = s.maximized === true;
  if (!finite(s.width) || !finite(s.height)) return { ...fallback, maximized };
  const largest = workAreas.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a), workAreas[0] ?? { x: 0, y: 0, width: limits.width, height: limits.height });
  const width = Math.round(Math.min(Math.max(s.width, limits.minWidth), Math.max(largest.width, limits.minWidth)));
  const height = Math.round(Math.min(Math.max(s.height, limits.minHeight), Math.max(largest.height, limits.minHeight)));
  if (!finite(s.x) || !finite(s.y)) return { width, height, maximized };
  const wanted = { x: Math.round(s.x), y: Math.round(s.y), width, height };
  let best: { area: Rect; visible: number } | null = null;
  for (const area of workAreas) {
    const o = overlap(wanted, area);
    if (o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height && (!best || o.width * o.height > best.visible)) best = { area, visible: o.width * o.height };
  }
  if (!best) return { width, height, maximized };
  const area = best.area;
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  // Pull a partly visible window fully onto the display it mostly sits on.
  const x = Math.min(Math.max(wanted.x, area.x), area.x + area.width - w);
  const y = Math.min(Math.max(wanted.y, area.y), area.y + area.height - h);
  return { x, y, width: w, height: h, maximized };
}

export function readWindowState(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Written to a temporary file and renamed, so a crash mid-write never leaves half a JSON file. */
export function writeWindowState(file: string, state: WindowState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(state));
  fs.renameSync(temporary, file);
}
