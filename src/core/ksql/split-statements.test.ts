import { describe, expect, it } from 'vitest';
import { positionAt, splitStatements, statementAt } from './split-statements.ts';

const texts = (script: string) => splitStatements(script).statements.map((s) => s.text);

describe('splitStatements', () => {
  it('splits at top-level semicolons and keeps each statement without its semicolon', () => {
    expect(texts('SHOW STREAMS; SHOW TABLES;')).toEqual(['SHOW STREAMS', 'SHOW TABLES']);
  });

  it('keeps a final statement that has no semicolon and marks it unterminated', () => {
    const { statements } = splitStatements('SHOW STREAMS;\nSHOW TOPICS');
    expect(statements.map((s) => [s.text, s.terminated])).toEqual([
      ['SHOW STREAMS', true],
      ['SHOW TOPICS', false],
    ]);
  });

  it('does not split at a semicolon inside a string', () => {
    expect(texts("SELECT * FROM s WHERE note = 'a;b' EMIT CHANGES; SHOW QUERIES;")).toEqual(["SELECT * FROM s WHERE note = 'a;b' EMIT CHANGES", 'SHOW QUERIES']);
  });

  it("reads '' inside a string as an escaped quote, not the end of the string", () => {
    expect(texts("SELECT * FROM s WHERE n = 'it''s; fine'; SHOW TABLES")).toEqual(["SELECT * FROM s WHERE n = 'it''s; fine'", 'SHOW TABLES']);
  });

  it('does not split inside backquoted or double-quoted identifiers', () => {
    expect(texts('SELECT `a;b`, "c;d" FROM `x;y`; SHOW STREAMS')).toEqual(['SELECT `a;b`, "c;d" FROM `x;y`', 'SHOW STREAMS']);
  });

  it('ignores semicolons in -- line comments and /* block */ comments', () => {
    const script = '-- first; still a comment\nSHOW STREAMS; /* a; b;\n c */ SHOW TABLES -- trailing;\n;';
    expect(texts(script)).toEqual(['SHOW STREAMS', 'SHOW TABLES']);
  });

  it('starts a statement at its first token, after leading comments and blank lines', () => {
    const script = '\n\n  -- orders\n  /* note */ CREATE STREAM s (id INT) WITH (KAFKA_TOPIC=\'t\', VALUE_FORMAT=\'JSON\');';
    const [s] = splitStatements(script).statements;
    expect(script.slice(s!.start, s!.end)).toBe("CREATE STREAM s (id INT) WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON')");
  });

  it('keeps comments between the tokens of a statement', () => {
    expect(texts('SELECT a -- the key\n, b FROM s;')).toEqual(['SELECT a -- the key\n, b FROM s']);
  });

  it('ends a statement at its last token when a comment sits before the semicolon', () => {
    expect(texts('SHOW STREAMS -- all of them\n;')).toEqual(['SHOW STREAMS']);
  });

  it('skips empty statements between repeated semicolons', () => {
    expect(texts(';;SHOW STREAMS;; ;SHOW TABLES;;')).toEqual(['SHOW STREAMS', 'SHOW TABLES']);
  });

  it('treats -- inside a string as text, not a comment', () => {
    expect(texts("SELECT * FROM s WHERE x = '--; no'; SHOW TABLES")).toEqual(["SELECT * FROM s WHERE x = '--; no'", 'SHOW TABLES']);
  });

  it('treats a quote inside a comment as text', () => {
    expect(texts("-- don't\nSHOW STREAMS; /* it's */ SHOW TABLES;")).toEqual(['SHOW STREAMS', 'SHOW TABLES']);
  });

  it('reads a single minus and a division as operators, not comments', () => {
    expect(texts('SELECT a - 1, b / 2 FROM s; SHOW TABLES')).toEqual(['SELECT a - 1, b / 2 FROM s', 'SHOW TABLES']);
  });

  it('reports an unterminated string with its offset and keeps the rest in the statement', () => {
    const script = "SHOW STREAMS; SELECT * FROM s WHERE a = 'oops; SHOW TABLES;";
    const { statements, problems } = splitStatements(script);
    expect(statements.map((s) => s.text)).toEqual(['SHOW STREAMS', "SELECT * FROM s WHERE a = 'oops; SHOW TABLES;"]);
    expect(problems).toEqual([{ message: "Unterminated string: close it with '", start: script.indexOf("'oops"), end: script.length }]);
  });

  it('reports an unterminated block comment and an unterminated backquote', () => {
    expect(splitStatements('SHOW STREAMS; /* never closed').problems[0]!.message).toMatch(/Unterminated \/\* comment/);
    expect(splitStatements('SELECT `col FROM s').problems[0]!.message).toMatch(/Unterminated quoted identifier: close it with `/);
  });

  it('keeps source offsets that point back into the script for every statement', () => {
    const script = "CREATE STREAM a (x INT) WITH (KAFKA_TOPIC='a', VALUE_FORMAT='JSON');\n  INSERT INTO a (x) VALUES (1);\nSELECT * FROM a EMIT CHANGES LIMIT 1;";
    for (const s of splitStatements(script).statements) expect(script.slice(s.start, s.end)).toBe(s.text);
  });

  it('counts offsets in UTF-16 units so non-ASCII text before a statement does not shift it', () => {
    const script = "SELECT * FROM s WHERE city = 'Zürich 🚲'; SHOW TABLES;";
    const second = splitStatements(script).statements[1]!;
    expect(script.slice(second.start, second.end)).toBe('SHOW TABLES');
  });

  it('returns nothing for a script of only comments and whitespace', () => {
    expect(splitStatements('  -- nothing\n /* here */ \n').statements).toEqual([]);
  });

  it('finds the statement under the cursor, or the previous one between statements', () => {
    const script = 'SHOW STREAMS;   SHOW TABLES;';
    const { statements } = splitStatements(script);
    expect(statementAt(statements, 3)?.text).toBe('SHOW STREAMS');
    expect(statementAt(statements, 14)?.text).toBe('SHOW STREAMS');
    expect(statementAt(statements, script.indexOf('TABLES'))?.text).toBe('SHOW TABLES');
  });

  it('gives 1-based line and column for an offset', () => {
    const script = 'SHOW STREAMS;\n  SHOW TABLES;';
    expect(positionAt(script, script.indexOf('SHOW TABLES'))).toEqual({ line: 2, column: 3 });
    expect(positionAt(script, 0)).toEqual({ line: 1, column: 1 });
  });
});

describe('splitStatements on a script written after the ksqlDB documentation', () => {
  const script = `-- Stream processing cookbook: clickstream analysis
SET 'auto.offset.reset' = 'earliest';

CREATE STREAM pageviews_original (viewtime BIGINT, userid VARCHAR, pageid VARCHAR)
  WITH (KAFKA_TOPIC='pageviews', VALUE_FORMAT='JSON');   -- the raw topic

/* a table of users; the key is the user id */
CREATE TABLE users_original (userid VARCHAR PRIMARY KEY, regionid VARCHAR, gender VARCHAR)
  WITH (KAFKA_TOPIC='users', VALUE_FORMAT='JSON');

CREATE STREAM pageviews_enriched AS
  SELECT users_original.userid AS userid, pageid, regionid, gender
  FROM pageviews_original LEFT JOIN users_original ON pageviews_original.userid = users_original.userid
  EMIT CHANGES;

CREATE TABLE pageviews_per_region_per_30secs AS
  SELECT regionid, COUNT(*) AS numusers
  FROM pageviews_enriched
  WINDOW TUMBLING (SIZE 30 SECONDS)
  GROUP BY regionid
  EMIT CHANGES;

INSERT INTO pageviews_original (viewtime, userid, pageid) VALUES (1, 'User_1', 'Page_1; the home page');
SELECT \`userid\`, CASE WHEN pageid LIKE '%;%' THEN 'odd' ELSE 'plain' END AS kind FROM pageviews_original EMIT CHANGES LIMIT 3;
SELECT * FROM pageviews_per_region_per_30secs WHERE regionid = 'Region_1' AND WINDOWSTART >= '2024-01-01T00:00:00';
`;

  it('splits the documented script into its eight statements, each pointing back at its text', () => {
    const { statements, problems } = splitStatements(script);
    expect(problems).toEqual([]);
    expect(statements.map((s) => s.text.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      "SET 'auto.offset.reset' =",
      'CREATE STREAM pageviews_original',
      'CREATE TABLE users_original',
      'CREATE STREAM pageviews_enriched',
      'CREATE TABLE pageviews_per_region_per_30secs',
      'INSERT INTO pageviews_original',
      'SELECT `userid`, CASE',
      'SELECT * FROM',
    ]);
    for (const s of statements) expect(script.slice(s.start, s.end)).toBe(s.text);
    expect(statements.every((s) => s.terminated)).toBe(true);
  });

  it('keeps a trailing comment after the semicolon out of the statement before it', () => {
    const create = splitStatements(script).statements[1]!;
    expect(create.text.endsWith("VALUE_FORMAT='JSON')")).toBe(true);
  });

  it('keeps semicolons inside string literals of VALUES and LIKE patterns', () => {
    const texts = splitStatements(script).statements.map((s) => s.text);
    expect(texts[5]).toContain("'Page_1; the home page'");
    expect(texts[6]).toContain("LIKE '%;%'");
  });

  it('splits variable definitions and their substitutions as ordinary statements', () => {
    const defined = "DEFINE topic = 'orders;v1';\nCREATE STREAM s WITH (KAFKA_TOPIC='${topic}', VALUE_FORMAT='JSON');\nUNDEFINE topic;";
    expect(splitStatements(defined).statements.map((s) => s.text)).toEqual(["DEFINE topic = 'orders;v1'", "CREATE STREAM s WITH (KAFKA_TOPIC='${topic}', VALUE_FORMAT='JSON')", 'UNDEFINE topic']);
  });
});

