import { describe, expect, it } from 'vitest';
import { catalogScript } from './entities.ts';
import { demoScript } from './demo-script.ts';
import { ScriptBook, normaliseStatement, rowFeed, splitStatements } from './scripted.ts';

describe('the ksqlDB stand-in script', () => {
  it("splits a request at top-level semicolons, leaving comments out and ';' inside strings and identifiers alone", () => {
    expect(splitStatements("SHOW STREAMS; SELECT 'a;b', `c;d` FROM x; -- c;\n/* e; */ SHOW TABLES;")).toEqual(['SHOW STREAMS', "SELECT 'a;b', `c;d` FROM x", 'SHOW TABLES']);
  });

  it('matches a statement whatever its spacing, comments and trailing semicolon, keeping case and quotes', () => {
    expect(normaliseStatement("-- why\nSELECT *\n  FROM `Orders`  WHERE R = 'eu' ;")).toBe("SELECT * FROM `Orders` WHERE R = 'eu'");
    const book = new ScriptBook({ 'SHOW STREAMS': { '@type': 'streams', streams: [] } });
    expect(book.answer('show streams')).toBeNull();
    expect(book.answer('  SHOW\tSTREAMS;')).toEqual({ status: 200, body: { '@type': 'streams', streams: [] }, delayMs: 0 });
  });

  it('replaces later answers once an answer with `after` has been served', () => {
    const before = catalogScript({ sources: [] });
    const after = catalogScript({ sources: [{ kind: 'STREAM', name: 'S', topic: 't', columns: [{ name: 'ID', type: 'STRING', key: true }] }] });
    const book = new ScriptBook({ ...before, 'CREATE STREAM S (ID STRING KEY) WITH (KAFKA_TOPIC=\'t\')': { body: { '@type': 'currentStatus' }, after } });
    expect(book.answer('SHOW STREAMS')!.body).toMatchObject({ streams: [] });
    book.answer("CREATE STREAM S (ID STRING KEY) WITH (KAFKA_TOPIC='t');");
    expect(book.answer('SHOW STREAMS')!.body).toMatchObject({ streams: [{ name: 'S', topic: 't', type: 'STREAM' }] });
    expect(book.answer('DESCRIBE S EXTENDED')!.body).toMatchObject({ sourceDescription: { name: 'S', fields: [{ name: 'ID', type: 'KEY', schema: { type: 'STRING' } }] } });
  });

  it('describes each source with the persistent queries that read and write it, and SHOW QUERIES EXTENDED names them', () => {
    const script = catalogScript({
      sources: [
        { kind: 'STREAM', name: 'A', topic: 'a.v1', columns: [{ name: 'X', type: 'STRUCT<Y ARRAY<INTEGER>>' }] },
        { kind: 'TABLE', name: 'B', topic: 'b.v1', columns: [{ name: 'X', type: 'STRING', key: true }] },
      ],
      queries: [{ id: 'CTAS_B_1', statement: 'CREATE TABLE B AS SELECT …', sources: ['A'], sinks: ['B'] }],
    });
    expect(script['DESCRIBE A EXTENDED']).toMatchObject({ sourceDescription: { readQueries: [{ id: 'CTAS_B_1' }], writeQueries: [], fields: [{ schema: { type: 'STRUCT', fields: [{ name: 'Y', schema: { type: 'ARRAY', memberSchema: { type: 'INTEGER' } } }] } }] } });
    expect(script['DESCRIBE B EXTENDED']).toMatchObject({ sourceDescription: { writeQueries: [{ id: 'CTAS_B_1', sinkKafkaTopics: ['b.v1'], state: 'RUNNING' }] } });
    expect(script['SHOW QUERIES EXTENDED']).toMatchObject({ '@type': 'query_descriptions', queryDescriptions: [{ id: 'CTAS_B_1', sources: ['A'], sinks: ['B'] }] });
  });

  it('hands rows fed while a push query is open to the stream, in order, until the feed ends', async () => {
    const feed = rowFeed();
    const got: unknown[][] = [];
    const reading = (async () => {
      for await (const row of feed.rows) got.push(row);
    })();
    feed.push(['a'], ['b']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(got).toEqual([['a'], ['b']]);
    feed.push(['c']);
    feed.end();
    await reading;
    expect(got).toEqual([['a'], ['b'], ['c']]);
  });

  it("answers every statement of the demo's stand-in template", () => {
    const book = new ScriptBook(demoScript());
    expect(book.answer('SHOW STREAMS')!.body).toMatchObject({ streams: [{ name: 'ORDERS' }, { name: 'PAGEVIEWS' }] });
    expect(book.answer('SELECT * FROM wb_orders EMIT CHANGES LIMIT 3')!.body).toMatchObject({ rows: [['o-1', 'acc-1', 'ACME', 100], ['o-2', 'acc-2', 'INIT', 900], ['o-3', 'acc-1', 'ACME', 750]] });
  });
});
