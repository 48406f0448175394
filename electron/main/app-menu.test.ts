import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from './app-menu.ts';
import type { DesktopPage } from './app-pages.ts';

function menu(platform: NodeJS.Platform, devTools = false) {
  const visited: DesktopPage[] = [];
  const template = buildMenuTemplate(platform, { goTo: (p) => visited.push(p), openLogFolder: () => {}, openDataFolder: () => {}, showAbout: () => {} }, { devTools });
  const submenu = (label: string) => (template.find((m) => m.label === label)?.submenu ?? []) as MenuItemConstructorOptions[];
  return { template, visited, submenu };
}

describe('the native menu', () => {
  it('has File, Edit, View, Go and Help, with the app menu first on macOS', () => {
    expect(menu('linux').template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Go', '&Help']);
    expect(menu('darwin').template[0]).toEqual({ role: 'appMenu' });
  });

  it('opens the first nine pages with Ctrl/Cmd+1..9 and every page from Go', () => {
    const { submenu, visited } = menu('win32');
    const go = submenu('&Go');
    expect(go.map((item) => item.accelerator).filter(Boolean)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((n) => `CmdOrCtrl+${n}`));
    expect(go[0]).toMatchObject({ label: 'Discover', accelerator: 'CmdOrCtrl+1' });
    expect(go.at(-1)).toMatchObject({ label: 'Connections' });
    expect(go.at(-1)?.accelerator).toBeUndefined();
    for (const item of go) (item.click as () => void)();
    expect(visited).toEqual(['discover', 'products', 'topics', 'groups', 'schemas', 'connectors', 'lineage', 'workbench', 'lifecycle', 'governance', 'audit', 'connections']);
  });

  it('offers DevTools only in development', () => {
    expect(menu('linux', false).submenu('&View').some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(menu('linux', true).submenu('&View').some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('gives no two items the same shortcut', () => {
    const accelerators = menu('linux').template.flatMap((m) => (m.submenu as MenuItemConstructorOptions[] | undefined) ?? []).map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });
});
