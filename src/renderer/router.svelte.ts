// Hash routing for the pages: "#/topics", "#/topics/orders.v1", "#/connections". The hash survives a reload
// and needs no server support in either face. A hash that is not a route (the web host's "#token=…", which
// api.ts consumes) is left alone here and reads as the default page.

export const pages = ['discover', 'products', 'topics', 'groups', 'schemas', 'connectors', 'lineage', 'workbench', 'lifecycle', 'governance', 'audit', 'connections'] as const;
export type Page = (typeof pages)[number];

/** The page that shows each kind of search hit: #/groups/<id>, #/schemas/<subject>, #/products/<id>, … */
export const pageForKind = { topic: 'topics', group: 'groups', connector: 'connectors', subject: 'schemas', product: 'products' } as const satisfies Record<string, Page>;

export interface Route {
  page: Page;
  /** The rest of the path, decoded: e.g. the open topic's name on #/topics/<name>. */
  param: string;
}

const DEFAULT_PAGE: Page = 'topics';

export function parseHash(hash: string): Route {
  if (!hash.startsWith('#/')) return { page: DEFAULT_PAGE, param: '' };
  const path = hash.slice(2);
  const slash = path.indexOf('/');
  const head = slash < 0 ? path : path.slice(0, slash);
  const rest = slash < 0 ? '' : path.slice(slash + 1);
  const page = (pages as readonly string[]).includes(head) ? (head as Page) : DEFAULT_PAGE;
  let param = '';
  try {
    param = decodeURIComponent(rest);
  } catch {
    param = '';
  }
  return { page, param: page === head ? param : '' };
}

export function hrefFor(page: Page, param = ''): string {
  return `#/${page}${param ? `/${encodeURIComponent(param)}` : ''}`;
}

// ── messages ── #/topics/<name>/messages is a topic's message browser (topic names never contain '/').
const MESSAGES_SUFFIX = '/messages';
export function messagesTopic(route: Route): string | null {
  return route.page === 'topics' && route.param.endsWith(MESSAGES_SUFFIX) ? route.param.slice(0, -MESSAGES_SUFFIX.length) : null;
}
export function messagesHref(topic: string): string {
  return `${hrefFor('topics', topic)}${MESSAGES_SUFFIX}`;
}

/** The current route, kept in step with location.hash. One instance, created by the app shell. */
export class Router {
  route = $state<Route>(parseHash(location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = parseHash(location.hash);
    });
  }

  /** Navigates, adding a history entry; `replace` swaps the current one (e.g. closing a detail panel). */
  go(page: Page, param = '', options: { replace?: boolean } = {}): void {
    const href = hrefFor(page, param);
    if (options.replace) history.replaceState(null, '', href);
    else if (location.hash !== href) history.pushState(null, '', href);
    this.route = parseHash(href);
  }
}

// ── lineage ── #/lineage/<node id>, #/lineage/<kind>:<name> (links from detail pages, which know names, not
// ids) or #/lineage/all (the whole snapshot).
export function lineageHref(node: number | { kind: string; name: string } | 'all'): string {
  return hrefFor('lineage', typeof node === 'number' ? String(node) : node === 'all' ? 'all' : `${node.kind}:${node.name}`);
}
