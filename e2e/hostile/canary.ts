// The global canary of the security suite: window.__pwned (what every payload would call), hooks on alert,
// confirm, prompt, eval and Function, a CSP violation listener, every request checked against loopback, and a
// scan of the DOM for markup that could only have come from a payload rendered as HTML.
import type { BrowserContext, Page } from '@playwright/test';

export interface CanaryLog {
  /** Markers (or hooked calls carrying a marker) that reached __pwned: payloads that ran. */
  executed: string[];
  /** Calls to alert/confirm/prompt/Function without a marker (Playwright's own evaluate uses eval: not logged). */
  dynamicCode: string[];
  /** securitypolicyviolation events: a blocked inline handler, script or load is a payload rendered as HTML. */
  violations: string[];
  /** CSP's refusals of `new Function("")` with no source: zod's probe for whether it may compile validators. */
  evalProbes: number;
  /** Requests (and WebSockets) to anything but 127.0.0.1/localhost. */
  remoteRequests: string[];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopback(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
  return LOOPBACK.has(u.hostname);
}

/** Runs in every frame before the app: hooks what a payload would reach for, and reports through __pwned. */
function hooks(): void {
  const w = window as unknown as Record<string, unknown> & { __pwned: (what: string) => void };
  const report = (what: string) => {
    try {
      void w.__pwned(what);
    } catch {
      /* the binding is not there yet in an about:blank frame; the CSP listener still sees the attempt */
    }
  };
  for (const name of ['alert', 'confirm', 'prompt'] as const) {
    w[name] = (message?: unknown) => {
      report(`${name}: ${String(message)}`);
      return name === 'confirm' ? false : null;
    };
  }
  const realEval = window.eval;
  w.eval = (source: unknown) => {
    report(`eval: ${String(source).slice(0, 200)}`);
    return realEval(source as string);
  };
  const RealFunction = Function;
  const HookedFunction = function (this: unknown, ...args: string[]) {
    report(`Function: ${args.join(', ').slice(0, 200)}`);
    return RealFunction(...args);
  } as unknown as FunctionConstructor;
  Object.defineProperty(HookedFunction, 'prototype', { value: RealFunction.prototype });
  w.Function = HookedFunction;
  // `{{constructor.constructor(...)()}}` reaches Function through any function's constructor.
  Object.defineProperty(RealFunction.prototype, 'constructor', { value: HookedFunction, writable: true, configurable: true });
  document.addEventListener('securitypolicyviolation', (e) => {
    report(`csp: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} ${e.sample}`);
  });
}

export async function armCanary(context: BrowserContext, page: Page): Promise<CanaryLog> {
  const log: CanaryLog = { executed: [], dynamicCode: [], violations: [], evalProbes: 0, remoteRequests: [] };
  await context.exposeFunction('__pwned', (what: unknown) => {
    const text = String(what);
    if (text === 'csp: script-src blocked eval ') log.evalProbes++;
    else if (text.startsWith('csp: ')) log.violations.push(text.slice(5));
    else if (text.startsWith('eval: ')) {
      /* Playwright's evaluate goes through eval: only a marker (below) makes an eval call count */
    } else if (/^(alert|confirm|prompt|Function): /.test(text)) log.dynamicCode.push(text);
    else log.executed.push(text);
    // A hooked eval/Function/alert whose source is a payload's call: it ran, or would have without the CSP.
    if (text.includes('__pwned(') && !text.startsWith('csp: ')) log.executed.push(text);
  });
  await context.addInitScript(hooks);
  // Nothing leaves the machine, even when a payload asks: a remote request is logged and aborted.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLoopback(url)) return route.continue();
    log.remoteRequests.push(url);
    return route.abort('blockedbyclient');
  });
  watchSockets(page, log);
  context.on('page', (opened) => watchSockets(opened, log));
  return log;
}

export function watchSockets(page: Page, log: CanaryLog): void {
  page.on('websocket', (socket) => {
    if (!isLoopback(socket.url().replace(/^ws/, 'http'))) log.remoteRequests.push(socket.url());
  });
}

/**
 * Elements and attributes the app never makes from data: inline event handlers, script-bearing URLs, frames,
 * objects, <base>/<meta>, and payload-only tags. Each found one is a payload rendered as HTML.
 */
export async function injectedMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const urlAttributes = /^(href|xlink:href|src|srcset|srcdoc|action|formaction|data|poster|background|content|style)$/i;
    const payloadTags = new Set(['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'META', 'MARQUEE', 'X-CARD', 'MGLYPH', 'MTEXT', 'NOSCRIPT', 'FRAMESET', 'ANIMATE']);
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        const tag = el.tagName.toUpperCase();
        const describe = () => el.outerHTML.slice(0, 160);
        if (payloadTags.has(tag) && !(tag === 'META' && el.closest('head'))) found.push(`<${tag.toLowerCase()}>: ${describe()}`);
        if (tag === 'SCRIPT' && !(el as HTMLScriptElement).src) found.push(`inline script: ${describe()}`);
        for (const a of el.attributes) {
          if (/^on/i.test(a.name)) found.push(`${a.name} handler: ${describe()}`);
          // The app's own links are routes (#/…) or mailto: a validated e-mail address.
          else if (urlAttributes.test(a.name) && !/^(#|mailto:[^:<>"'\s]+$)/.test(a.value) && /pwn-|attacker\.invalid|javascript:|vbscript:/i.test(a.value)) found.push(`${a.name}=${a.value.slice(0, 80)}`);
        }
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    return found;
  });
}
