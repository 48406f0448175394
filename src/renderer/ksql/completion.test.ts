import { describe, expect, it } from 'vitest';
import { completionItems, completionSite, type CompletionData } from './completion.ts';

/** The site at the `|` in `text`. */
const siteAt = (text: string) => completionSite(text.replace('|', ''), text.indexOf('|'));

const data: CompletionData = {
  sources: [
    { name: 'ORDERS', kind: 'stream', topic: 'trading.orders.v1' },
    { name: 'Mixed', kind: 'table', topic: 'mixed' },
  ],
  columns: new Map([['ORDERS', [{ name: 'ORDER_ID', type: 'STRING', key: true }, { name: 'amount', type: 'DOUBLE', key: false }]]]),
  topics: ['trading.orders.v1', "o'brien"],
  functions: [{ name: 'my_udf', type: 'scalar', category: 'custom' }],
};
const labels = (text: string) => completionItems(siteAt(text), data).map((i) => i.label);

describe('completionSite', () => {
  it('offers streams and tables after FROM, JOIN, INTO and DROP STREAM', () => {
    expect(siteAt('SELECT * FROM |').context.kind).toBe('source');
    expect(siteAt('SELECT * FROM ord|').context.kind).toBe('source');
    expect(siteAt('SELECT * FROM a JOIN |').context.kind).toBe('source');
    expect(siteAt('INSERT INTO |').context.kind).toBe('source');
    expect(siteAt('DROP STREAM IF EXISTS |').context.kind).toBe('source');
  });

  it('replaces the whole word under the cursor', () => {
    const site = completionSite('SELECT * FROM ordxx', 'SELECT * FROM ord'.length);
    expect(site).toMatchObject({ replaceStart: 14, replaceEnd: 19, prefix: 'ord' });
  });

  it('offers columns of the statement\'s sources in the SELECT list even before FROM is reached', () => {
    expect(siteAt('SELECT | FROM orders WHERE x = 1;').context).toEqual({ kind: 'expression', sources: ['ORDERS'] });
    expect(siteAt('SELECT a FROM orders o JOIN `Mixed` m ON |').context).toEqual({ kind: 'expression', sources: ['ORDERS', 'Mixed'] });
    expect(siteAt('SELECT * FROM orders WHERE amount > 1 AND |').context.kind).toBe('expression');
    expect(siteAt('SELECT * FROM orders GROUP BY |').context.kind).toBe('expression');
  });

  it('only looks at the statement the cursor is in', () => {
    expect(siteAt('SELECT * FROM a; SELECT | FROM b;').context).toEqual({ kind: 'expression', sources: ['B'] });
  });

  it('offers topic names inside KAFKA_TOPIC=\'…\' and property names in WITH (…) and SET', () => {
    const topic = siteAt("CREATE STREAM s (id INT) WITH (KAFKA_TOPIC='tra|', VALUE_FORMAT='JSON');");
    expect(topic.context.kind).toBe('topic');
    expect(topic.prefix).toBe('tra');
    expect(siteAt("CREATE STREAM s (id INT) WITH (KAFKA_TOPIC='x', |").context.kind).toBe('with-property');
    expect(siteAt('CREATE STREAM s (id INT) WITH (|').context.kind).toBe('with-property');
    expect(siteAt('SET |').context).toEqual({ kind: 'set-property', inString: false });
    expect(siteAt("SET 'auto|").context).toEqual({ kind: 'set-property', inString: true });
  });

  it('offers nothing inside comments and ordinary strings', () => {
    expect(siteAt('-- FROM |').context.kind).toBe('none');
    expect(siteAt("SELECT * FROM t WHERE x = 'FROM |'").context.kind).toBe('none');
  });
});

describe('completionItems', () => {
  it('lists sources, quoting names ksqlDB would not read back unchanged', () => {
    const items = completionItems(siteAt('SELECT * FROM |'), data);
    expect(items.map((i) => i.insertText)).toEqual(['ORDERS', '`Mixed`']);
    expect(items[0]!.detail).toBe('stream · trading.orders.v1');
  });

  it('lists the described columns first, then pseudo-columns, functions (built-in and the server\'s) and keywords', () => {
    const items = completionItems(siteAt('SELECT | FROM orders;'), data);
    expect(items.slice(0, 2).map((i) => [i.label, i.insertText, i.detail])).toEqual([
      ['ORDER_ID', 'ORDER_ID', 'STRING key · ORDERS'],
      ['amount', '`amount`', 'DOUBLE · ORDERS'],
    ]);
    expect(labels('SELECT | FROM orders;')).toEqual(expect.arrayContaining(['ROWTIME', 'COUNT', 'MY_UDF', 'WHERE']));
  });

  it('escapes quotes in topic names it inserts into a string', () => {
    expect(completionItems(siteAt("CREATE STREAM s WITH (KAFKA_TOPIC='|'"), data).map((i) => i.insertText)).toEqual(['trading.orders.v1', "o''brien"]);
  });

  it('inserts SET property names quoted unless the quote is already typed', () => {
    expect(completionItems(siteAt('SET |'), data)[0]!.insertText).toBe("'auto.offset.reset'=");
    expect(completionItems(siteAt("SET '|"), data)[0]!.insertText).toBe('auto.offset.reset');
  });
});
