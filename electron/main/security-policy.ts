// What the desktop shell allows its renderer: which URLs are the app's own page, which requests may load
// (nothing remote), and which web permissions are granted (none but writing text to the clipboard). Pure
// decisions, so tests can cover them without Electron; electron/main/index.ts wires them to the session.

export interface AppLocation {
  /** The electron-vite dev server in development (ELECTRON_RENDERER_URL); unset in a packaged app. */
  devServerUrl?: string | undefined;
  /** The renderer's index.html on disk, loaded with loadFile in a packaged app. */
  rendererIndexFile: string;
}

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

function fileUrlPath(url: URL): string {
  // file:///C:/x on Windows has pathname /C:/x; compare decoded, forward-slashed, case as given.
  return decodeURIComponent(url.pathname).replace(/^\/([A-Za-z]:)/, '$1');
}

function normalisePath(file: string): string {
  return file.replaceAll('\\', '/');
}

/** True for the renderer's own page (any hash route); false for every other document. */
export function isAppPageUrl(raw: string, where: AppLocation): boolean {
  const url = parse(raw);
  if (!url) return false;
  if (where.devServerUrl) {
    const dev = parse(where.devServerUrl);
    return !!dev && url.origin === dev.origin;
  }
  return url.protocol === 'file:' && url.host === '' && fileUrlPath(url) === normalisePath(where.rendererIndexFile);
}

const LOCAL_SCHEMES = new Set(['file:', 'data:', 'blob:', 'devtools:']);

/** Whether the renderer's session may load a URL at all: local files, data/blob and DevTools only. */
export function isAllowedRequest(raw: string, where: AppLocation): boolean {
  const url = parse(raw);
  if (!url) return false;
  if (LOCAL_SCHEMES.has(url.protocol)) return true;
  if (!where.devServerUrl) return false;
  const dev = parse(where.devServerUrl);
  if (!dev) return false;
  // The dev server's page, modules and its hot-reload WebSocket (same host and port, ws: for http:).
  const sameHost = url.host === dev.host;
  return sameHost && (url.protocol === dev.protocol || url.protocol === (dev.protocol === 'https:' ? 'wss:' : 'ws:'));
}

/**
 * Web permissions (camera, notifications, geolocation, clipboard read, …) are all denied. Writing text to
 * the clipboard is the one exception, for the app's own page: the "copy command" buttons use it, and it
 * cannot read anything back.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string, where: AppLocation): boolean {
  return permission === 'clipboard-sanitized-write' && isAppPageUrl(requestingUrl, where);
}
