import { describe, expect, it } from 'vitest';
import { markWords, queryWords, snippetSegments } from './search-marks.ts';
import { MATCH_END as E, MATCH_START as S } from '../core/contract.ts';

describe('search marks', () => {
  it('splits a snippet into plain and marked segments', () => {
    expect(snippetSegments(`…the ${S}order${E} id and ${S}venue${E}`)).toEqual([
      { text: '…the ', marked: false },
      { text: 'order', marked: true },
      { text: ' id and ', marked: false },
      { text: 'venue', marked: true },
    ]);
  });

  it('keeps markup in a snippet as text', () => {
    expect(snippetSegments(`<b>${S}x${E}</b>`)).toEqual([
      { text: '<b>', marked: false },
      { text: 'x', marked: true },
      { text: '</b>', marked: false },
    ]);
  });

  it('marks query words at the start of tokens in a title, ignoring case', () => {
    expect(markWords('trading.Orders.v1', queryWords('ord trad'))).toEqual([
      { text: 'trad', marked: true },
      { text: 'ing.', marked: false },
      { text: 'Ord', marked: true },
      { text: 'ers.v1', marked: false },
    ]);
    expect(markWords('reorders', ['ord'])).toEqual([{ text: 'reorders', marked: false }]);
  });

  it('treats regex characters in the query as plain words', () => {
    expect(queryWords('a.* (b')).toEqual(['a', 'b']);
    expect(markWords('x', [])).toEqual([{ text: 'x', marked: false }]);
  });
});
