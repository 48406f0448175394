// The pages the Go menu opens, in the order of the sidebar; the first nine get Ctrl/Cmd+1..9. Shared by
// main (the menu) and the preload (which accepts only these names before changing the page's hash route).
import { navPages } from '../../src/renderer/nav-pages.ts';
import type { Page } from '../../src/renderer/router.svelte.ts';

export const desktopPages = navPages;

export type DesktopPage = (typeof desktopPages)[number]['page'];

// A page added to the router but not to the Go menu is a type error here, naming the page.
type Unlisted = Exclude<Page, DesktopPage>;
export const everyPageListed: [Unlisted] extends [never] ? true : Unlisted = true;

export function isDesktopPage(value: unknown): value is DesktopPage {
  return desktopPages.some((p) => p.page === value);
}
