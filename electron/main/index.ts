// Electron's main process: one window, the engine bound to IPC, and the renderer locked down
// (contextIsolation, sandbox, no nodeIntegration, no navigation, no new windows, no permissions).
import path from 'node:path';
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { createEngine, type Engine } from '../../src/core/engine.ts';
import { dispatch } from '../../src/core/dispatch.ts';

let engine: Engine | null = null;
let window: BrowserWindow | null = null;

function isOwnPage(url: string): boolean {
  if (process.env.ELECTRON_RENDERER_URL) return url.startsWith(process.env.ELECTRON_RENDERER_URL);
  return url.startsWith('file://');
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 560,
    title: 'Tributary',
    show: false,
    webPreferences: {
      preload: path.join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault();
  });
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(path.join(import.meta.dirname, '../renderer/index.html'));
  return win;
}

if (!app.requestSingleInstanceLock()) app.quit();
else {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    const dataDir = process.env.TRIBUTARY_DATA ?? app.getPath('userData');
    engine = createEngine({ dataDir, host: 'electron', version: app.getVersion() });
    ipcMain.on('tributary:call', (event, frame: { id?: unknown; method?: unknown; input?: unknown }) => {
      if (!isOwnPage(event.senderFrame?.url ?? '')) return;
      const id = typeof frame?.id === 'number' ? frame.id : -1;
      void dispatch(engine!.handlers, { id, method: frame?.method, input: frame?.input }, (response) => {
        if (!event.sender.isDestroyed()) event.sender.send('tributary:frame', response);
      });
    });
    window = createWindow();
    window.on('closed', () => (window = null));
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => engine?.close());
}
