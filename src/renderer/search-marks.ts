// Search results mark what matched: the engine's snippets wrap matches in MATCH_START/MATCH_END control
// characters (so a literal [ or ] in a schema doc stays text), and titles are marked here by the words typed. Both become plain segments that a page renders as text with <mark>, never as HTML.

import { MATCH_END, MATCH_START } from '../core/contract.ts';

export interface MarkedSegment {
  text: string;
  marked: boolean;
}

/** Splits an FTS snippet into segments; an unclosed MATCH_START marks to the end. */
export function snippetSegments(snippet: string): MarkedSegment[] {
  const out: MarkedSegment[] = [];
  let marked = false;
  let text = '';
  const flush = () => {
    if (text) out.push({ text, marked });
    text = '';
  };
  for (const ch of snippet) {
    if (ch === MATCH_START && !marked) {
      flush();
      marked = true;
    } else if (ch === MATCH_END && marked) {
      flush();
      marked = false;
    } else text += ch;
  }
  flush();
  return out;
}

/** The words of a query as the index splits them (letters and digits). */
export function queryWords(query: string): string[] {
  return (query.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
}

/** Marks, case-insensitively, every place in `text` where a word of the query starts a token (prefix match, as the index does). */
export function markWords(text: string, words: readonly string[]): MarkedSegment[] {
  if (words.length === 0 || text === '') return text ? [{ text, marked: false }] : [];
  const escaped = [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})`, 'giu');
  const out: MarkedSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) out.push({ text: text.slice(last, match.index), marked: false });
    out.push({ text: match[0], marked: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), marked: false });
  return out;
}
