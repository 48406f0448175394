// The pages of the sidebar, in order, with their labels: the one list the renderer's navigation and the
// desktop's Go menu (electron/main/app-pages.ts) both show.
import type { Page } from './router.svelte.ts';

export const navPages = [
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
