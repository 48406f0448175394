// "How to consume" for a data product's output port: the few lines a consumer pastes to read it from Java,
// Python, kafkajs or ksqlDB. Pure text from the port and the profile's endpoints; every name is quoted for
// the language it lands in, so an odd topic or URL cannot break out of its string.

export type SnippetLanguage = 'java' | 'python' | 'kafkajs' | 'ksqldb';

export interface ConsumeTarget {
  /** The product's id; consumer groups are named under it, which is the prefix an approved request grants. */
  productId: string;
  topic: string;
  format: 'AVRO' | 'JSON' | 'PROTOBUF';
  /** '' for a schemaless port. */
  schemaSubject: string;
  bootstrap: string;
  /** '' when the profile names no schema registry. */
  registryUrl: string;
  security?: { protocol: string; saslMechanism: string; username: string };
}

export interface ConsumeSnippet {
  language: SnippetLanguage;
  label: string;
  code: string;
}

/** The group id the snippets use: under the product id, so the ACLs an approval creates cover it. */
export function consumerGroup(productId: string): string {
  return `${productId}.my-app`;
}

/** A double-quoted string literal for Java, JavaScript and Python (JSON's escapes are valid in all three). */
function quoted(text: string): string {
  return JSON.stringify(text);
}

/** A ksqlDB string literal: single quotes, a quote doubled. */
function ksqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** An unquoted ksqlDB identifier for a topic: letters, digits and _ in upper case, not starting with a digit. */
export function ksqlStreamName(topic: string): string {
  const name = topic.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return /^[A-Z_]/.test(name) ? name : `S_${name}`;
}

/** The ksqlDB VALUE_FORMAT that reads a port: JSON with a registered schema is JSON_SR. */
export function ksqlValueFormat(format: ConsumeTarget['format'], schemaSubject: string): string {
  if (format === 'JSON') return schemaSubject ? 'JSON_SR' : 'JSON';
  return format;
}

const usesSasl = (t: ConsumeTarget) => Boolean(t.security?.protocol.startsWith('SASL'));
const usesTls = (t: ConsumeTarget) => Boolean(t.security && t.security.protocol !== 'PLAINTEXT' && t.security.protocol !== 'SASL_PLAINTEXT');
const hasRegistry = (t: ConsumeTarget) => Boolean(t.schemaSubject && t.registryUrl);

function java(t: ConsumeTarget): string {
  const deserializer = !hasRegistry(t)
    ? 'org.apache.kafka.common.serialization.StringDeserializer'
    : { AVRO: 'io.confluent.kafka.serializers.KafkaAvroDeserializer', JSON: 'io.confluent.kafka.serializers.json.KafkaJsonSchemaDeserializer', PROTOBUF: 'io.confluent.kafka.serializers.protobuf.KafkaProtobufDeserializer' }[t.format];
  const valueType = hasRegistry(t) ? (t.format === 'AVRO' ? 'GenericRecord' : 'Object') : 'String';
  const lines = [
    'Properties props = new Properties();',
    `props.put("bootstrap.servers", ${quoted(t.bootstrap)});`,
    `props.put("group.id", ${quoted(consumerGroup(t.productId))});`,
    'props.put("auto.offset.reset", "earliest");',
    'props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");',
    `props.put("value.deserializer", ${quoted(deserializer)});`,
  ];
  if (hasRegistry(t)) lines.push(`props.put("schema.registry.url", ${quoted(t.registryUrl)});`);
  if (t.security && t.security.protocol !== 'PLAINTEXT') lines.push(`props.put("security.protocol", ${quoted(t.security.protocol)});`);
  if (usesSasl(t)) {
    const mechanism = t.security!.saslMechanism.toUpperCase();
    const module = mechanism === 'PLAIN' ? 'org.apache.kafka.common.security.plain.PlainLoginModule' : 'org.apache.kafka.common.security.scram.ScramLoginModule';
    lines.push(`props.put("sasl.mechanism", ${quoted(mechanism)});`);
    lines.push(`props.put("sasl.jaas.config", ${quoted(`${module} required username="${t.security!.username}" password="<password>";`)});`);
  }
  lines.push(
    '',
    `try (KafkaConsumer<String, ${valueType}> consumer = new KafkaConsumer<>(props)) {`,
    `  consumer.subscribe(List.of(${quoted(t.topic)}));`,
    '  while (true) {',
    `    for (ConsumerRecord<String, ${valueType}> record : consumer.poll(Duration.ofSeconds(1))) {`,
    '      System.out.printf("%s %s%n", record.key(), record.value());',
    '    }',
    '  }',
    '}',
  );
  return lines.join('\n');
}

function python(t: ConsumeTarget): string {
  const conf = [
    `    "bootstrap.servers": ${quoted(t.bootstrap)},`,
    `    "group.id": ${quoted(consumerGroup(t.productId))},`,
    '    "auto.offset.reset": "earliest",',
  ];
  if (t.security && t.security.protocol !== 'PLAINTEXT') conf.push(`    "security.protocol": ${quoted(t.security.protocol)},`);
  if (usesSasl(t)) {
    conf.push(`    "sasl.mechanism": ${quoted(t.security!.saslMechanism.toUpperCase())},`);
    conf.push(`    "sasl.username": ${quoted(t.security!.username)},`);
    conf.push('    "sasl.password": "<password>",');
  }
  const lines: string[] = [];
  if (hasRegistry(t)) {
    const [module, cls] = { AVRO: ['avro', 'AvroDeserializer'], JSON: ['json_schema', 'JSONDeserializer'], PROTOBUF: ['protobuf', 'ProtobufDeserializer'] }[t.format];
    lines.push(
      'from confluent_kafka import DeserializingConsumer',
      'from confluent_kafka.schema_registry import SchemaRegistryClient',
      `from confluent_kafka.schema_registry.${module} import ${cls}`,
      'from confluent_kafka.serialization import StringDeserializer',
      '',
      `registry = SchemaRegistryClient({"url": ${quoted(t.registryUrl)}})`,
    );
    if (t.format === 'AVRO') lines.push('value_deserializer = AvroDeserializer(registry)');
    else if (t.format === 'JSON') lines.push(`# the reader schema: the latest registered under ${t.schemaSubject}`, `value_deserializer = JSONDeserializer(registry.get_latest_version(${quoted(t.schemaSubject)}).schema.schema_str, schema_registry_client=registry)`);
    else lines.push(`# generate the message class from the .proto registered under ${t.schemaSubject} with protoc --python_out`, 'value_deserializer = ProtobufDeserializer(YourMessage, {"use.deprecated.format": False})');
    lines.push('', 'consumer = DeserializingConsumer({', ...conf, '    "key.deserializer": StringDeserializer("utf_8"),', '    "value.deserializer": value_deserializer,', '})');
  } else {
    lines.push('from confluent_kafka import Consumer', '', 'consumer = Consumer({', ...conf, '})');
  }
  lines.push(
    `consumer.subscribe([${quoted(t.topic)}])`,
    'try:',
    '    while True:',
    '        msg = consumer.poll(1.0)',
    '        if msg is None or msg.error():',
    '            continue',
    '        print(msg.key(), msg.value())',
    'finally:',
    '    consumer.close()',
  );
  return lines.join('\n');
}

function kafkajs(t: ConsumeTarget): string {
  const options = [`  clientId: ${quoted(consumerGroup(t.productId))},`, `  brokers: ${quoted(t.bootstrap)}.split(','),`];
  if (usesTls(t)) options.push('  ssl: true,');
  if (usesSasl(t)) options.push(`  sasl: { mechanism: ${quoted(t.security!.saslMechanism)}, username: ${quoted(t.security!.username)}, password: process.env.KAFKA_PASSWORD },`);
  const lines = ["import { Kafka } from 'kafkajs';"];
  if (hasRegistry(t)) lines.push("import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';");
  lines.push('', 'const kafka = new Kafka({', ...options, '});');
  if (hasRegistry(t)) lines.push(`const registry = new SchemaRegistry({ host: ${quoted(t.registryUrl)} });`);
  lines.push(
    `const consumer = kafka.consumer({ groupId: ${quoted(consumerGroup(t.productId))} });`,
    '',
    'await consumer.connect();',
    `await consumer.subscribe({ topics: [${quoted(t.topic)}], fromBeginning: true });`,
    'await consumer.run({',
    '  eachMessage: async ({ message }) => {',
    hasRegistry(t) ? '    const value = message.value ? await registry.decode(message.value) : null;' : '    const value = message.value?.toString();',
    '    console.log(message.key?.toString(), value);',
    '  },',
    '});',
  );
  return lines.join('\n');
}

function ksqldb(t: ConsumeTarget): string {
  const lines: string[] = [];
  const defaultSubject = `${t.topic}-value`;
  if (!t.schemaSubject && t.format !== 'JSON') lines.push('-- this port names no schema subject: list the columns, e.g. CREATE STREAM … (id VARCHAR KEY, …) WITH (…)');
  else if (!t.schemaSubject) lines.push('-- this port names no schema subject: list the columns, e.g. CREATE STREAM … (id VARCHAR KEY, payload VARCHAR) WITH (…)');
  else if (t.schemaSubject !== defaultSubject) lines.push(`-- ksqlDB reads the subject ${defaultSubject}; this port's schema is under ${t.schemaSubject}, so add VALUE_SCHEMA_ID=<its id>`);
  lines.push(
    `CREATE STREAM ${ksqlStreamName(t.topic)} WITH (KAFKA_TOPIC=${ksqlString(t.topic)}, KEY_FORMAT='KAFKA', VALUE_FORMAT=${ksqlString(ksqlValueFormat(t.format, t.schemaSubject))});`,
    '',
    "SET 'auto.offset.reset' = 'earliest';",
    `SELECT * FROM ${ksqlStreamName(t.topic)} EMIT CHANGES LIMIT 10;`,
  );
  return lines.join('\n');
}

/** Java, Python, kafkajs and ksqlDB snippets that read the port, in that order. */
export function consumeSnippets(target: ConsumeTarget): ConsumeSnippet[] {
  return [
    { language: 'java', label: 'Java', code: java(target) },
    { language: 'python', label: 'Python', code: python(target) },
    { language: 'kafkajs', label: 'kafkajs', code: kafkajs(target) },
    { language: 'ksqldb', label: 'ksqlDB', code: ksqldb(target) },
  ];
}
