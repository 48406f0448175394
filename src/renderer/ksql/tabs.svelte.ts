// The Workbench's editor tabs: each keeps its text, the text it was last saved as (a snippet, or what it was
// opened with) so the tab can show an unsaved-change marker, and the snippet it belongs to. All of it lives in
// localStorage, so a reload or a crash loses nothing typed.

export interface EditorTab {
  id: string;
  title: string;
  text: string;
  /** The text as last saved or opened; the tab is "unsaved" while text differs. */
  savedText: string;
  snippetId: number | null;
}

const STORAGE_KEY = 'tributary.ksql.tabs';
const SAVE_DELAY_MS = 300;

const newId = () => `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

function load(): { tabs: EditorTab[]; activeId: string } | null {
  try {
    const raw = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as { tabs?: unknown; activeId?: unknown } | null;
    if (!raw || !Array.isArray(raw.tabs)) return null;
    const tabs = raw.tabs.filter(
      (t): t is EditorTab => typeof t === 'object' && t !== null && typeof t.id === 'string' && typeof t.title === 'string' && typeof t.text === 'string' && typeof t.savedText === 'string',
    );
    if (!tabs.length) return null;
    for (const t of tabs) if (typeof t.snippetId !== 'number') t.snippetId = null;
    return { tabs, activeId: typeof raw.activeId === 'string' && tabs.some((t) => t.id === raw.activeId) ? raw.activeId : tabs[0]!.id };
  } catch {
    return null;
  }
}

/** Adds a tab to the stored tabs and makes it the active one: how another page hands the Workbench a script
    (the Workbench reads the stored tabs when it opens). */
export function queueWorkbenchTab(title: string, text: string): void {
  const stored = load();
  const tab: EditorTab = { id: newId(), title, text, savedText: text, snippetId: null };
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ tabs: [...(stored?.tabs ?? []), tab], activeId: tab.id }));
  } catch {
    // Storage full or refused: the Workbench opens on its own tabs.
  }
}

export class EditorTabs {
  tabs = $state<EditorTab[]>([]);
  activeId = $state('');
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(initialText: string) {
    const stored = load();
    if (stored) {
      this.tabs = stored.tabs;
      this.activeId = stored.activeId;
    } else {
      const tab = { id: newId(), title: 'Script 1', text: initialText, savedText: initialText, snippetId: null };
      this.tabs = [tab];
      this.activeId = tab.id;
    }
  }

  get active(): EditorTab {
    return this.tabs.find((t) => t.id === this.activeId) ?? this.tabs[0]!;
  }

  open(title: string, text: string, snippetId: number | null = null): EditorTab {
    const existing = snippetId !== null ? this.tabs.find((t) => t.snippetId === snippetId) : undefined;
    if (existing && existing.text === existing.savedText) {
      existing.text = existing.savedText = text;
      this.activeId = existing.id;
      this.save();
      return existing;
    }
    const tab: EditorTab = { id: newId(), title, text, savedText: text, snippetId };
    this.tabs.push(tab);
    this.activeId = tab.id;
    this.save();
    return tab;
  }

  newScript(): EditorTab {
    let n = this.tabs.length + 1;
    while (this.tabs.some((t) => t.title === `Script ${n}`)) n++;
    return this.open(`Script ${n}`, '');
  }

  select(id: string): void {
    this.activeId = id;
    this.save();
  }

  close(id: string): void {
    const index = this.tabs.findIndex((t) => t.id === id);
    if (index < 0) return;
    this.tabs.splice(index, 1);
    if (!this.tabs.length) this.tabs.push({ id: newId(), title: 'Script 1', text: '', savedText: '', snippetId: null });
    if (this.activeId === id) this.activeId = this.tabs[Math.min(index, this.tabs.length - 1)]!.id;
    this.save();
  }

  edit(id: string, text: string): void {
    const tab = this.tabs.find((t) => t.id === id);
    if (!tab || tab.text === text) return;
    tab.text = text;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.save(), SAVE_DELAY_MS);
  }

  markSaved(id: string, title: string, snippetId: number): void {
    const tab = this.tabs.find((t) => t.id === id);
    if (!tab) return;
    tab.title = title;
    tab.snippetId = snippetId;
    tab.savedText = tab.text;
    this.save();
  }

  save(): void {
    clearTimeout(this.#timer);
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ tabs: this.tabs, activeId: this.activeId }));
    } catch {
      // Storage full or refused: the tabs still work for this session.
    }
  }
}
