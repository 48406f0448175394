import { describe, expect, it } from 'vitest';
import type { KnownSources } from '../../core/ksql/extract-sources-sinks.ts';
import { diagnose } from './diagnostics.ts';

const known: KnownSources = new Map([['ORDERS', { kind: 'stream', topic: 'trading.orders.v1' }]]);
const marked = (script: string, k: KnownSources | null = known) => diagnose(script, k).map((d) => ({ text: script.slice(d.start, d.end), severity: d.severity, message: d.message }));

describe('diagnose', () => {
  it('finds nothing wrong with a well-formed script over known streams', () => {
    expect(diagnose("SELECT * FROM orders WHERE side = 'BUY' EMIT CHANGES;", known)).toEqual([]);
  });

  it('marks an unterminated string from its quote to the end', () => {
    const [d] = marked("SELECT * FROM orders WHERE x = 'open;");
    expect(d).toMatchObject({ text: "'open;", severity: 'error' });
  });

  it('marks a ( that is never closed and a ) that closes nothing', () => {
    expect(marked('SELECT COUNT(* FROM orders;').map((d) => d.text)).toEqual(['(']);
    expect(marked('SELECT x) FROM orders;').map((d) => d.text)).toEqual([')']);
  });

  it('warns about a statement without its terminating ; on its last token', () => {
    const ds = marked('SHOW STREAMS;\nSELECT * FROM orders');
    expect(ds).toEqual([expect.objectContaining({ text: 'orders', severity: 'warning', message: expect.stringContaining('no terminating ;') })]);
  });

  it('marks unknown streams where they are named, unless an earlier statement creates them', () => {
    const script = "CREATE STREAM big WITH (KAFKA_TOPIC='big') AS SELECT * FROM orders;\nSELECT * FROM big JOIN nowhere ON big.id = nowhere.id;\nSELECT * FROM `Lower`;";
    expect(marked(script).map((d) => d.text)).toEqual(['nowhere', '`Lower`']);
  });

  it('leaves names alone while the server\'s objects are not known', () => {
    expect(diagnose('SELECT * FROM nowhere;', null)).toEqual([]);
  });
});
