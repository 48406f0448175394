// The one Content-Security-Policy both faces serve the renderer with: the Electron shell and the web host
// send it as a header, and src/renderer/index.html carries the same text in its meta tag (a test keeps them equal).
// Nothing remote: scripts, styles, fonts and workers come from the app itself; Monaco needs blob: workers and
// inline styles; the only connection is the web host's own WebSocket on loopback.

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every response of the renderer carries besides the CSP: no sniffing, no referrer, no framing. */
export const rendererSecurityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
