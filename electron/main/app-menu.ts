// The native menu: File, Edit, View, Go (every page, Ctrl/Cmd+1..9 for the first nine) and Help; on macOS
// the app menu comes first, as the platform expects. Built as plain data so a test can read the shortcuts.
import type { MenuItemConstructorOptions } from 'electron';
import { desktopPages, type DesktopPage } from './app-pages.ts';

export interface MenuActions {
  goTo(page: DesktopPage): void;
  openLogFolder(): void;
  openDataFolder(): void;
  showAbout(): void;
}

export function buildMenuTemplate(platform: NodeJS.Platform, actions: MenuActions, options: { devTools: boolean }): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' });
  template.push({
    label: '&File',
    submenu: [
      { label: 'Connections…', accelerator: 'CmdOrCtrl+,', click: () => actions.goTo('connections') },
      { label: 'Open Data Folder', click: () => actions.openDataFolder() },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit', accelerator: 'Ctrl+Q' },
    ],
  });
  template.push({ role: 'editMenu', label: '&Edit' });
  const view: MenuItemConstructorOptions[] = [{ role: 'reload' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }];
  // DevTools only in development: in a packaged app they would let anyone at the keyboard script the engine.
  if (options.devTools) view.push({ type: 'separator' }, { role: 'toggleDevTools' });
  template.push({ label: '&View', submenu: view });
  template.push({
    label: '&Go',
    submenu: desktopPages.map(({ page, label }, index) => ({
      label,
      ...(index < 9 ? { accelerator: `CmdOrCtrl+${index + 1}` } : {}),
      click: () => actions.goTo(page),
    })),
  });
  template.push({
    role: 'help',
    label: '&Help',
    submenu: [
      { label: 'Open Crash Log Folder', click: () => actions.openLogFolder() },
      ...(mac ? [] : [{ type: 'separator' as const }, { label: 'About Tributary', click: () => actions.showAbout() }]),
    ],
  });
  return template;
}
