// The ksql language for Monaco: a Monarch tokenizer over ksqlDB's keywords, types and functions (from
// core/ksql/language.ts), '…' strings with '' escapes, `backquoted` and "double-quoted" identifiers, -- and
// /* */ comments and numbers; plus brackets, comment toggling and auto-closing pairs. Types only from Monaco,
// so this stays importable by unit tests.
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { ksqlFunctions, ksqlKeywords, ksqlPseudoColumns, ksqlTypes } from '../../core/ksql/language.ts';

export const KSQL_LANGUAGE_ID = 'ksql';

export const ksqlLanguageConfiguration: Monaco.languages.LanguageConfiguration = {
  comments: { lineComment: '--', blockComment: ['/*', '*/'] },
  brackets: [
    ['(', ')'],
    ['[', ']'],
    ['{', '}'],
  ],
  autoClosingPairs: [
    { open: '(', close: ')' },
    { open: '[', close: ']' },
    { open: '{', close: '}' },
    { open: "'", close: "'", notIn: ['string', 'comment'] },
    { open: '`', close: '`', notIn: ['string', 'comment'] },
  ],
  surroundingPairs: [
    { open: '(', close: ')' },
    { open: "'", close: "'" },
    { open: '`', close: '`' },
  ],
  wordPattern: /(-?\d*\.\d\w*)|([^`~!@#%^&*()\-=+[{\]}\\|;:'",.<>/?\s]+)/g,
};

export const ksqlMonarch: Monaco.languages.IMonarchLanguage = {
  defaultToken: '',
  ignoreCase: true,
  tokenPostfix: '.ksql',
  keywords: ksqlKeywords.filter((k) => !(ksqlTypes as readonly string[]).includes(k)),
  typeKeywords: [...ksqlTypes],
  builtinFunctions: ksqlFunctions.map((f) => f.name),
  pseudoColumns: [...ksqlPseudoColumns],
  operators: ['=', '>', '<', '<=', '>=', '<>', '!=', '+', '-', '*', '/', '%', '||', '->'],
  symbols: /[=><!~?:&|+\-*/^%]+/,
  brackets: [
    { open: '(', close: ')', token: 'delimiter.parenthesis' },
    { open: '[', close: ']', token: 'delimiter.square' },
    { open: '{', close: '}', token: 'delimiter.curly' },
  ],
  tokenizer: {
    root: [
      { include: '@whitespace' },
      [/'/, { token: 'string.quote', next: '@string' }],
      [/`/, { token: 'identifier.quote', next: '@backquoted' }],
      [/"/, { token: 'identifier.quote', next: '@doublequoted' }],
      [/\d+(\.\d+)?([eE][-+]?\d+)?/, 'number'],
      [/\.\d+([eE][-+]?\d+)?/, 'number'],
      [
        /[A-Za-z_][\w@$]*(?=\s*\()/,
        { cases: { '@builtinFunctions': 'predefined', '@keywords': 'keyword', '@typeKeywords': 'type', '@default': 'identifier.function' } },
      ],
      [/[A-Za-z_][\w@$]*/, { cases: { '@keywords': 'keyword', '@typeKeywords': 'type', '@pseudoColumns': 'variable.predefined', '@default': 'identifier' } }],
      [/[()[\]{}]/, '@brackets'],
      [/[;,.]/, 'delimiter'],
      [/@symbols/, { cases: { '@operators': 'operator', '@default': '' } }],
    ],
    whitespace: [
      [/\s+/, 'white'],
      [/--.*$/, 'comment'],
      [/\/\*/, { token: 'comment.quote', next: '@comment' }],
    ],
    comment: [
      [/[^*/]+/, 'comment'],
      [/\*\//, { token: 'comment.quote', next: '@pop' }],
      [/./, 'comment'],
    ],
    string: [
      [/[^']+/, 'string'],
      [/''/, 'string.escape'],
      [/'/, { token: 'string.quote', next: '@pop' }],
    ],
    backquoted: [
      [/[^`]+/, 'identifier.quoted'],
      [/``/, 'identifier.quoted'],
      [/`/, { token: 'identifier.quote', next: '@pop' }],
    ],
    doublequoted: [
      [/[^"]+/, 'identifier.quoted'],
      [/""/, 'identifier.quoted'],
      [/"/, { token: 'identifier.quote', next: '@pop' }],
    ],
  },
};
