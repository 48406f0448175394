import { describe, expect, it } from 'vitest';
import { formatKsql } from './format.ts';

describe('formatKsql', () => {
  it('upper-cases keywords and puts each clause of a query on its own line', () => {
    expect(formatKsql("select id, ucase(name) as n from orders where amount > 10 and status = 'open' emit changes limit 5;")).toBe(
      ["SELECT id, UCASE(name) AS n", 'FROM orders', "WHERE amount > 10 AND status = 'open'", 'EMIT CHANGES', 'LIMIT 5;'].join('\n'),
    );
  });

  it('keeps strings, quoted identifiers and comments exactly as written', () => {
    const out = formatKsql("select `from`, 'select from where' from s -- from here\nwhere x = 'it''s';");
    expect(out).toBe(["SELECT `from`, 'select from where'", 'FROM s -- from here', "WHERE x = 'it''s';"].join('\n'));
  });

  it('upper-cases WITH property names and breaks a CREATE … AS SELECT before WITH, SELECT, FROM and GROUP BY but not inside parentheses', () => {
    const out = formatKsql("create table per_user with (kafka_topic='t', partitions=1) as select user_id, count(*) as n from clicks group by user_id emit changes;");
    expect(out).toBe(
      ['CREATE TABLE per_user', "WITH (KAFKA_TOPIC='t', PARTITIONS=1) AS", 'SELECT user_id, COUNT(*) AS n', 'FROM clicks', 'GROUP BY user_id', 'EMIT CHANGES;'].join('\n'),
    );
  });

  it('puts a join with its prefix on one line and separates statements with a blank line', () => {
    const out = formatKsql('select * from a left join b on a.id = b.id within 1 hour emit changes; show streams;');
    expect(out).toBe(['SELECT *', 'FROM a', 'LEFT JOIN b ON a.id = b.id WITHIN 1 HOUR', 'EMIT CHANGES;', '', 'SHOW STREAMS;'].join('\n'));
  });

  it('leaves field names after -> and . alone and does not upper-case a column called like a function', () => {
    expect(formatKsql('select s->count, t.sum from t;')).toBe(['SELECT s->count, t.sum', 'FROM t;'].join('\n'));
  });

  it('changes nothing but whitespace and keyword case', () => {
    const input = "create stream x (id varchar key, v int) with (kafka_topic='x', value_format='json');\ninsert into x (id, v) values ('a', 1);";
    const out = formatKsql(input);
    expect(out.replace(/\s+/g, '').toLowerCase()).toBe(input.replace(/\s+/g, '').toLowerCase());
  });
});
