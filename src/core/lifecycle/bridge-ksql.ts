// The ksqlDB statements that keep the old version of a product fed from the new one while consumers migrate:
// a stream over the v2 topic and a persistent query writing the fields v1 consumers know into the v1 topic.
// Generated for the user to review and run in the workbench; Tributary never launches it by itself.

/** A ksqlDB identifier from a topic name: letters, digits and underscores, not starting with a digit. */
export function ksqlIdentifier(topic: string): string {
  const id = topic.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
  return /^[A-Z_]/.test(id) ? id : `T_${id}`;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Top-level record fields of an Avro or JSON schema, or [] when they cannot be read. */
export function topLevelFields(format: string, schema: string): string[] {
  try {
    const parsed = JSON.parse(schema) as { fields?: Array<{ name: string }>; properties?: Record<string, unknown> };
    if (format === 'AVRO') return (parsed.fields ?? []).map((f) => f.name);
    if (format === 'JSON') return Object.keys(parsed.properties ?? {});
  } catch {
    // not JSON: fall through
  }
  return [];
}

export function bridgeStatements(opts: { format: string; v1Topic: string; v1Schema: string; v2Topic: string; v2Schema: string }): string {
  const v2 = `${ksqlIdentifier(opts.v2Topic)}_SOURCE`;
  const feed = `${ksqlIdentifier(opts.v1Topic)}_FROM_V2`;
  const v1Fields = topLevelFields(opts.format, opts.v1Schema);
  const v2Fields = new Set(topLevelFields(opts.format, opts.v2Schema));
  const shared = v1Fields.filter((f) => v2Fields.has(f));
  const missing = v1Fields.filter((f) => !v2Fields.has(f));
  const format = opts.format === 'JSON' ? 'JSON_SR' : opts.format;
  const select = shared.length ? shared.map((f) => `  \`${f}\``).join(',\n') : '  *';
  return [
    `-- Keeps ${opts.v1Topic} fed from ${opts.v2Topic} during the migration. Review, then run it in the workbench.`,
    ...(missing.length ? [`-- v2 has no field for: ${missing.join(', ')} — give them a value (e.g. CAST(NULL AS STRING) AS \`field\`) or v1 readers get their defaults.`] : []),
    `CREATE STREAM IF NOT EXISTS ${v2} WITH (KAFKA_TOPIC=${quote(opts.v2Topic)}, VALUE_FORMAT=${quote(format)});`,
    '',
    `CREATE STREAM IF NOT EXISTS ${feed} WITH (KAFKA_TOPIC=${quote(opts.v1Topic)}, VALUE_FORMAT=${quote(format)}) AS`,
    `SELECT`,
    select,
    `FROM ${v2}`,
    `EMIT CHANGES;`,
  ].join('\n');
}
