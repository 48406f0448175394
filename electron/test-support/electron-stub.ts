// A stand-in for the 'electron' module that records what the built main bundle asks of it, so the bundle
// can be loaded and driven in plain Node where Electron's binary cannot be installed. Only what main uses
// behaves; every other export of Electron's main-process API exists as an empty object.
import os from 'node:os';

type Fn = (...args: any[]) => any;

export const record = {
  sandboxEnabled: false,
  quit: 0,
  appHandlers: new Map<string, Fn[]>(),
  windows: [] as Array<{ options: any; loaded: string | null; windowOpenHandler: Fn | null; contentsHandlers: Map<string, Fn> }>,
  permissionRequest: null as Fn | null,
  permissionCheck: null as Fn | null,
  devicePermission: null as Fn | null,
  beforeRequest: null as Fn | null,
  headersReceived: null as Fn | null,
  forks: [] as Array<{ modulePath: string; options: any; posted: any[] }>,
  ipcMain: new Map<string, Fn>(),
  menuSet: false,
  openedExternally: [] as string[],
};

function on(map: Map<string, Fn[]>, event: string, fn: Fn) {
  map.set(event, [...(map.get(event) ?? []), fn]);
}

class BrowserWindow {
  webContents: any;
  constructor(options: any) {
    const entry = { options, loaded: null as string | null, windowOpenHandler: null as Fn | null, contentsHandlers: new Map<string, Fn>() };
    record.windows.push(entry);
    this.webContents = {
      setWindowOpenHandler: (fn: Fn) => (entry.windowOpenHandler = fn),
      on: (event: string, fn: Fn) => entry.contentsHandlers.set(event, fn),
      send: () => {},
      isDestroyed: () => false,
    };
    for (const fn of record.appHandlers.get('web-contents-created') ?? []) fn({}, this.webContents);
    this.loadFile = (file: string) => ((entry.loaded = `file:${file}`), Promise.resolve());
    this.loadURL = (url: string) => ((entry.loaded = url), Promise.resolve());
  }
  loadFile: Fn;
  loadURL: Fn;
  maximize() {}
  once() {}
  on() {}
}

export const stub: Record<string, unknown> = {
  app: {
    isPackaged: true,
    getPath: () => os.tmpdir(),
    getVersion: () => '0.0.0-stub',
    enableSandbox: () => void (record.sandboxEnabled = true),
    requestSingleInstanceLock: () => true,
    quit: () => void record.quit++,
    on: (event: string, fn: Fn) => on(record.appHandlers, event, fn),
    whenReady: () => Promise.resolve(),
  },
  BrowserWindow,
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: Fn) => (record.permissionRequest = fn),
      setPermissionCheckHandler: (fn: Fn) => (record.permissionCheck = fn),
      setDevicePermissionHandler: (fn: Fn) => (record.devicePermission = fn),
      webRequest: { onBeforeRequest: (fn: Fn) => (record.beforeRequest = fn), onHeadersReceived: (fn: Fn) => (record.headersReceived = fn) },
    },
  },
  utilityProcess: {
    fork: (modulePath: string, _args: string[], options: any) => {
      const child = { modulePath, options, posted: [] as any[] };
      record.forks.push(child);
      return { postMessage: (m: any) => child.posted.push(m), on: () => {}, once: () => {}, kill: () => true };
    },
  },
  safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text', encryptString: () => Buffer.alloc(0), decryptString: () => '' },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  ipcMain: { on: (channel: string, fn: Fn) => record.ipcMain.set(channel, fn) },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => void (record.menuSet = true) },
  shell: { openExternal: async (url: string) => void record.openedExternally.push(url), openPath: async () => '' },
  dialog: { showMessageBox: async () => ({ response: 0 }) },
};
