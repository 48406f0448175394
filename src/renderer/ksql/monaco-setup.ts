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
  monaco.editor.defineTheme(LIGHT_THEME, ksqlTheme('vs', {
    keyword: '2f5fd6', type: '8a4bd1', predefined: 'a3511b', variablePredefined: '1d8a4e', string: '1d7a5a',
    stringEscape: '0f5a40', quoted: '7a5c00', comment: '8a93a2', number: 'b0306c',
    background: '#ffffff', lineHighlight: '#f7f8fa',
  }));
  monaco.editor.defineTheme(DARK_THEME, ksqlTheme('vs-dark', {
    keyword: '7aa2ff', type: 'c49bff', predefined: 'e8a36a', variablePredefined: '4cc38a', string: '7fd1ae',
    stringEscape: 'b4f0d6', quoted: 'e8c56a', comment: '6f7786', number: 'f08fbf',
    background: '#1b1e24', lineHighlight: '#1f232a',
  }));
  return monaco;
}

export type MonacoApi = typeof monaco;

/** The colours of one editor theme: token foregrounds as bare hex, editor colours as #hex. */
interface KsqlPalette {
  keyword: string;
  type: string;
  predefined: string;
  variablePredefined: string;
  string: string;
  stringEscape: string;
  quoted: string;
  comment: string;
  number: string;
  background: string;
  lineHighlight: string;
}

function ksqlTheme(base: 'vs' | 'vs-dark', p: KsqlPalette): monaco.editor.IStandaloneThemeData {
  return {
    base,
    inherit: true,
    rules: [
      { token: 'keyword', foreground: p.keyword, fontStyle: 'bold' },
      { token: 'type', foreground: p.type },
      { token: 'predefined', foreground: p.predefined },
      { token: 'variable.predefined', foreground: p.variablePredefined },
      { token: 'string', foreground: p.string },
      { token: 'string.escape', foreground: p.stringEscape },
      { token: 'identifier.quoted', foreground: p.quoted },
      { token: 'comment', foreground: p.comment, fontStyle: 'italic' },
      { token: 'number', foreground: p.number },
    ],
    colors: {
      'editor.background': p.background,
      'editorLineNumber.foreground': `#${p.comment}`,
      'editor.lineHighlightBackground': p.lineHighlight,
    },
  };
}
