// Loads Monaco the Vite way — the editor API plus only the contributions the Workbench uses (not every language
// editor.main bundles; the codicon font comes in with the suggest widget) — gives it its worker, and registers the ksql language and the two themes once.
// Workers come from the app's own origin (worker-src 'self' blob:), so the renderer's CSP stays as it is.
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/editor/contrib/comment/browser/comment';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu';
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo';
import 'monaco-editor/editor/contrib/find/browser/findController';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations';
import 'monaco-editor/editor/standalone/browser/quickAccess/standaloneCommandsQuickAccess';
import { KSQL_LANGUAGE_ID, ksqlLanguageConfiguration, ksqlMonarch } from './monarch.ts';

export const LIGHT_THEME = 'tributary-light';
export const DARK_THEME = 'tributary-dark';

let registered = false;

export function setupMonaco(): typeof monaco {
  if (registered) return monaco;
  registered = true;
  self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
  monaco.languages.register({ id: KSQL_LANGUAGE_ID, extensions: ['.ksql'], aliases: ['ksqlDB', 'ksql'] });
  monaco.languages.setLanguageConfiguration(KSQL_LANGUAGE_ID, ksqlLanguageConfiguration);
  monaco.languages.setMonarchTokensProvider(KSQL_LANGUAGE_ID, ksqlMonarch);
  // Colours picked to sit on the app's --surface in each theme (app.css).
  monaco.editor.defineTheme(LIGHT_THEME, {
    base: 'vs',
    inherit: true,
    rules: [
      { token: 'keyword', foreground: '2f5fd6', fontStyle: 'bold' },
      { token: 'type', foreground: '8a4bd1' },
      { token: 'predefined', foreground: 'a3511b' },
      { token: 'variable.predefined', foreground: '1d8a4e' },
      { token: 'string', foreground: '1d7a5a' },
      { token: 'string.escape', foreground: '0f5a40' },
      { token: 'identifier.quoted', foreground: '7a5c00' },
      { token: 'comment', foreground: '8a93a2', fontStyle: 'italic' },
      { token: 'number', foreground: 'b0306c' },
    ],
    colors: { 'editor.background': '#ffffff', 'editorLineNumber.foreground': '#8a93a2', 'editor.lineHighlightBackground': '#f7f8fa' },
  });
  monaco.editor.defineTheme(DARK_THEME, {
    base: 'vs-dark',
    inherit: true,
    rules: [
      { token: 'keyword', foreground: '7aa2ff', fontStyle: 'bold' },
      { token: 'type', foreground: 'c49bff' },
      { token: 'predefined', foreground: 'e8a36a' },
      { token: 'variable.predefined', foreground: '4cc38a' },
      { token: 'string', foreground: '7fd1ae' },
      { token: 'string.escape', foreground: 'b4f0d6' },
      { token: 'identifier.quoted', foreground: 'e8c56a' },
      { token: 'comment', foreground: '6f7786', fontStyle: 'italic' },
      { token: 'number', foreground: 'f08fbf' },
    ],
    colors: { 'editor.background': '#1b1e24', 'editorLineNumber.foreground': '#6f7786', 'editor.lineHighlightBackground': '#1f232a' },
  });
  return monaco;
}

export type MonacoApi = typeof monaco;
