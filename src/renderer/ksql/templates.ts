// Starting points for the seed's use cases, written over the demo mesh's topics (resources/demo-mesh).
// Each says in its first comment whether the demo's ksqlDB stand-in (scripts/ksqldb-standin) can run it: the
// stand-in only serves scripted answers, and the demo's script (demo-script.ts) answers the last template's
// statements in order; the others need a real ksqlDB.

export interface KsqlTemplate {
  name: string;
  description: string;
  standin: 'runs' | 'no';
  sql: string;
}

export const ksqlTemplates: readonly KsqlTemplate[] = [
  {
    name: 'Filter a stream',
    description: 'Large orders from trading.orders.v1 into a new trading topic',
    standin: 'no',
    sql: `-- Filter a stream: large orders into their own topic.
-- Needs a real ksqlDB with the schema registry: the demo topics carry Avro values.
CREATE STREAM IF NOT EXISTS orders (ORDERID STRING KEY)
  WITH (KAFKA_TOPIC='trading.orders.v1', KEY_FORMAT='KAFKA', VALUE_FORMAT='AVRO');

CREATE STREAM large_orders
  WITH (KAFKA_TOPIC='trading.large-orders.v1', VALUE_FORMAT='AVRO') AS
SELECT ORDERID, ACCOUNTID, SYMBOL, SIDE, QUANTITY, LIMITPRICE
FROM orders
WHERE QUANTITY >= 500
EMIT CHANGES;
`,
  },
  {
    name: 'Join a stream with a table',
    description: 'Card transactions enriched with their merchant',
    standin: 'no',
    sql: `-- Join a stream with a table: each transaction with the merchant's name and category.
-- Needs a real ksqlDB: the demo's stand-in only answers the "Try it on the stand-in" template.
CREATE TABLE IF NOT EXISTS merchants (MERCHANTID STRING PRIMARY KEY)
  WITH (KAFKA_TOPIC='payments.merchants.v1', KEY_FORMAT='KAFKA', VALUE_FORMAT='AVRO');

CREATE STREAM IF NOT EXISTS transactions (TRANSACTIONID STRING KEY)
  WITH (KAFKA_TOPIC='payments.transactions.v1', KEY_FORMAT='KAFKA', VALUE_FORMAT='AVRO');

CREATE STREAM transactions_enriched
  WITH (KAFKA_TOPIC='payments.transactions-enriched.v1', VALUE_FORMAT='AVRO') AS
SELECT t.TRANSACTIONID, t.MERCHANTID, m.NAME AS MERCHANT_NAME, m.CATEGORY, t.AMOUNT->AMOUNTMINOR AS AMOUNT_MINOR, t.AMOUNT->CURRENCY AS CURRENCY, t.STATUS
FROM transactions t
JOIN merchants m ON t.MERCHANTID = m.MERCHANTID
EMIT CHANGES;
`,
  },
  {
    name: 'Windowed aggregate',
    description: 'Page views per country per minute',
    standin: 'no',
    sql: `-- Windowed aggregate: page views per country in one-minute tumbling windows.
-- Needs a real ksqlDB: the demo's stand-in only answers the "Try it on the stand-in" template.
CREATE STREAM IF NOT EXISTS pageviews (VIEWID STRING KEY)
  WITH (KAFKA_TOPIC='web.pageviews.v1', KEY_FORMAT='KAFKA', VALUE_FORMAT='AVRO');

CREATE TABLE pageviews_per_country_1m
  WITH (KAFKA_TOPIC='web.pageviews-per-country-1m.v1', VALUE_FORMAT='AVRO') AS
SELECT COUNTRY, COUNT(*) AS VIEWS
FROM pageviews
WINDOW TUMBLING (SIZE 1 MINUTE)
GROUP BY COUNTRY
EMIT CHANGES;
`,
  },
  {
    name: 'Materialized view for pull queries',
    description: 'Latest order per account, looked up by key',
    standin: 'no',
    sql: `-- Materialized view: the latest order per account, answered by pull queries.
-- Needs a real ksqlDB for the Avro demo topic (the demo's stand-in answers "Try it on the stand-in" instead).
CREATE STREAM IF NOT EXISTS orders (ORDERID STRING KEY)
  WITH (KAFKA_TOPIC='trading.orders.v1', KEY_FORMAT='KAFKA', VALUE_FORMAT='AVRO');

CREATE TABLE latest_order_by_account
  WITH (KAFKA_TOPIC='trading.latest-order-by-account.v1', VALUE_FORMAT='AVRO') AS
SELECT ACCOUNTID, LATEST_BY_OFFSET(ORDERID) AS ORDERID, LATEST_BY_OFFSET(SYMBOL) AS SYMBOL, COUNT(*) AS ORDERS
FROM orders
GROUP BY ACCOUNTID
EMIT CHANGES;

-- A pull query: answers once from the table's current state.
SELECT * FROM latest_order_by_account WHERE ACCOUNTID = 'acc-001';
`,
  },
  {
    name: 'Try it on the stand-in',
    description: 'A JSON stream of its own: insert, filter, materialize, query',
    standin: 'runs',
    sql: `-- Runs on a real ksqlDB, and the demo's stand-in has scripted answers for it: a JSON topic of its own, a filter and a materialized view.
CREATE STREAM IF NOT EXISTS wb_orders (ORDER_ID STRING KEY, ACCOUNT_ID STRING, SYMBOL STRING, QUANTITY INT)
  WITH (KAFKA_TOPIC='trading.workbench-orders.v1', VALUE_FORMAT='JSON', PARTITIONS=1, REPLICAS=1);

INSERT INTO wb_orders (ORDER_ID, ACCOUNT_ID, SYMBOL, QUANTITY) VALUES ('o-1', 'acc-1', 'ACME', 100);
INSERT INTO wb_orders (ORDER_ID, ACCOUNT_ID, SYMBOL, QUANTITY) VALUES ('o-2', 'acc-2', 'INIT', 900);
INSERT INTO wb_orders (ORDER_ID, ACCOUNT_ID, SYMBOL, QUANTITY) VALUES ('o-3', 'acc-1', 'ACME', 750);

CREATE STREAM IF NOT EXISTS wb_large_orders
  WITH (KAFKA_TOPIC='trading.workbench-large-orders.v1', PARTITIONS=1) AS
SELECT ORDER_ID, ACCOUNT_ID, SYMBOL, QUANTITY
FROM wb_orders
WHERE QUANTITY >= 500
EMIT CHANGES;

CREATE TABLE IF NOT EXISTS wb_orders_by_account
  WITH (KAFKA_TOPIC='trading.workbench-orders-by-account.v1', PARTITIONS=1) AS
SELECT ACCOUNT_ID, COUNT(*) AS ORDERS, SUM(QUANTITY) AS QUANTITY
FROM wb_orders
GROUP BY ACCOUNT_ID
EMIT CHANGES;

-- Run these one at a time (select the line, Ctrl-Enter): a push query, then a pull query.
SELECT * FROM wb_orders EMIT CHANGES LIMIT 3;
SELECT * FROM wb_orders_by_account WHERE ACCOUNT_ID = 'acc-1';
`,
  },
];
