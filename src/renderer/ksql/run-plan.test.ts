import { describe, expect, it } from 'vitest';
import { planRun } from './run-plan.ts';

describe('planRun', () => {
  it('sends SELECTs as queries and batches the statements between them, keeping editor offsets', () => {
    const script = "SET 'auto.offset.reset'='earliest';\nCREATE STREAM s (id INT) WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON');\nSELECT * FROM s EMIT CHANGES;\nSHOW QUERIES;";
    const steps = planRun(script, 100);
    expect(steps.map((s) => s.kind)).toEqual(['statements', 'query', 'statements']);
    expect(steps[0]).toMatchObject({ offset: 100, count: 2, script: script.slice(0, script.indexOf('\nSELECT')) });
    expect(steps[1]).toEqual({ kind: 'query', sql: 'SELECT * FROM s EMIT CHANGES', start: 100 + script.indexOf('SELECT'), end: 100 + script.indexOf(';\nSHOW') });
    expect(steps[2]).toMatchObject({ script: 'SHOW QUERIES;', count: 1 });
  });

  it('treats a lower-case select after a comment as a query and a semicolon inside a string as text', () => {
    const steps = planRun("-- rows\nselect 'a;b' from s;");
    expect(steps).toEqual([{ kind: 'query', sql: "select 'a;b' from s", start: 8, end: 27 }]);
  });

  it('plans nothing for an empty or comment-only script', () => {
    expect(planRun('  -- nothing\n')).toEqual([]);
  });
});
