// The ksqlDB stand-in's script for the demo mesh: streams and a table over demo topics, and scripted answers for
// every statement of the Workbench's "Try it on the stand-in" template, so the demo (`bash scripts/start.sh`) and
// the e2e walks open a Workbench with objects to complete, describe and query. Answers, not an engine: the
// template's statements are answered in the order the template runs them.
import { ksqlTemplates } from '../../src/renderer/ksql/templates.ts';
import { catalogScript, currentStatus, type ScriptedCatalog, type ScriptedSource } from './entities.ts';
import { splitStatements, type StandinScript } from './scripted.ts';

const demoSources: ScriptedSource[] = [
  {
    kind: 'STREAM',
    name: 'ORDERS',
    topic: 'trading.orders.v1',
    valueFormat: 'AVRO',
    columns: [
      { name: 'ORDERID', type: 'STRING', key: true },
      { name: 'ACCOUNTID', type: 'STRING' },
      { name: 'SYMBOL', type: 'STRING' },
      { name: 'SIDE', type: 'STRING' },
      { name: 'ORDERTYPE', type: 'STRING' },
      { name: 'QUANTITY', type: 'INTEGER' },
      { name: 'LIMITPRICE', type: 'DOUBLE' },
      { name: 'VENUE', type: 'STRING' },
      { name: 'PLACEDAT', type: 'TIMESTAMP' },
    ],
  },
  {
    kind: 'TABLE',
    name: 'MERCHANTS',
    topic: 'payments.merchants.v1',
    valueFormat: 'AVRO',
    columns: [
      { name: 'MERCHANTID', type: 'STRING', key: true },
      { name: 'NAME', type: 'STRING' },
      { name: 'CATEGORY', type: 'STRING' },
      { name: 'COUNTRY', type: 'STRING' },
      { name: 'ONBOARDEDAT', type: 'TIMESTAMP' },
    ],
  },
  {
    kind: 'STREAM',
    name: 'PAGEVIEWS',
    topic: 'web.pageviews.v1',
    valueFormat: 'AVRO',
    columns: [
      { name: 'VIEWID', type: 'STRING', key: true },
      { name: 'SESSIONID', type: 'STRING' },
      { name: 'USERID', type: 'STRING' },
      { name: 'URL', type: 'STRING' },
      { name: 'REFERRER', type: 'STRING' },
      { name: 'USERAGENT', type: 'STRING' },
      { name: 'COUNTRY', type: 'STRING' },
      { name: 'VIEWEDAT', type: 'TIMESTAMP' },
    ],
  },
];

const wbOrders: ScriptedSource = {
  kind: 'STREAM',
  name: 'WB_ORDERS',
  topic: 'trading.workbench-orders.v1',
  columns: [
    { name: 'ORDER_ID', type: 'STRING', key: true },
    { name: 'ACCOUNT_ID', type: 'STRING' },
    { name: 'SYMBOL', type: 'STRING' },
    { name: 'QUANTITY', type: 'INTEGER' },
  ],
};
const wbLarge: ScriptedSource = { ...wbOrders, name: 'WB_LARGE_ORDERS', topic: 'trading.workbench-large-orders.v1' };
const wbByAccount: ScriptedSource = {
  kind: 'TABLE',
  name: 'WB_ORDERS_BY_ACCOUNT',
  topic: 'trading.workbench-orders-by-account.v1',
  columns: [
    { name: 'ACCOUNT_ID', type: 'STRING', key: true },
    { name: 'ORDERS', type: 'BIGINT' },
    { name: 'QUANTITY', type: 'INTEGER' },
  ],
};

/** The demo's objects before the template runs. */
export const demoCatalog: ScriptedCatalog = { sources: demoSources };

/** The demo's script: its catalog, and the "Try it on the stand-in" template answered statement by statement. */
export function demoScript(): StandinScript {
  const template = ksqlTemplates.find((t) => t.standin === 'runs');
  const statements = template ? splitStatements(template.sql) : [];
  if (statements.length !== 8) throw new Error(`The demo script answers the 8 statements of "Try it on the stand-in"; the template now has ${statements.length} — update scripts/ksqldb-standin/demo-script.ts`);
  const [createOrders, insert1, insert2, insert3, createLarge, createByAccount, push, pull] = statements as [string, string, string, string, string, string, string, string];
  const large = { id: 'CSAS_WB_LARGE_ORDERS_1', statement: createLarge, sources: ['WB_ORDERS'], sinks: ['WB_LARGE_ORDERS'] };
  const byAccount = { id: 'CTAS_WB_ORDERS_BY_ACCOUNT_3', statement: createByAccount, sources: ['WB_ORDERS'], sinks: ['WB_ORDERS_BY_ACCOUNT'] };
  const afterOrders = { sources: [...demoSources, wbOrders] };
  const afterLarge = { sources: [...afterOrders.sources, wbLarge], queries: [large] };
  const afterByAccount = { sources: [...afterLarge.sources, wbByAccount], queries: [large, byAccount] };
  const header = { columnNames: ['ORDER_ID', 'ACCOUNT_ID', 'SYMBOL', 'QUANTITY'], columnTypes: ['STRING', 'STRING', 'STRING', 'INTEGER'] };
  return {
    ...catalogScript(demoCatalog),
    [createOrders]: { body: currentStatus('Stream created', { commandId: 'stream/`WB_ORDERS`/create' }), after: catalogScript(afterOrders) },
    // INSERT … VALUES answers an empty array, as ksqlDB does.
    [insert1]: [],
    [insert2]: [],
    [insert3]: [],
    [createLarge]: { body: currentStatus('Created query with ID CSAS_WB_LARGE_ORDERS_1', { commandId: 'stream/`WB_LARGE_ORDERS`/create', queryId: large.id }), after: catalogScript(afterLarge) },
    [createByAccount]: { body: currentStatus('Created query with ID CTAS_WB_ORDERS_BY_ACCOUNT_3', { commandId: 'table/`WB_ORDERS_BY_ACCOUNT`/create', queryId: byAccount.id }), after: catalogScript(afterByAccount) },
    [push]: {
      header: { queryId: 'transient_WB_ORDERS_5', ...header },
      rows: [
        ['o-1', 'acc-1', 'ACME', 100],
        ['o-2', 'acc-2', 'INIT', 900],
        ['o-3', 'acc-1', 'ACME', 750],
      ],
    },
    [pull]: { header: { columnNames: ['ACCOUNT_ID', 'ORDERS', 'QUANTITY'], columnTypes: ['STRING', 'BIGINT', 'INTEGER'] }, rows: [['acc-1', 2, 850]] },
  };
}
