// Electron's main process: one locked-down window, the native menu, the crash log, and the engine — which
// runs in a separate utility process (electron/engine) so a long sync never blocks the window. Main relays
// the renderer's frames to it and keeps the one thing only main can do: unwrap the keychain data key with
// safeStorage. Every allow/deny decision lives in a small pure module beside this file.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, screen, session, shell, utilityProcess, type Session, type WebContents } from 'electron';
import { rendererSecurityHeaders } from '../../src/core/content-security-policy.ts';
import { buildMenuTemplate } from './app-menu.ts';
import type { DesktopPage } from './app-pages.ts';
import { crashLogger } from './crash-log.ts';
import { EngineHost, type EngineProcess } from './engine-host.ts';
import { isAllowedExternalUrl } from './external-links.ts';
import { loadKeychainKey, type KeychainKey } from './keychain-key.ts';
import { isAllowedRequest, isAppPageUrl, isPermissionAllowed, type AppLocation } from './security-policy.ts';
import { readWindowState, restoreWindowState, writeWindowState } from './window-state.ts';

// A packaged app never takes its page from the environment: only `electron-vite dev` serves it over HTTP.
const where: AppLocation = {
  devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
  rendererIndexFile: path.join(import.meta.dirname, '../renderer/index.html'),
};
const dataDir = process.env.TRIBUTARY_DATA ?? app.getPath('userData');
const logFile = path.join(dataDir, 'logs', 'tributary.log');
const windowStateFile = path.join(dataDir, 'window-state.json');
const log = crashLogger(logFile);
const WINDOW_LIMITS = { width: 1360, height: 860, minWidth: 900, minHeight: 560 };

process.on('uncaughtException', (error) => log({ source: 'main uncaughtException', message: error.message, stack: error.stack }));
process.on('unhandledRejection', (reason) => {
  const error = reason instanceof Error ? reason : new Error(String(reason));
  log({ source: 'main unhandledRejection', message: error.message, stack: error.stack });
});

let engine: EngineHost | null = null;
let mainWindow: BrowserWindow | null = null;

function openExternalIfAllowed(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
}

/** Every web contents, including any a bug might create: no new windows, no navigation away, no webviews. */
function hardenContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (isAppPageUrl(url, where)) return;
    event.preventDefault();
    openExternalIfAllowed(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppPageUrl(url, where)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function applySessionPolicy(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isPermissionAllowed(permission, details.requestingUrl ?? '', where)));
  ses.setPermissionCheckHandler((_contents, permission, _origin, details) => isPermissionAllowed(permission, details.requestingUrl ?? '', where));
  ses.setDevicePermissionHandler(() => false);
  // Nothing remote, ever: cluster data can name URLs, and the renderer must not be able to reach them.
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url, where) }));
  // The same CSP as the web host, as a header, for pages served over HTTP (the dev server); a packaged app's
  // file:// page gets it from the identical meta tag in index.html.
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = Object.fromEntries(Object.entries(details.responseHeaders ?? {}).filter(([name]) => !(name.toLowerCase() in rendererSecurityHeaders)));
    for (const [name, value] of Object.entries(rendererSecurityHeaders)) headers[name] = [value];
    callback({ responseHeaders: headers });
  });
}

function spawnEngine(): EngineProcess {
  const child = utilityProcess.fork(path.join(import.meta.dirname, 'engine.js'), [], { serviceName: 'Tributary engine', stdio: 'inherit' });
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (receive) => child.on('message', receive),
    onExit: (exited) => child.once('exit', exited),
    kill: () => void child.kill(),
  };
}

function keychainKey(): KeychainKey {
  try {
    return loadKeychainKey(dataDir, safeStorage, process.platform);
  } catch (error) {
    log({ source: 'main keychain', message: (error as Error).message });
    return { key: null, warning: `The OS keychain could not be used (${(error as Error).message}); Tributary uses its passphrase vault instead.` };
  }
}

function createWindow(): BrowserWindow {
  const state = restoreWindowState(readWindowState(windowStateFile), screen.getAllDisplays().map((d) => d.workArea), WINDOW_LIMITS);
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: WINDOW_LIMITS.minWidth,
    minHeight: WINDOW_LIMITS.minHeight,
    title: 'Tributary',
    show: false,
    webPreferences: {
      preload: path.join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // A middle click would otherwise open a link through a path setWindowOpenHandler does not see first.
      disableBlinkFeatures: 'Auxclick',
      // Chromium's spellchecker downloads dictionaries from the internet; cluster text needs none.
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    try {
      writeWindowState(windowStateFile, { ...win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (error) {
      log({ source: 'main window-state', message: (error as Error).message });
    }
  });
  if (where.devServerUrl) void win.loadURL(where.devServerUrl);
  else void win.loadFile(where.rendererIndexFile);
  return win;
}

function goTo(page: DesktopPage): void {
  mainWindow?.webContents.send('tributary:go', page);
}

function showAbout(): void {
  const versions = `Version ${app.getVersion()}\nElectron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`;
  void dialog.showMessageBox({ type: 'info', title: 'About Tributary', message: 'Tributary', detail: `${versions}\n\nData: ${dataDir}\nCrash log: ${logFile}` });
}

app.enableSandbox();

if (!app.requestSingleInstanceLock()) app.quit();
else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  const pageReloads: number[] = [];
  app.on('render-process-gone', (_event, contents, details) => {
    log({ source: 'renderer render-process-gone', message: `The window's page stopped (${details.reason})`, details: { reason: details.reason, exitCode: details.exitCode } });
    // A crashed page comes back by itself, up to three times a minute (a page that crashes on load would
    // otherwise spin); a page killed on purpose, or the app closing, does not.
    const now = Date.now();
    while (pageReloads.length && now - pageReloads[0]! > 60_000) pageReloads.shift();
    if (details.reason === 'clean-exit' || details.reason === 'killed' || contents.isDestroyed() || pageReloads.length >= 3) return;
    pageReloads.push(now);
    contents.reload();
  });
  app.on('child-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    log({ source: `${details.type} child-process-gone`, message: `${details.serviceName ?? details.name ?? details.type} stopped (${details.reason})`, details: { reason: details.reason, exitCode: details.exitCode } });
  });

  app.whenReady().then(() => {
    applySessionPolicy(session.defaultSession);
    const keychain = keychainKey();
    engine = new EngineHost({
      spawn: spawnEngine,
      start: { dataDir, version: app.getVersion(), keychainKey: keychain.key, vaultWarning: keychain.warning },
      log,
      logFile,
    });
    ipcMain.on('tributary:call', (event, frame: unknown) => {
      // Only the app's own top-level page may call the engine.
      if (!event.senderFrame || event.senderFrame.parent !== null || !isAppPageUrl(event.senderFrame.url, where)) return;
      engine?.call(frame, (response) => {
        if (!event.sender.isDestroyed()) event.sender.send('tributary:frame', response);
      });
    });
    const actions = { goTo, showAbout, openLogFolder: () => void shell.openPath(path.dirname(logFile)), openDataFolder: () => void shell.openPath(dataDir) };
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(process.platform, actions, { devTools: !app.isPackaged })));
    mainWindow = createWindow();
    mainWindow.on('closed', () => (mainWindow = null));
  });

  app.on('window-all-closed', () => app.quit());
  // Let the engine close its cache (WAL checkpoint) before the app exits; it is killed after a grace period.
  let engineStopped = false;
  app.on('will-quit', (event) => {
    if (engineStopped || !engine) return;
    event.preventDefault();
    void engine.stop().then(() => {
      engineStopped = true;
      app.quit();
    });
  });
}
