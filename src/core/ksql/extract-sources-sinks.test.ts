import { describe, expect, it } from 'vitest';
import { extractScriptFlows, extractSourcesSinks, type KnownSources } from './extract-sources-sinks.ts';

const known: KnownSources = new Map([
  ['ORDERS', { kind: 'stream', topic: 'shop.orders.v1' }],
  ['CUSTOMERS', { kind: 'table', topic: 'crm.customers' }],
  ['Mixed Case', { kind: 'stream', topic: 'mixed-topic' }],
]);

describe('extractSourcesSinks', () => {
  it('reads a CREATE STREAM over a topic as declaring a stream on that topic', () => {
    const flow = extractSourcesSinks("CREATE STREAM orders (id INT KEY, amount DOUBLE) WITH (KAFKA_TOPIC='shop.orders.v1', VALUE_FORMAT='JSON')");
    expect(flow.kind).toBe('create-source');
    expect(flow.reads).toEqual([]);
    expect(flow.writes).toEqual([{ name: 'ORDERS', kind: 'stream', topic: 'shop.orders.v1', creates: true, createsTopic: false }]);
    expect(flow.properties).toMatchObject({ KAFKA_TOPIC: 'shop.orders.v1', VALUE_FORMAT: 'JSON' });
  });

  it('says a CREATE with PARTITIONS creates its topic', () => {
    const flow = extractSourcesSinks("create table t (k STRING PRIMARY KEY, v INT) with (kafka_topic='t-topic', partitions=3, value_format='json')");
    expect(flow.writes[0]).toMatchObject({ name: 'T', kind: 'table', topic: 't-topic', createsTopic: true });
  });

  it('reads the source and the default sink topic of CREATE STREAM AS SELECT', () => {
    const flow = extractSourcesSinks("CREATE STREAM big_orders AS SELECT * FROM orders WHERE amount > 100 EMIT CHANGES", known);
    expect(flow.kind).toBe('create-as-select');
    expect(flow.reads).toEqual([{ name: 'ORDERS', topic: 'shop.orders.v1' }]);
    expect(flow.writes).toEqual([{ name: 'BIG_ORDERS', kind: 'stream', topic: 'BIG_ORDERS', creates: true, createsTopic: true }]);
  });

  it('takes the sink topic from WITH (KAFKA_TOPIC=…) of CREATE TABLE AS SELECT', () => {
    const flow = extractSourcesSinks("CREATE TABLE order_counts WITH (KAFKA_TOPIC='shop.order-counts', VALUE_FORMAT='JSON') AS SELECT customer, COUNT(*) FROM orders GROUP BY customer", known);
    expect(flow.writes).toEqual([{ name: 'ORDER_COUNTS', kind: 'table', topic: 'shop.order-counts', creates: true, createsTopic: true }]);
    expect(flow.reads.map((r) => r.name)).toEqual(['ORDERS']);
  });

  it('reads both sides of a join, with aliases and a WITHIN window', () => {
    const flow = extractSourcesSinks(
      'CREATE STREAM enriched AS SELECT o.id, c.name FROM orders o LEFT JOIN customers AS c ON o.customer = c.id EMIT CHANGES',
      known,
    );
    expect(flow.reads).toEqual([
      { name: 'ORDERS', topic: 'shop.orders.v1' },
      { name: 'CUSTOMERS', topic: 'crm.customers' },
    ]);
  });

  it('reads every source of a multi-way join with INNER and FULL OUTER joins', () => {
    const flow = extractSourcesSinks('SELECT * FROM a INNER JOIN b WITHIN 1 HOUR ON a.k = b.k FULL OUTER JOIN c WITHIN 2 MINUTES ON a.k = c.k EMIT CHANGES');
    expect(flow.reads.map((r) => r.name)).toEqual(['A', 'B', 'C']);
    expect(flow.reads.every((r) => r.topic === null)).toBe(true);
  });

  it('keeps the case of backquoted names and matches them exactly', () => {
    const flow = extractSourcesSinks('CREATE STREAM `Out Stream` AS SELECT * FROM `Mixed Case` EMIT CHANGES', known);
    expect(flow.reads).toEqual([{ name: 'Mixed Case', topic: 'mixed-topic' }]);
    expect(flow.writes[0]).toMatchObject({ name: 'Out Stream', topic: 'Out Stream' });
  });

  it('ignores FROM inside strings, comments and nested calls', () => {
    const flow = extractSourcesSinks("SELECT 'from nowhere' AS x, /* FROM hidden */ id FROM orders -- FROM trailing\n WHERE note != 'JOIN x' EMIT CHANGES", known);
    expect(flow.reads.map((r) => r.name)).toEqual(['ORDERS']);
  });

  it('reads INSERT INTO … SELECT as writing an existing stream without creating it', () => {
    const flow = extractSourcesSinks('INSERT INTO orders SELECT * FROM orders_eu EMIT CHANGES', known);
    expect(flow.kind).toBe('insert-select');
    expect(flow.writes).toEqual([{ name: 'ORDERS', kind: 'stream', topic: 'shop.orders.v1', creates: false, createsTopic: false }]);
    expect(flow.reads).toEqual([{ name: 'ORDERS_EU', topic: null }]);
  });

  it('reads INSERT INTO … VALUES as writing without reading', () => {
    const flow = extractSourcesSinks("INSERT INTO orders (id, note) VALUES (1, 'SELECT * FROM x')", known);
    expect(flow.kind).toBe('insert-values');
    expect(flow.reads).toEqual([]);
    expect(flow.writes[0]!.topic).toBe('shop.orders.v1');
  });

  it('tells push queries from pull queries', () => {
    expect(extractSourcesSinks('SELECT * FROM orders EMIT CHANGES LIMIT 5', known).kind).toBe('push-query');
    expect(extractSourcesSinks("SELECT * FROM customers WHERE id = 'c1'", known).kind).toBe('pull-query');
  });

  it('reads DROP … DELETE TOPIC with the topic that goes with it', () => {
    expect(extractSourcesSinks('DROP STREAM IF EXISTS orders DELETE TOPIC', known).drops).toEqual({ name: 'ORDERS', kind: 'stream', topic: 'shop.orders.v1', deleteTopic: true });
    expect(extractSourcesSinks('DROP TABLE customers', known).drops).toEqual({ name: 'CUSTOMERS', kind: 'table', topic: 'crm.customers', deleteTopic: false });
  });

  it('names the query a TERMINATE stops', () => {
    expect(extractSourcesSinks('TERMINATE CSAS_BIG_ORDERS_3').terminates).toBe('CSAS_BIG_ORDERS_3');
  });

  it('reads the topics of a sink connector as what it reads', () => {
    const flow = extractSourcesSinks("CREATE SINK CONNECTOR s3 WITH ('connector.class'='S3Sink', 'topics'='a, b')");
    expect(flow.kind).toBe('connector');
    expect(flow.reads).toEqual([{ name: 'a', topic: 'a' }, { name: 'b', topic: 'b' }]);
  });

  it('handles CREATE OR REPLACE, IF NOT EXISTS and SOURCE tables', () => {
    expect(extractSourcesSinks("CREATE OR REPLACE STREAM IF NOT EXISTS s AS SELECT * FROM orders", known).writes[0]).toMatchObject({ name: 'S', creates: true });
    expect(extractSourcesSinks("CREATE SOURCE TABLE ref (k STRING PRIMARY KEY) WITH (KAFKA_TOPIC='ref', VALUE_FORMAT='JSON')").writes[0]).toMatchObject({ name: 'REF', kind: 'table', topic: 'ref' });
  });

  it('sees metadata statements and SET as touching no data', () => {
    for (const s of ['SHOW STREAMS', 'DESCRIBE orders EXTENDED', 'EXPLAIN CSAS_X_1', "SET 'auto.offset.reset'='earliest'"]) {
      const flow = extractSourcesSinks(s, known);
      expect([flow.reads, flow.writes]).toEqual([[], []]);
    }
  });

  it('resolves a script in order, so later statements see what earlier ones create and drop', () => {
    const flows = extractScriptFlows(
      [
        "CREATE STREAM raw (id INT) WITH (KAFKA_TOPIC='raw-topic', VALUE_FORMAT='JSON')",
        "CREATE STREAM clean WITH (KAFKA_TOPIC='clean-topic') AS SELECT * FROM raw WHERE id > 0",
        'CREATE TABLE counts AS SELECT id, COUNT(*) AS n FROM clean GROUP BY id',
        'DROP STREAM raw',
        'SELECT * FROM raw EMIT CHANGES',
      ],
      new Map(known),
    );
    expect(flows[1]!.reads).toEqual([{ name: 'RAW', topic: 'raw-topic' }]);
    expect(flows[2]!.reads).toEqual([{ name: 'CLEAN', topic: 'clean-topic' }]);
    expect(flows[2]!.writes[0]).toMatchObject({ name: 'COUNTS', kind: 'table', topic: 'COUNTS' });
    expect(flows[3]!.drops).toMatchObject({ name: 'RAW', topic: 'raw-topic' });
    expect(flows[4]!.reads).toEqual([{ name: 'RAW', topic: null }]);
  });

  it('does not change the known sources it is given', () => {
    const mine: KnownSources = new Map();
    extractScriptFlows(["CREATE STREAM x (a INT) WITH (KAFKA_TOPIC='x', VALUE_FORMAT='JSON')"], mine);
    expect(mine.size).toBe(0);
  });
});

// Statements written after the ksqlDB documentation's examples (tutorials, joins, windowing, the syntax reference).
describe('extractSourcesSinks on statements from the ksqlDB documentation', () => {
  const docs: KnownSources = new Map([
    ['PAGEVIEWS_ORIGINAL', { kind: 'stream', topic: 'pageviews' }],
    ['USERS_ORIGINAL', { kind: 'table', topic: 'users' }],
    ['ORDERS', { kind: 'stream', topic: 'orders' }],
    ['SHIPMENTS', { kind: 'stream', topic: 'shipments' }],
    ['Users.Raw', { kind: 'stream', topic: 'users.raw' }],
  ]);

  it('reads a stream-table LEFT JOIN written over several lines and creates its sink topic', () => {
    const flow = extractSourcesSinks(
      `CREATE STREAM pageviews_enriched AS
         SELECT users_original.userid AS userid, pageid, regionid, gender
         FROM pageviews_original
         LEFT JOIN users_original
           ON pageviews_original.userid = users_original.userid
         EMIT CHANGES`,
      docs,
    );
    expect(flow.kind).toBe('create-as-select');
    expect(flow.reads).toEqual([
      { name: 'PAGEVIEWS_ORIGINAL', topic: 'pageviews' },
      { name: 'USERS_ORIGINAL', topic: 'users' },
    ]);
    expect(flow.writes).toEqual([{ name: 'PAGEVIEWS_ENRICHED', kind: 'stream', topic: 'PAGEVIEWS_ENRICHED', creates: true, createsTopic: true }]);
  });

  it('reads a stream-stream join WITHIN 7 DAYS whose projection calls functions with quoted formats', () => {
    const flow = extractSourcesSinks(
      `CREATE STREAM shipped_orders AS
         SELECT o.id AS order_id, TIMESTAMPTOSTRING(o.rowtime, 'yyyy-MM-dd HH:mm:ss') AS order_ts,
                s.id AS shipment_id, (s.rowtime - o.rowtime) / 1000 / 60 AS ship_time
         FROM orders o INNER JOIN shipments s WITHIN 7 DAYS ON o.id = s.order_id
         EMIT CHANGES`,
      docs,
    );
    expect(flow.reads).toEqual([
      { name: 'ORDERS', topic: 'orders' },
      { name: 'SHIPMENTS', topic: 'shipments' },
    ]);
  });

  it('reads a table-table foreign-key join into a new table', () => {
    const flow = extractSourcesSinks('CREATE TABLE orders_with_users AS SELECT * FROM orders_table o JOIN users_original u ON o.user_id = u.userid', docs);
    expect(flow.reads.map((r) => r.name)).toEqual(['ORDERS_TABLE', 'USERS_ORIGINAL']);
    expect(flow.writes[0]).toMatchObject({ name: 'ORDERS_WITH_USERS', kind: 'table', createsTopic: true });
  });

  it('reads a TUMBLING windowed aggregate into a table', () => {
    const flow = extractSourcesSinks(
      'CREATE TABLE pageviews_per_region_per_30secs AS SELECT regionid, COUNT(*) AS numusers FROM pageviews_original WINDOW TUMBLING (SIZE 30 SECONDS) GROUP BY regionid EMIT CHANGES',
      docs,
    );
    expect(flow.reads).toEqual([{ name: 'PAGEVIEWS_ORIGINAL', topic: 'pageviews' }]);
    expect(flow.writes).toEqual([{ name: 'PAGEVIEWS_PER_REGION_PER_30SECS', kind: 'table', topic: 'PAGEVIEWS_PER_REGION_PER_30SECS', creates: true, createsTopic: true }]);
  });

  it('reads a HOPPING window with HAVING and its sink topic from WITH', () => {
    const flow = extractSourcesSinks(
      "CREATE TABLE analysis WITH (KAFKA_TOPIC='analysis', PARTITIONS=1) AS SELECT userid, COUNT(*) FROM pageviews_original WINDOW HOPPING (SIZE 30 SECONDS, ADVANCE BY 10 SECONDS) GROUP BY userid HAVING COUNT(*) > 2 EMIT CHANGES",
      docs,
    );
    expect(flow.reads.map((r) => r.name)).toEqual(['PAGEVIEWS_ORIGINAL']);
    expect(flow.writes[0]).toMatchObject({ name: 'ANALYSIS', topic: 'analysis', createsTopic: true });
  });

  it('reads SESSION-windowed and EMIT FINAL queries as push queries over their source', () => {
    const session = extractSourcesSinks('SELECT userid, COUNT(*) FROM pageviews_original WINDOW SESSION (60 SECONDS) GROUP BY userid EMIT CHANGES', docs);
    expect(session.kind).toBe('push-query');
    expect(session.reads.map((r) => r.name)).toEqual(['PAGEVIEWS_ORIGINAL']);
    const final = extractSourcesSinks('SELECT regionid, COUNT(*) FROM pageviews_original WINDOW TUMBLING (SIZE 1 HOUR) GROUP BY regionid EMIT FINAL', docs);
    expect(final.kind).toBe('push-query');
    expect(final.reads.map((r) => r.name)).toEqual(['PAGEVIEWS_ORIGINAL']);
  });

  it('reads INSERT INTO … SELECT … PARTITION BY as writing the existing stream', () => {
    const flow = extractSourcesSinks('INSERT INTO orders SELECT * FROM orders_uk PARTITION BY id EMIT CHANGES', docs);
    expect(flow.writes).toEqual([{ name: 'ORDERS', kind: 'stream', topic: 'orders', creates: false, createsTopic: false }]);
    expect(flow.reads.map((r) => r.name)).toEqual(['ORDERS_UK']);
  });

  it('keeps backquoted names with dots and reads struct dereferences as columns, not sources', () => {
    const flow = extractSourcesSinks('CREATE STREAM `Users.Cities` AS SELECT `user`->`address`->city AS city FROM `Users.Raw` EMIT CHANGES', docs);
    expect(flow.reads).toEqual([{ name: 'Users.Raw', topic: 'users.raw' }]);
    expect(flow.writes[0]).toMatchObject({ name: 'Users.Cities', topic: 'Users.Cities' });
  });

  it('declares a stream over an Avro topic without columns (schema from the registry)', () => {
    const flow = extractSourcesSinks("CREATE STREAM pageviews WITH (KAFKA_TOPIC='pageviews', VALUE_FORMAT='AVRO', KEY_FORMAT='KAFKA')");
    expect(flow.kind).toBe('create-source');
    expect(flow.writes).toEqual([{ name: 'PAGEVIEWS', kind: 'stream', topic: 'pageviews', creates: true, createsTopic: false }]);
  });

  it('ignores source-like words in lambdas, CASE and comments inside a documented query', () => {
    const flow = extractSourcesSinks(
      `-- from the lambda functions guide
       SELECT id, TRANSFORM(amounts, x => x * 2) AS doubled,
              CASE WHEN total > 100 THEN 'from big' ELSE 'join small' END AS size /* FROM nothing */
       FROM orders EMIT CHANGES`,
      docs,
    );
    expect(flow.reads).toEqual([{ name: 'ORDERS', topic: 'orders' }]);
  });
});

