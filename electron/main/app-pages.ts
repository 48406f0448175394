// The pages the Go menu opens, in the order of the sidebar; the first nine get Ctrl/Cmd+1..9. Shared by
// main (the menu) and the preload (which accepts only these names before changing the page's hash route).
import type { Page } from '../../src/renderer/router.svelte.ts';

export const desktopPages = [
  { page: 'discover', label: 'Discover' },
  { page: 'products', label: 'Products' },
  { page: 'topics', label: 'Topics' },
  { page: 'groups', label: 'Consumer groups' },
  { page: 'schemas', label: 'Schemas' },
  { page: 'connectors', label: 'Connectors' },
  { page: 'lineage', label: 'Lineage' },
  { page: 'workbench', label: 'Workbench' },
  { page: 'lifecycle', label: 'Lifecycle' },
  { page: 'governance', label: 'Governance' },
  { page: 'audit', label: 'Audit log' },
  { page: 'connections', label: 'Connections' },
] as const satisfies ReadonlyArray<{ page: Page; label: string }>;

export type DesktopPage = (typeof desktopPages)[number]['page'];

// A page added to the router but not to the Go menu is a type error here, naming the page.
type Unlisted = Exclude<Page, DesktopPage>;
export const everyPageListed: [Unlisted] extends [never] ? true : Unlisted = true;

export function isDesktopPage(value: unknown): value is DesktopPage {
  return desktopPages.some((p) => p.page === value);
}
