// What each schema format (Avro, JSON Schema, Protobuf) gives the stand-in registry: a parser that validates a
// schema with its references resolved, and the problems a reader schema has with data written by another.

export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

/** A reference with the schema it names, as stored under its subject and version (recursively). */
export interface ResolvedReference {
  name: string;
  subject: string;
  version: number;
  schema: string;
  schemaType: SchemaType;
  references: ResolvedReference[];
}

/** One reason a reader cannot read a writer's data, named like Confluent's compatibility messages. */
export interface Incompatibility {
  errorType: string;
  description: string;
  additionalInfo?: string;
}

export interface SchemaFormat<Parsed> {
  /** Validates the schema; throws InvalidSchemaError with what is wrong. */
  parse(schema: string, references: ResolvedReference[]): Parsed;
  /** The text stored and compared for de-duplication (Confluent stores a canonical form, not the input). */
  canonical(schema: string): string;
  /** Why `reader` cannot read data written with `writer`; empty when it can. */
  readProblems(reader: Parsed, writer: Parsed, sides: Sides): Incompatibility[];
}

/** The side names in messages: under BACKWARD the reader is the new schema, under FORWARD the old one. */
export interface Sides {
  reader: 'new' | 'old';
  writer: 'new' | 'old';
}

export class InvalidSchemaError extends Error {
  override name = 'InvalidSchemaError';
}
