// Compatibility levels and the check the stand-in runs before registering a schema: which earlier versions a
// level compares with, in which direction, and the messages Confluent's verbose answers carry.
import { avroFormat } from './avro.ts';
import type { SchemaFormat, SchemaType } from './format.ts';
import { jsonSchemaFormat } from './json-schema.ts';
import { protobufFormat } from './protobuf.ts';

export const compatibilityLevels = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'] as const;
export type CompatibilityLevel = (typeof compatibilityLevels)[number];

export function isCompatibilityLevel(value: unknown): value is CompatibilityLevel {
  return typeof value === 'string' && (compatibilityLevels as readonly string[]).includes(value);
}

export const formats: Record<SchemaType, SchemaFormat<unknown>> = {
  AVRO: avroFormat as SchemaFormat<unknown>,
  JSON: jsonSchemaFormat as SchemaFormat<unknown>,
  PROTOBUF: protobufFormat as SchemaFormat<unknown>,
};

export interface ComparedSchema {
  version: number;
  schemaType: SchemaType;
  /** Canonical text, quoted in messages as Confluent quotes the old schema. */
  schema: string;
  parsed: unknown;
}

/**
 * Confluent-style messages explaining why `candidate` breaks `level` against `previous` (oldest first), empty when
 * it does not. Non-transitive levels compare with the latest version only; transitive ones with every version,
 * newest first, stopping at the first that breaks, as Confluent's CompatibilityChecker does.
 */
export function compatibilityMessages(level: CompatibilityLevel, candidate: { schemaType: SchemaType; parsed: unknown }, previous: ComparedSchema[]): string[] {
  if (level === 'NONE' || previous.length === 0) return [];
  const transitive = level.endsWith('_TRANSITIVE');
  const direction = level.replace('_TRANSITIVE', '') as 'BACKWARD' | 'FORWARD' | 'FULL';
  const targets = transitive ? [...previous].reverse() : [previous[previous.length - 1]!];
  for (const old of targets) {
    const problems: string[] = [];
    if (old.schemaType !== candidate.schemaType) {
      problems.push(`Incompatible because of different schema type (${candidate.schemaType} against ${old.schemaType})`);
    } else {
      const format = formats[candidate.schemaType];
      const found = [
        ...(direction !== 'FORWARD' ? format.readProblems(candidate.parsed, old.parsed, { reader: 'new', writer: 'old' }) : []),
        ...(direction !== 'BACKWARD' ? format.readProblems(old.parsed, candidate.parsed, { reader: 'old', writer: 'new' }) : []),
      ];
      for (const p of found) {
        problems.push(`{errorType:'${p.errorType}', description:'${p.description}'${p.additionalInfo !== undefined ? `, additionalInfo:'${p.additionalInfo}'` : ''}}`);
      }
    }
    if (problems.length) {
      return [...problems, `{oldSchemaVersion: ${old.version}}`, `{oldSchema: '${old.schema}'}`, `{validateFields: 'false', compatibility: '${level}'}`];
    }
  }
  return [];
}
