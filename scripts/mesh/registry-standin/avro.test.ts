// The stand-in's Avro checks beyond the HTTP tests: avsc's resolution as the verdict, Confluent's names for why.
import { describe, expect, it } from 'vitest';
import { avroFormat, parseAvro } from './avro.ts';
import { InvalidSchemaError, type ResolvedReference } from './format.ts';

const rec = (fields: object[], extra: object = {}) => JSON.stringify({ type: 'record', name: 'R', namespace: 'n', fields, ...extra });
const problems = (reader: string, writer: string) => avroFormat.readProblems(parseAvro(reader, []), parseAvro(writer, []), { reader: 'new', writer: 'old' }).map((p) => p.errorType);

describe('Avro compatibility in the stand-in', () => {
  it('allows Avro promotions (int → long, float → double, string ↔ bytes) and refuses the reverse', () => {
    expect(problems(rec([{ name: 'a', type: 'long' }]), rec([{ name: 'a', type: 'int' }]))).toEqual([]);
    expect(problems(rec([{ name: 'a', type: 'double' }]), rec([{ name: 'a', type: 'float' }]))).toEqual([]);
    expect(problems(rec([{ name: 'a', type: 'bytes' }]), rec([{ name: 'a', type: 'string' }]))).toEqual([]);
    expect(problems(rec([{ name: 'a', type: 'int' }]), rec([{ name: 'a', type: 'long' }]))).toEqual(['TYPE_MISMATCH']);
  });

  it('names union, enum, fixed and record-name problems like Confluent', () => {
    expect(problems(rec([{ name: 'a', type: 'string' }]), rec([{ name: 'a', type: ['null', 'string'] }]))).toEqual(['TYPE_MISMATCH']);
    expect(problems(rec([{ name: 'a', type: ['null', 'int'] }]), rec([{ name: 'a', type: 'string' }]))).toEqual(['MISSING_UNION_BRANCH']);
    const e = (symbols: string[]) => rec([{ name: 's', type: { type: 'enum', name: 'S', symbols } }]);
    expect(problems(e(['A']), e(['A', 'B']))).toEqual(['MISSING_ENUM_SYMBOLS']);
    expect(problems(e(['A', 'B']), e(['A']))).toEqual([]);
    const f = (size: number) => rec([{ name: 'f', type: { type: 'fixed', name: 'F', size } }]);
    expect(problems(f(8), f(16))).toEqual(['FIXED_SIZE_MISMATCH']);
    expect(problems(JSON.stringify({ type: 'record', name: 'Other', fields: [] }), rec([]))).toEqual(['NAME_MISMATCH']);
  });

  it('compares record names without namespaces and honours reader aliases, as Avro\'s Java checker does', () => {
    expect(problems(JSON.stringify({ type: 'record', name: 'R', namespace: 'moved', fields: [] }), rec([]))).toEqual([]);
    expect(problems(JSON.stringify({ type: 'record', name: 'Renamed', aliases: ['n.R'], fields: [] }), rec([]))).toEqual([]);
    expect(problems(rec([{ name: 'b', type: 'int', aliases: ['a'] }]), rec([{ name: 'a', type: 'int' }]))).toEqual([]);
  });

  it('resolves referenced named types, and refuses a schema whose names do not resolve', () => {
    const money: ResolvedReference = { name: 'p.Money', subject: 'money', version: 1, schemaType: 'AVRO', schema: JSON.stringify({ type: 'record', name: 'Money', namespace: 'p', fields: [{ name: 'u', type: 'long' }] }), references: [] };
    const tx = JSON.stringify({ type: 'record', name: 'Tx', namespace: 'p', fields: [{ name: 'm', type: 'p.Money' }] });
    expect(parseAvro(tx, [money]).type.name).toBe('p.Tx');
    expect(() => parseAvro(tx, [])).toThrow(InvalidSchemaError);
    expect(() => parseAvro(rec([{ name: 'a', type: 'int', default: 'x' }]), [])).toThrow(/Invalid schema/);
  });
});
