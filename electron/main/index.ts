// Electron's main process: one window, the engine bound to IPC, and the renderer locked down
// (contextIsolation, sandbox, no nodeIntegration, no navigation, no new windows, no permissions).
import path from 'node:path';
import { app, BrowserWindow, ipcMain, safeStorage, session, shell } from 'electron';
import { createEngine, type Engine } from '../../src/core/engine.ts';
import { dispatch } from '../../src/core/dispatch.ts';
import type { SecretCipher } from '../../src/core/cluster/vault.ts';

/** safeStorage when it really encrypts; on Linux without a keyring it falls back to basic_text, which does not. */
function osKeychain(): { cipher: SecretCipher | null; warning: string | null } {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  if (safeStorage.isEncryptionAvailable() && backend !== 'basic_text') {
    return { cipher: { encrypt: (plain) => safeStorage.encryptString(plain), decrypt: (sealed) => safeStorage.decryptString(sealed) }, warning: null };
  }
  return {
    cipher: null,
    warning:
      backend === 'basic_text'
        ? "This desktop has no keyring, so Electron's safeStorage would only obfuscate secrets (basic_text backend); Tributary uses its passphrase vault instead."
        : 'The OS keychain is not available; Tributary uses its passphrase vault instead.',
  };
}

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
    const keychain = osKeychain();
    engine = createEngine({ dataDir, host: 'electron', version: app.getVersion(), secretCipher: keychain.cipher, vaultWarning: keychain.warning });
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
