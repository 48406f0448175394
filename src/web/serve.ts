// The web host: serves the renderer to a browser and the engine's API over a WebSocket, both on 127.0.0.1
// only. Each run makes a random token; the printed URL carries it once (?token=), the host answers with an
// HttpOnly cookie and a redirect to the token-free page, and every later request and WebSocket must carry the
// cookie or the token, name 127.0.0.1/localhost and this port as Host, and come from this origin.
// Usage: node src/web/serve.ts [--port N] [--data DIR] [--dev] [--open]
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WebSocketServer } from 'ws';
import { createEngine } from '../core/engine.ts';
import { dispatch } from '../core/dispatch.ts';
import { rendererSecurityHeaders } from '../core/content-security-policy.ts';
import { serveStatic } from './static-files.ts';
import { checkSite, checkToken, requestUrl, tokenCookie, type Verdict } from './request-guard.ts';
import { openInBrowser } from './open-browser.ts';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

/** The largest call the contract allows (profiles.import's 5 MB) fits after JSON escaping; more closes the socket (1009). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

function refuse(res: http.ServerResponse, verdict: { status: number; reason: string }): void {
  res.writeHead(verdict.status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' }).end(`${verdict.reason}\n`);
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startWebHost(options: { port?: number; dataDir: string; dev?: boolean; staticDir?: string }): Promise<WebHost> {
  const token = crypto.randomBytes(24).toString('base64url');
  const engine = createEngine({ dataDir: options.dataDir, host: 'web', version: pkg.version });
  const staticDir = options.staticDir ?? path.join(root, 'out/renderer');

  let handleHttp: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  let closeDev = async () => {};
  if (options.dev) {
    const { createServer } = await import('vite');
    const { svelte } = await import('@sveltejs/vite-plugin-svelte');
    const vite = await createServer({ root: path.join(root, 'src/renderer'), configFile: false, plugins: [svelte({ configFile: path.join(root, 'svelte.config.js') })], server: { middlewareMode: true, hmr: false }, appType: 'spa' });
    handleHttp = (req, res) => vite.middlewares(req, res);
    closeDev = () => vite.close();
  } else {
    if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
      engine.close();
      throw new Error(`The renderer is not built (${staticDir}/index.html is missing) — run \`npm run build\` first, or start with --dev`);
    }
    handleHttp = (req, res) => serveStatic(staticDir, req, res);
  }

  const portNow = () => {
    const address = server.address();
    return typeof address === 'object' && address ? address.port : 0;
  };
  const server = http.createServer((req, res) => {
    const port = portNow();
    const url = requestUrl(req);
    if (!url) return refuse(res, { status: 400, reason: 'Refused: the request target must be a path on this host' });
    const verdict = [checkSite(req, port, { originRequired: false }), checkToken(req, url, port, token)].find((v) => !v.ok);
    if (verdict) return refuse(res, verdict);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, { status: 405, reason: `Refused: the web host serves pages only (GET), not ${req.method}` });
    if (url.searchParams.has('token')) {
      // The launcher URL: trade the token for the cookie, and take it out of the address bar and history.
      url.searchParams.delete('token');
      res.writeHead(303, { ...rendererSecurityHeaders, location: `/${url.pathname.replace(/^\/+/, '')}${url.search}`, 'set-cookie': tokenCookie(port, token), 'cache-control': 'no-store' }).end();
      return;
    }
    for (const [name, value] of Object.entries(rendererSecurityHeaders)) res.setHeader(name, value);
    handleHttp(req, res);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    // A client that resets a refused handshake must not take the host down with an unhandled 'error'.
    socket.on('error', () => socket.destroy());
    const port = portNow();
    const url = requestUrl(req);
    const site: Verdict = url?.pathname === '/api' ? checkSite(req, port, { originRequired: true }) : { ok: false, status: 403, reason: 'Refused: the only WebSocket is /api' };
    if (!site.ok) {
      socket.end(`HTTP/1.1 ${site.status} ${http.STATUS_CODES[site.status]}\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n\r\n${site.reason}\n`);
      return;
    }
    const auth = checkToken(req, url!, port, token);
    sockets.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => undefined); // ws closes the socket itself (1007, 1009…) after reporting a bad frame
      // Close with a code the page explains, rather than a bare HTTP refusal the browser hides from scripts.
      if (!auth.ok) return ws.close(4401, 'bad token');
      ws.on('message', (data, isBinary) => {
        if (isBinary) return ws.send(JSON.stringify({ id: -1, type: 'error', error: { kind: 'Invalid', message: 'A binary frame reached the web host — calls are JSON text frames' } }));
        let frame: { id?: unknown; method?: unknown; input?: unknown };
        try {
          frame = JSON.parse(String(data)) as typeof frame;
        } catch {
          return ws.send(JSON.stringify({ id: -1, type: 'error', error: { kind: 'Invalid', message: 'A frame that is not JSON reached the web host' } }));
        }
        if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
          return ws.send(JSON.stringify({ id: -1, type: 'error', error: { kind: 'Invalid', message: 'A frame must be a JSON object {id, method, input}' } }));
        }
        const id = typeof frame.id === 'number' && Number.isSafeInteger(frame.id) ? frame.id : -1;
        void dispatch(engine.handlers, { id, method: frame.method, input: frame.input }, (response) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(response));
        });
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      engine.close();
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${options.port} on 127.0.0.1 is already in use — stop whatever holds it or pass --port 0 for a free one`) : error);
    });
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeDev();
      engine.close();
    },
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.TRIBUTARY_PORT ?? '0' },
      data: { type: 'string', default: process.env.TRIBUTARY_DATA ?? path.join(os.homedir(), '.local/share/tributary') },
      dev: { type: 'boolean', default: false },
      open: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535, not "${values.port}"`);
    process.exit(2);
  }
  try {
    const host = await startWebHost({ port, dataDir: values.data, dev: values.dev });
    console.log(`Tributary web host: ${host.url}`);
    console.log(`(cache: ${path.join(values.data, 'tributary.db')}; Ctrl-C stops)`);
    if (values.open) openInBrowser(host.url);
    const stop = () => void host.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    console.error(`Tributary web host could not start: ${(error as Error).message}`);
    process.exit(1);
  }
}
