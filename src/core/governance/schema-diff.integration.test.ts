// The semantic diff's verdicts against the mesh's schema registry: every corpus pair is registered under its own
// subject at FORWARD compatibility (consumers keep the old schema — the definition in schema-diff.ts) and the
// registry's compatibility endpoint must call the proposal incompatible exactly when the diff says breaking.
// Pairs marked registryDisagrees are the documented exceptions; the test proves the registry still disagrees.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createSchemaRegistryClient } from '../cluster/schema-registry.ts';
import { avroPairs } from './corpus/avro-pairs.ts';
import { jsonSchemaPairs } from './corpus/json-schema-pairs.ts';
import { diffSchemas } from './schema-diff.ts';

const mesh = inject('mesh');
const prefix = `it-gov-${randomUUID().slice(0, 8)}`;
const registry = mesh.registryUrl ? createSchemaRegistryClient({ url: mesh.registryUrl }) : null;
const subjects: string[] = [];

describe.skipIf(!registry)(`semantic diff against the registry at ${mesh.registryUrl || `— skipped: no registry (${mesh.registryUnavailable?.split('\n')[0]})`}`, () => {
  afterAll(async () => {
    for (const s of subjects) await registry!.deleteSubject(s, { permanent: true }).catch(() => undefined);
  });

  [...avroPairs, ...jsonSchemaPairs].forEach((pair, i) => {
    const expectation = pair.registryDisagrees ? `the registry disagrees (documented: ${pair.registryDisagrees.split(';')[0]})` : 'the registry agrees';
    it(`${pair.format}: ${pair.name} — ${expectation}`, async () => {
      const subject = `${prefix}-${pair.format.toLowerCase()}-${i}-value`;
      subjects.push(subject);
      const before = JSON.stringify(pair.before);
      const after = JSON.stringify(pair.after);
      await registry!.register(subject, { schema: before, schemaType: pair.format });
      await registry!.setCompatibility('FORWARD', subject);
      const verdict = await registry!.testCompatibility(subject, { schema: after, schemaType: pair.format });
      const diff = diffSchemas(pair.format, before, after);
      const breaking = diff.verdict === 'breaking';
      const why = `diff: ${JSON.stringify(diff.changes)}\nregistry: ${verdict.messages.join(' | ')}`;
      if (pair.registryDisagrees) expect(verdict.isCompatible, why).toBe(breaking);
      else expect(verdict.isCompatible, why).toBe(!breaking);
    });
  });
});
