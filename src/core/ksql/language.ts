// ksqlDB's vocabulary for the editor's Monarch tokenizer and completion: keywords, types, built-in functions
// and WITH (…) property names, as ksqlDB 0.29 documents them. Data only; the Workbench page builds the
// Monaco language from it, and completion adds the profile's own SHOW FUNCTIONS list (ksql.functions).

export const ksqlKeywords = [
  'ADD', 'ADVANCE', 'ALL', 'ALTER', 'AND', 'ANY', 'ARRAY', 'AS', 'ASC', 'ASSERT', 'AT', 'BEGINNING', 'BETWEEN', 'BY', 'CASE', 'CAST',
  'CHANGES', 'COLUMN', 'COLUMNS', 'CONNECTOR', 'CONNECTORS', 'CREATE', 'DAY', 'DAYS', 'DEFINE', 'DELETE', 'DESC', 'DESCRIBE', 'DISTINCT',
  'DROP', 'ELSE', 'EMIT', 'END', 'ESCAPE', 'EXISTS', 'EXPLAIN', 'EXTENDED', 'FALSE', 'FINAL', 'FROM', 'FULL', 'FUNCTION', 'FUNCTIONS',
  'GRACE', 'GROUP', 'HAVING', 'HEADER', 'HEADERS', 'HOPPING', 'HOUR', 'HOURS', 'IF', 'IN', 'INNER', 'INSERT', 'INTEGER', 'INTERVAL',
  'INTO', 'IS', 'JOIN', 'KEY', 'LEFT', 'LIKE', 'LIMIT', 'LIST', 'LOAD', 'MAP', 'MILLISECOND', 'MILLISECONDS', 'MINUTE', 'MINUTES',
  'MONTH', 'MONTHS', 'NOT', 'NULL', 'ON', 'OR', 'OUTER', 'PARTITION', 'PARTITIONS', 'PAUSE', 'PERIOD', 'PLUGINS', 'PRIMARY',
  'PRINT', 'PROPERTIES', 'QUERIES', 'QUERY', 'REPLACE', 'RESUME', 'RETENTION', 'RIGHT', 'RUN', 'SCHEMA', 'SCRIPT', 'SECOND',
  'SECONDS', 'SELECT', 'SESSION', 'SET', 'SHOW', 'SINK', 'SIZE', 'SOURCE', 'STREAM', 'STREAMS', 'STRUCT', 'TABLE', 'TABLES',
  'TERMINATE', 'THEN', 'TIMEOUT', 'TOPIC', 'TOPICS', 'TRUE', 'TUMBLING', 'TYPE', 'TYPES', 'UNDEFINE', 'UNSET', 'VALUES', 'VARIABLES',
  'WHEN', 'WHERE', 'WINDOW', 'WITH', 'WITHIN', 'YEAR', 'YEARS',
] as const;

export const ksqlTypes = [
  'BOOLEAN', 'INT', 'INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL', 'VARCHAR', 'STRING', 'BYTES', 'DATE', 'TIME', 'TIMESTAMP', 'ARRAY', 'MAP', 'STRUCT',
] as const;

/** Pseudo-columns every stream and table has. */
export const ksqlPseudoColumns = ['ROWTIME', 'ROWPARTITION', 'ROWOFFSET', 'WINDOWSTART', 'WINDOWEND'] as const;

export interface BuiltinFunction {
  name: string;
  kind: 'scalar' | 'aggregate' | 'table';
  signature: string;
}

export const ksqlFunctions: readonly BuiltinFunction[] = [
  // aggregate
  { name: 'COUNT', kind: 'aggregate', signature: 'COUNT(col) / COUNT(*)' },
  { name: 'COUNT_DISTINCT', kind: 'aggregate', signature: 'COUNT_DISTINCT(col)' },
  { name: 'SUM', kind: 'aggregate', signature: 'SUM(col)' },
  { name: 'AVG', kind: 'aggregate', signature: 'AVG(col)' },
  { name: 'MIN', kind: 'aggregate', signature: 'MIN(col)' },
  { name: 'MAX', kind: 'aggregate', signature: 'MAX(col)' },
  { name: 'COLLECT_LIST', kind: 'aggregate', signature: 'COLLECT_LIST(col)' },
  { name: 'COLLECT_SET', kind: 'aggregate', signature: 'COLLECT_SET(col)' },
  { name: 'EARLIEST_BY_OFFSET', kind: 'aggregate', signature: 'EARLIEST_BY_OFFSET(col [, n])' },
  { name: 'LATEST_BY_OFFSET', kind: 'aggregate', signature: 'LATEST_BY_OFFSET(col [, n])' },
  { name: 'HISTOGRAM', kind: 'aggregate', signature: 'HISTOGRAM(col)' },
  { name: 'TOPK', kind: 'aggregate', signature: 'TOPK(col, k)' },
  { name: 'TOPKDISTINCT', kind: 'aggregate', signature: 'TOPKDISTINCT(col, k)' },
  { name: 'STDDEV_SAMPLE', kind: 'aggregate', signature: 'STDDEV_SAMPLE(col)' },
  // table
  { name: 'EXPLODE', kind: 'table', signature: 'EXPLODE(array)' },
  // scalar: strings
  { name: 'CONCAT', kind: 'scalar', signature: 'CONCAT(a, b, …)' },
  { name: 'CONCAT_WS', kind: 'scalar', signature: 'CONCAT_WS(separator, a, b, …)' },
  { name: 'LCASE', kind: 'scalar', signature: 'LCASE(s)' },
  { name: 'UCASE', kind: 'scalar', signature: 'UCASE(s)' },
  { name: 'LEN', kind: 'scalar', signature: 'LEN(s)' },
  { name: 'TRIM', kind: 'scalar', signature: 'TRIM(s)' },
  { name: 'SUBSTRING', kind: 'scalar', signature: 'SUBSTRING(s, pos [, len])' },
  { name: 'REPLACE', kind: 'scalar', signature: 'REPLACE(s, find, replacement)' },
  { name: 'REGEXP_EXTRACT', kind: 'scalar', signature: 'REGEXP_EXTRACT(pattern, s [, group])' },
  { name: 'REGEXP_REPLACE', kind: 'scalar', signature: 'REGEXP_REPLACE(s, pattern, replacement)' },
  { name: 'SPLIT', kind: 'scalar', signature: 'SPLIT(s, delimiter)' },
  { name: 'INSTR', kind: 'scalar', signature: 'INSTR(s, sub [, pos [, occurrence]])' },
  { name: 'LPAD', kind: 'scalar', signature: 'LPAD(s, len, pad)' },
  { name: 'RPAD', kind: 'scalar', signature: 'RPAD(s, len, pad)' },
  { name: 'MASK', kind: 'scalar', signature: 'MASK(s)' },
  { name: 'EXTRACTJSONFIELD', kind: 'scalar', signature: "EXTRACTJSONFIELD(json, '$.path')" },
  { name: 'UUID', kind: 'scalar', signature: 'UUID()' },
  // scalar: numbers
  { name: 'ABS', kind: 'scalar', signature: 'ABS(n)' },
  { name: 'CEIL', kind: 'scalar', signature: 'CEIL(n)' },
  { name: 'FLOOR', kind: 'scalar', signature: 'FLOOR(n)' },
  { name: 'ROUND', kind: 'scalar', signature: 'ROUND(n [, scale])' },
  { name: 'SQRT', kind: 'scalar', signature: 'SQRT(n)' },
  { name: 'RANDOM', kind: 'scalar', signature: 'RANDOM()' },
  { name: 'GREATEST', kind: 'scalar', signature: 'GREATEST(a, b, …)' },
  { name: 'LEAST', kind: 'scalar', signature: 'LEAST(a, b, …)' },
  // scalar: nulls, collections, structs
  { name: 'COALESCE', kind: 'scalar', signature: 'COALESCE(a, b, …)' },
  { name: 'IFNULL', kind: 'scalar', signature: 'IFNULL(a, fallback)' },
  { name: 'NULLIF', kind: 'scalar', signature: 'NULLIF(a, b)' },
  { name: 'ARRAY_CONTAINS', kind: 'scalar', signature: 'ARRAY_CONTAINS(array, value)' },
  { name: 'ARRAY_LENGTH', kind: 'scalar', signature: 'ARRAY_LENGTH(array)' },
  { name: 'AS_MAP', kind: 'scalar', signature: 'AS_MAP(keys, values)' },
  { name: 'MAP_KEYS', kind: 'scalar', signature: 'MAP_KEYS(map)' },
  { name: 'AS_VALUE', kind: 'scalar', signature: 'AS_VALUE(key column)' },
  // scalar: time
  { name: 'UNIX_TIMESTAMP', kind: 'scalar', signature: 'UNIX_TIMESTAMP([ts])' },
  { name: 'UNIX_DATE', kind: 'scalar', signature: 'UNIX_DATE([date])' },
  { name: 'TIMESTAMPTOSTRING', kind: 'scalar', signature: "TIMESTAMPTOSTRING(ms, 'pattern' [, tz])" },
  { name: 'STRINGTOTIMESTAMP', kind: 'scalar', signature: "STRINGTOTIMESTAMP(s, 'pattern' [, tz])" },
  { name: 'FORMAT_TIMESTAMP', kind: 'scalar', signature: "FORMAT_TIMESTAMP(ts, 'pattern' [, tz])" },
  { name: 'PARSE_TIMESTAMP', kind: 'scalar', signature: "PARSE_TIMESTAMP(s, 'pattern' [, tz])" },
  { name: 'FROM_UNIXTIME', kind: 'scalar', signature: 'FROM_UNIXTIME(ms)' },
  { name: 'DATEADD', kind: 'scalar', signature: 'DATEADD(unit, n, date)' },
  { name: 'TIMESTAMPADD', kind: 'scalar', signature: 'TIMESTAMPADD(unit, n, ts)' },
];

/** Properties accepted in CREATE … WITH (…), with what the editor shows beside each. */
export const ksqlWithProperties: ReadonlyArray<{ name: string; doc: string }> = [
  { name: 'KAFKA_TOPIC', doc: 'Backing topic; required for CREATE over a topic, defaults to the name for … AS SELECT' },
  { name: 'VALUE_FORMAT', doc: 'JSON, JSON_SR, AVRO, PROTOBUF, PROTOBUF_NOSR, DELIMITED, KAFKA, NONE' },
  { name: 'KEY_FORMAT', doc: 'Format of the record key (default KAFKA)' },
  { name: 'FORMAT', doc: 'Sets KEY_FORMAT and VALUE_FORMAT together' },
  { name: 'PARTITIONS', doc: 'Partitions of a topic the statement creates' },
  { name: 'REPLICAS', doc: 'Replication factor of a topic the statement creates' },
  { name: 'RETENTION_MS', doc: 'retention.ms of a topic the statement creates' },
  { name: 'TIMESTAMP', doc: 'Column whose value is the record timestamp' },
  { name: 'TIMESTAMP_FORMAT', doc: 'Pattern for a string TIMESTAMP column' },
  { name: 'WRAP_SINGLE_VALUE', doc: 'Whether a single-column value is wrapped in an object' },
  { name: 'WINDOW_TYPE', doc: 'TUMBLING, HOPPING or SESSION, for windowed keys' },
  { name: 'WINDOW_SIZE', doc: 'Window size, for windowed keys' },
  { name: 'VALUE_DELIMITER', doc: 'Delimiter for VALUE_FORMAT=DELIMITED' },
  { name: 'KEY_SCHEMA_ID', doc: 'Schema registry id of the key schema' },
  { name: 'VALUE_SCHEMA_ID', doc: 'Schema registry id of the value schema' },
  { name: 'VALUE_AVRO_SCHEMA_FULL_NAME', doc: 'Full name of the generated Avro value schema' },
  { name: 'KEY_PROTOBUF_NULLABLE_REPRESENTATION', doc: 'How nullable key fields are encoded in Protobuf' },
];

/** Properties a query accepts in `properties` (ksql.query, ksql.run) or SET. */
export const ksqlQueryProperties = ['auto.offset.reset', 'ksql.streams.auto.offset.reset', 'ksql.query.pull.table.scan.enabled', 'ksql.streams.cache.max.bytes.buffering', 'ksql.streams.num.stream.threads', 'processing.guarantee'] as const;
