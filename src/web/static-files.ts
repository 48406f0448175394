// Serves the built renderer: files under one folder only (the web host adds the security headers and the CSP).
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false; // missing, or a path through a file (ENOTDIR)
  }
}

export function serveStatic(dir: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (pathname.includes('\0')) throw new Error('NUL in path');
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad request: the path is not valid percent-encoding');
    return;
  }
  let file = path.resolve(dir, '.' + (pathname === '/' ? '/index.html' : pathname));
  if (!file.startsWith(path.resolve(dir) + path.sep)) {
    res.writeHead(403).end('Forbidden');
    return;
  }
  // An unknown path is a page route: the single-page app decides.
  if (!isFile(file)) file = path.join(dir, 'index.html');
  const stream = fs.createReadStream(file);
  stream.once('open', () => {
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' });
    stream.pipe(res);
  });
  // A file that vanished or cannot be read answers 404 rather than an unhandled stream error.
  stream.once('error', () => {
    if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    else res.destroy();
  });
}
