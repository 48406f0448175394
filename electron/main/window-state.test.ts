import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWindowState, restoreWindowState, writeWindowState } from './window-state.ts';

const limits = { width: 1360, height: 860, minWidth: 900, minHeight: 560 };
const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
const monitorOnTheRight = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('restoring the window', () => {
  it('reopens where it was left, maximized or not', () => {
    expect(restoreWindowState({ x: 100, y: 80, width: 1200, height: 800, maximized: true }, [laptop], limits)).toEqual({ x: 100, y: 80, width: 1200, height: 800, maximized: true });
  });

  it('opens centred at the default size on first run or from a broken file', () => {
    expect(restoreWindowState(null, [laptop], limits)).toEqual({ width: 1360, height: 860, maximized: false });
    expect(restoreWindowState({ width: 'wide', height: Number.NaN }, [laptop], limits)).toEqual({ width: 1360, height: 860, maximized: false });
  });

  it('comes back on a connected display when its monitor was unplugged', () => {
    const restored = restoreWindowState({ x: 2200, y: 100, width: 1400, height: 900, maximized: false }, [laptop], limits);
    expect(restored).toEqual({ width: 1400, height: 900, maximized: false });
  });

  it('keeps a position on a second display that is still connected', () => {
    expect(restoreWindowState({ x: 2200, y: 100, width: 1400, height: 900, maximized: false }, [laptop, monitorOnTheRight], limits)).toMatchObject({ x: 2200, y: 100 });
  });

  it('pulls a window that hangs off the edge fully onto the display', () => {
    expect(restoreWindowState({ x: 1700, y: -40, width: 1000, height: 700, maximized: false }, [laptop], limits)).toEqual({ x: 920, y: 0, width: 1000, height: 700, maximized: false });
  });

  it('shrinks a window larger than the display and never below the minimum size', () => {
    expect(restoreWindowState({ x: 0, y: 0, width: 5000, height: 3000, maximized: false }, [laptop], limits)).toMatchObject({ width: 1920, height: 1050 });
    expect(restoreWindowState({ x: 0, y: 0, width: 10, height: 10, maximized: false }, [laptop], limits)).toMatchObject({ width: 900, height: 560 });
  });

  it('survives a round trip through the state file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-window-')), 'nested', 'window-state.json');
    expect(readWindowState(file)).toBeNull();
    writeWindowState(file, { x: 10, y: 20, width: 1000, height: 700, maximized: false });
    expect(restoreWindowState(readWindowState(file), [laptop], limits)).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
    fs.writeFileSync(file, '{"x": 1, "wid');
    expect(readWindowState(file)).toBeNull();
  });
});
