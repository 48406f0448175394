import { describe, expect, it } from 'vitest';
import { SqlError, evaluate, parseStatement, splitScript, typeOf, type Row } from './sql.ts';

const row = (o: Record<string, unknown>): Row => new Map(Object.entries(o));
function selectOf(sql: string) {
  const s = parseStatement(sql);
  if (s.type !== 'select') throw new Error(`not a SELECT: ${sql}`);
  return s.select;
}

describe('ksqlDB stand-in SQL', () => {
  it('splits a request at top-level semicolons, keeping each semicolon', () => {
    expect(splitScript("SHOW STREAMS; SELECT 'a;b' FROM x; -- c;\nSHOW TABLES;")).toEqual(['SHOW STREAMS;', "SELECT 'a;b' FROM x;", 'SHOW TABLES;']);
  });

  it('parses CREATE STREAM with key columns, nested types and WITH properties', () => {
    const s = parseStatement("CREATE STREAM s (id INT KEY, tags ARRAY<VARCHAR>, addr STRUCT<city STRING, zip INT>) WITH (kafka_topic='t', value_format='JSON', partitions=2);");
    expect(s).toMatchObject({ type: 'create', kind: 'STREAM', name: 'S', props: { KAFKA_TOPIC: 't', VALUE_FORMAT: 'JSON', PARTITIONS: '2' } });
    expect((s as { columns: unknown }).columns).toEqual([
      { name: 'ID', type: 'INTEGER', key: true },
      { name: 'TAGS', type: 'ARRAY<STRING>', key: false },
      { name: 'ADDR', type: 'STRUCT<CITY STRING, ZIP INTEGER>', key: false },
    ]);
  });

  it('parses a push query with WHERE, EMIT CHANGES and LIMIT', () => {
    const s = parseStatement("SELECT id, amount * 2 AS twice FROM orders o WHERE region IN ('eu', 'us') AND amount BETWEEN 1 AND 10 EMIT CHANGES LIMIT 3;");
    expect(s).toMatchObject({ type: 'select', select: { from: 'ORDERS', alias: 'O', emitChanges: true, limit: 3 } });
  });

  it('names the line and column of a syntax error', () => {
    expect(() => parseStatement('SELECT FROM x;')).toThrow(/line 1:8: Syntax Error/);
    expect(() => parseStatement('CREATE STREAM s (id INT) WITH (KAFKA_TOPIC=);')).toThrow(SqlError);
  });

  it('refuses joins with a message that names the stand-in', () => {
    expect(() => parseStatement('SELECT * FROM a JOIN b ON a.k = b.k EMIT CHANGES;')).toThrow(/stand-in does not run joins/);
  });

  it('evaluates filters with SQL null semantics, LIKE and struct dereference', () => {
    const r = row({ A: 5, B: null, NAME: 'Zoë', ADDR: { City: 'Oslo' } });
    const where = (sql: string) => evaluate(selectOf(`SELECT * FROM x WHERE ${sql};`).where!, r);
    expect(where('A > 3 AND B IS NULL')).toBe(true);
    expect(where('B = 1')).toBeNull();
    expect(where('B = 1 OR A = 5')).toBe(true);
    expect(where("NAME LIKE 'Z_%'")).toBe(true);
    expect(where("ADDR->CITY = 'Oslo'")).toBe(true);
    expect(where("CASE WHEN A > 4 THEN 'big' ELSE 'small' END = 'big'")).toBe(true);
  });

  it('types expressions as ksqlDB names them', () => {
    const types = new Map([['A', 'INTEGER'], ['D', 'DOUBLE'], ['S', 'STRING']]);
    const t = (sql: string) => typeOf(selectOf(`SELECT ${sql} FROM x;`).items[0]!.expr!, types);
    expect(t('A + 1')).toBe('INTEGER');
    expect(t('A * D')).toBe('DOUBLE');
    expect(t('UCASE(S)')).toBe('STRING');
    expect(t('COUNT(*)')).toBe('BIGINT');
    expect(t('A > 1')).toBe('BOOLEAN');
  });
});
