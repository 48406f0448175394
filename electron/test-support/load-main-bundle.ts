// Loads the built main bundle (out/main/index.js) in plain Node with 'electron' replaced by a recording
// stub, drives the handlers it registered the way Electron would, and prints what happened as JSON. Any
// import other than electron, a Node builtin or the bundle's own files fails the load, and so does importing
// a name that Electron's main-process API does not have (the names come from Electron's own electron.d.ts).
import fs from 'node:fs';
import { builtinModules, registerHooks } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const bundle = path.resolve(process.argv[2] ?? 'out/main/index.js');
const root = path.resolve(import.meta.dirname, '../..');
const stubUrl = pathToFileURL(path.join(import.meta.dirname, 'electron-stub.ts')).href;

function electronApiNames(namespaces: string[]): string[] {
  const dts = fs.readFileSync(path.join(root, 'node_modules/electron/electron.d.ts'), 'utf8');
  const names: string[] = [];
  for (const ns of namespaces) {
    const start = dts.indexOf(`\n  namespace ${ns} {`);
    const end = dts.indexOf('\n  }', start);
    for (const m of dts.slice(start, end).matchAll(/^ {4}(?:const|class) ([A-Za-z]+)/gm)) names.push(m[1]!);
  }
  return names;
}
const mainApi = electronApiNames(['Main', 'Common']);
const outside: string[] = [];

registerHooks({
  resolve(specifier, context, next) {
    if (specifier === 'electron') return { url: 'tributary-stub:electron', shortCircuit: true };
    const bare = !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.startsWith('file:') && !specifier.startsWith('node:') && !builtinModules.includes(specifier);
    if (bare && context.parentURL?.startsWith(pathToFileURL(path.dirname(bundle)).href)) outside.push(specifier);
    return next(specifier, context);
  },
  load(url, context, next) {
    if (url !== 'tributary-stub:electron') return next(url, context);
    const source = [`import { stub } from ${JSON.stringify(stubUrl)};`, ...mainApi.map((n) => `export const ${n} = stub[${JSON.stringify(n)}] ?? {};`), 'export default stub;'].join('\n');
    return { format: 'module', source, shortCircuit: true };
  },
});

process.env.TRIBUTARY_DATA = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-main-bundle-'));
const { record } = await import(stubUrl);
await import(pathToFileURL(bundle).href);
await new Promise((resolve) => setTimeout(resolve, 50));

const win = record.windows[0];
const indexFile = path.join(path.dirname(bundle), '../renderer/index.html');
const appPage = `${pathToFileURL(indexFile).href}#/topics`;
const prevented = (handler: ((...a: any[]) => void) | undefined, url: string) => {
  let stopped = false;
  handler?.({ preventDefault: () => (stopped = true) }, url);
  return stopped;
};
const permission = (name: string, url: string) => new Promise((resolve) => record.permissionRequest?.(null, name, resolve, { requestingUrl: url }));
const cancel = (url: string) => new Promise((resolve) => record.beforeRequest?.({ url }, (r: { cancel: boolean }) => resolve(r.cancel)));
const headers = await new Promise<Record<string, string[]>>((resolve) => record.headersReceived?.({ responseHeaders: { 'Content-Security-Policy': ['default-src *'] } }, (r: { responseHeaders: Record<string, string[]> }) => resolve(r.responseHeaders)));
const engine = record.forks[0];
const callFrom = (url: string) => {
  const before = engine?.posted.length ?? 0;
  record.ipcMain.get('tributary:call')?.({ senderFrame: { url, parent: null }, sender: { isDestroyed: () => false, send: () => {} } }, { id: 1, method: 'app.info', input: {} });
  return (engine?.posted.length ?? 0) > before;
};

console.log(
  JSON.stringify({
    outside,
    sandboxEnabled: record.sandboxEnabled,
    menuSet: record.menuSet,
    webPreferences: win?.options.webPreferences,
    loaded: win?.loaded,
    windowOpenHttps: win?.windowOpenHandler?.({ url: 'https://kafka.apache.org/documentation/' }),
    windowOpenFile: win?.windowOpenHandler?.({ url: 'file:///etc/passwd' }),
    openedExternally: record.openedExternally,
    navigateAwayPrevented: prevented(win?.contentsHandlers.get('will-navigate'), 'https://evil.example/'),
    navigateAppPagePrevented: prevented(win?.contentsHandlers.get('will-navigate'), appPage),
    webviewPrevented: prevented(win?.contentsHandlers.get('will-attach-webview'), ''),
    mediaPermission: await permission('media', appPage),
    notificationsPermission: await permission('notifications', appPage),
    remoteScriptCancelled: await cancel('https://cdn.example.com/x.js'),
    loopbackCancelled: await cancel('http://127.0.0.1:8081/subjects'),
    appFileCancelled: await cancel(appPage),
    csp: headers['content-security-policy'],
    replacedLooserCsp: Object.keys(headers).filter((h) => h.toLowerCase() === 'content-security-policy').length === 1,
    engineModule: engine && path.relative(path.dirname(bundle), engine.modulePath),
    engineModuleExists: !!engine && fs.existsSync(engine.modulePath),
    engineStart: engine?.posted[0],
    foreignFrameRelayed: callFrom('https://evil.example/'),
    appFrameRelayed: callFrom(appPage),
    preloadExists: !!win && fs.existsSync(win.options.webPreferences.preload),
  }),
);
process.exit(0);
