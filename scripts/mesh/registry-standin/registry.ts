// The stand-in registry's state and rules, in memory: subjects and their versions, global schema ids, soft and
// hard deletes, compatibility levels. Each method is one endpoint of Confluent Schema Registry's REST API and
// answers its JSON body, or throws RegistryError with Confluent's HTTP status, error_code and message wording.
import { compatibilityMessages, formats, isCompatibilityLevel, type ComparedSchema, type CompatibilityLevel } from './compatibility.ts';
import { InvalidSchemaError, type ResolvedReference, type SchemaType } from './format.ts';

export class RegistryError extends Error {
  override name = 'RegistryError';
  readonly status: number;
  readonly errorCode: number;
  constructor(status: number, errorCode: number, message: string) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }
}

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

interface StoredSchema {
  id: number;
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
}

interface VersionEntry {
  version: number;
  id: number;
  deleted: boolean;
}

interface SchemaInput {
  schema: string;
  schemaType: SchemaType;
  references: SchemaReference[];
}

const SCHEMA_TYPES: readonly SchemaType[] = ['AVRO', 'JSON', 'PROTOBUF'];
const MAX_VERSION = 2 ** 31 - 1;

const subjectNotFound = (s: string) => new RegistryError(404, 40401, `Subject '${s}' not found.`);
const versionNotFound = (v: number | string) => new RegistryError(404, 40402, `Version ${v} not found.`);
const invalidSchema = (detail: string) => new RegistryError(422, 42201, detail);

export class StandinRegistry {
  private readonly schemas = new Map<number, StoredSchema>();
  private readonly idsByKey = new Map<string, number>();
  private readonly parsedById = new Map<number, unknown>();
  private readonly subjects = new Map<string, VersionEntry[]>();
  private readonly subjectLevels = new Map<string, CompatibilityLevel>();
  private globalLevel: CompatibilityLevel = 'BACKWARD';
  private nextId = 1;

  // ---- subjects and versions ----

  listSubjects(deleted = false): string[] {
    return [...this.subjects.entries()]
      .filter(([, versions]) => versions.some((v) => deleted || !v.deleted))
      .map(([name]) => name)
      .sort();
  }

  listVersions(subject: string, deleted = false): number[] {
    const versions = this.versionsOf(subject, deleted);
    return versions.map((v) => v.version);
  }

  getVersion(subject: string, version: string, deleted = false): Record<string, unknown> {
    const entry = this.findVersion(subject, version, deleted);
    return this.versionBody(subject, entry);
  }

  getVersionSchema(subject: string, version: string, deleted = false): string {
    return this.schemas.get(this.findVersion(subject, version, deleted).id)!.schema;
  }

  /** POST /subjects/{subject}/versions */
  register(subject: string, body: unknown): { id: number } {
    const input = readSchemaInput(body);
    const { parsed, canonical, key } = this.prepare(input);
    const versions = this.subjects.get(subject) ?? [];
    const live = versions.filter((v) => !v.deleted);
    const same = live.find((v) => this.keyOf(this.schemas.get(v.id)!) === key);
    if (same) return { id: same.id };

    const messages = compatibilityMessages(this.levelOf(subject), { schemaType: input.schemaType, parsed }, live.map((v) => this.compared(v)));
    if (messages.length) {
      throw new RegistryError(409, 409, `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${messages.join(', ')}]`);
    }
    let id = this.idsByKey.get(key);
    if (id === undefined) {
      id = this.nextId++;
      this.schemas.set(id, { id, schemaType: input.schemaType, schema: canonical, references: input.references });
      this.idsByKey.set(key, id);
      this.parsedById.set(id, parsed);
    }
    const version = versions.reduce((max, v) => Math.max(max, v.version), 0) + 1;
    this.subjects.set(subject, [...versions, { version, id, deleted: false }]);
    return { id };
  }

  /** POST /subjects/{subject}: the version of the subject holding this schema. */
  lookup(subject: string, body: unknown, deleted = false): Record<string, unknown> {
    const input = readSchemaInput(body);
    const { key } = this.prepare(input);
    const versions = this.versionsOf(subject, deleted);
    const match = versions.find((v) => this.keyOf(this.schemas.get(v.id)!) === key);
    if (!match) throw new RegistryError(404, 40403, 'Schema not found');
    return this.versionBody(subject, match);
  }

  deleteSubject(subject: string, permanent = false): number[] {
    const versions = this.subjects.get(subject);
    if (!versions || versions.length === 0) throw subjectNotFound(subject);
    const live = versions.filter((v) => !v.deleted);
    if (permanent) {
      if (live.length) throw new RegistryError(404, 40405, `Subject '${subject}' was not deleted first before being permanently deleted`);
      this.assertNotReferenced(subject, versions);
      this.subjects.delete(subject);
      this.forgetUnusedIds(versions.map((v) => v.id));
      return versions.map((v) => v.version);
    }
    if (!live.length) throw new RegistryError(404, 40404, `Subject '${subject}' was soft deleted.Set permanent=true to delete permanently`);
    this.assertNotReferenced(subject, live);
    for (const v of live) v.deleted = true;
    this.subjectLevels.delete(subject);
    return live.map((v) => v.version);
  }

  deleteVersion(subject: string, version: string, permanent = false): number {
    const versions = this.subjects.get(subject);
    if (!versions || versions.length === 0) throw subjectNotFound(subject);
    // "latest" is the newest live version for a soft delete; a numbered one is looked up among all, so that
    // deleting it twice answers 40406 as Confluent does.
    const entry = this.findVersion(subject, version, permanent || !isLatest(version));
    if (permanent) {
      if (!entry.deleted) throw new RegistryError(404, 40407, `Subject '${subject}' Version ${entry.version} was not deleted first before being permanently deleted`);
      this.assertNotReferenced(subject, [entry]);
      const rest = versions.filter((v) => v !== entry);
      if (rest.length) this.subjects.set(subject, rest);
      else this.subjects.delete(subject);
      this.forgetUnusedIds([entry.id]);
      return entry.version;
    }
    if (entry.deleted) throw new RegistryError(404, 40406, `Subject '${subject}' Version ${entry.version} was soft deleted.Set permanent=true to delete permanently`);
    this.assertNotReferenced(subject, [entry]);
    entry.deleted = true;
    return entry.version;
  }

  // ---- schemas by id ----

  getSchemaById(id: string): Record<string, unknown> {
    const stored = this.schemaById(id);
    return {
      ...(stored.schemaType !== 'AVRO' ? { schemaType: stored.schemaType } : {}),
      ...(stored.references.length ? { references: stored.references } : {}),
      schema: stored.schema,
    };
  }

  subjectsOfId(id: string, deleted = false): string[] {
    const stored = this.schemaById(id);
    return this.listSubjects(deleted).filter((s) => this.subjects.get(s)!.some((v) => v.id === stored.id && (deleted || !v.deleted)));
  }

  versionsOfId(id: string, deleted = false): Array<{ subject: string; version: number }> {
    const stored = this.schemaById(id);
    return this.listSubjects(deleted).flatMap((subject) =>
      this.subjects
        .get(subject)!
        .filter((v) => v.id === stored.id && (deleted || !v.deleted))
        .map((v) => ({ subject, version: v.version })),
    );
  }

  schemaTypes(): SchemaType[] {
    return ['JSON', 'PROTOBUF', 'AVRO'];
  }

  // ---- compatibility levels ----

  getGlobalConfig(): { compatibilityLevel: CompatibilityLevel } {
    return { compatibilityLevel: this.globalLevel };
  }

  setGlobalConfig(body: unknown): { compatibility: CompatibilityLevel } {
    this.globalLevel = readLevel(body);
    return { compatibility: this.globalLevel };
  }

  getSubjectConfig(subject: string, defaultToGlobal = false): { compatibilityLevel: CompatibilityLevel } {
    const own = this.subjectLevels.get(subject);
    if (own) return { compatibilityLevel: own };
    if (defaultToGlobal) return { compatibilityLevel: this.globalLevel };
    throw new RegistryError(404, 40408, `Subject '${subject}' does not have subject-level compatibility configured`);
  }

  setSubjectConfig(subject: string, body: unknown): { compatibility: CompatibilityLevel } {
    const level = readLevel(body);
    this.subjectLevels.set(subject, level);
    return { compatibility: level };
  }

  deleteSubjectConfig(subject: string): { compatibilityLevel: CompatibilityLevel } {
    const own = this.subjectLevels.get(subject);
    if (!own) throw subjectNotFound(subject);
    this.subjectLevels.delete(subject);
    return { compatibilityLevel: own };
  }

  // ---- compatibility tests ----

  /** POST /compatibility/subjects/{subject}/versions/{version}, or without a version: against what the level says. */
  testCompatibility(subject: string, version: string | undefined, body: unknown, verbose = false): { is_compatible: boolean; messages?: string[] } {
    const input = readSchemaInput(body);
    const { parsed } = this.prepare(input);
    const level = this.levelOf(subject);
    let against: VersionEntry[];
    if (version === undefined) {
      against = (this.subjects.get(subject) ?? []).filter((v) => !v.deleted);
    } else {
      const live = (this.subjects.get(subject) ?? []).filter((v) => !v.deleted);
      // Confluent: testing against "latest" of a subject with no versions passes; a numbered version must exist.
      against = isLatest(version) && live.length === 0 ? [] : [this.findVersion(subject, version, false)];
    }
    const messages = compatibilityMessages(level, { schemaType: input.schemaType, parsed }, against.map((v) => this.compared(v)));
    return { is_compatible: messages.length === 0, ...(verbose ? { messages } : {}) };
  }

  // ---- internals ----

  private levelOf(subject: string): CompatibilityLevel {
    return this.subjectLevels.get(subject) ?? this.globalLevel;
  }

  private versionsOf(subject: string, deleted: boolean): VersionEntry[] {
    const versions = (this.subjects.get(subject) ?? []).filter((v) => deleted || !v.deleted);
    if (versions.length === 0) throw subjectNotFound(subject);
    return versions;
  }

  private findVersion(subject: string, version: string, deleted: boolean): VersionEntry {
    const wanted = parseVersion(version);
    const versions = this.versionsOf(subject, deleted);
    if (wanted === 'latest') return versions[versions.length - 1]!;
    const entry = versions.find((v) => v.version === wanted);
    if (!entry) throw versionNotFound(wanted);
    return entry;
  }

  private versionBody(subject: string, entry: VersionEntry): Record<string, unknown> {
    const stored = this.schemas.get(entry.id)!;
    return {
      subject,
      version: entry.version,
      id: entry.id,
      ...(stored.schemaType !== 'AVRO' ? { schemaType: stored.schemaType } : {}),
      ...(stored.references.length ? { references: stored.references } : {}),
      schema: stored.schema,
    };
  }

  private schemaById(id: string): StoredSchema {
    const stored = /^\d+$/.test(id) ? this.schemas.get(Number(id)) : undefined;
    if (!stored) throw new RegistryError(404, 40403, `Schema ${id} not found`);
    return stored;
  }

  private keyOf(s: { schemaType: SchemaType; schema: string; references: SchemaReference[] }): string {
    return JSON.stringify([s.schemaType, s.schema, s.references.map((r) => [r.name, r.subject, r.version])]);
  }

  /** Resolves references, validates the schema and gives its canonical text and identity. */
  private prepare(input: SchemaInput): { parsed: unknown; canonical: string; key: string } {
    const format = formats[input.schemaType];
    const resolved = this.resolve(input.references, new Set());
    let parsed: unknown;
    try {
      parsed = format.parse(input.schema, resolved);
    } catch (err) {
      if (err instanceof InvalidSchemaError) throw invalidSchema(err.message);
      throw err;
    }
    const canonical = format.canonical(input.schema);
    return { parsed, canonical, key: this.keyOf({ ...input, schema: canonical }) };
  }

  private resolve(references: SchemaReference[], visiting: Set<string>): ResolvedReference[] {
    return references.map((ref) => {
      const entry = (this.subjects.get(ref.subject) ?? []).find((v) => v.version === ref.version);
      if (!entry) throw invalidSchema(`Invalid schema: reference '${ref.name}' names subject '${ref.subject}' version ${ref.version}, which does not exist`);
      const key = `${ref.subject}\u0000${ref.version}`;
      if (visiting.has(key)) throw invalidSchema(`Invalid schema: circular reference through subject '${ref.subject}' version ${ref.version}`);
      const stored = this.schemas.get(entry.id)!;
      const inner = this.resolve(stored.references, new Set([...visiting, key]));
      return { ...ref, schema: stored.schema, schemaType: stored.schemaType, references: inner };
    });
  }

  private compared(entry: VersionEntry): ComparedSchema {
    const stored = this.schemas.get(entry.id)!;
    let parsed = this.parsedById.get(entry.id);
    if (parsed === undefined) {
      parsed = formats[stored.schemaType].parse(stored.schema, this.resolve(stored.references, new Set()));
      this.parsedById.set(entry.id, parsed);
    }
    return { version: entry.version, schemaType: stored.schemaType, schema: stored.schema, parsed };
  }

  /** Confluent refuses to delete a version another live schema references (42206). */
  private assertNotReferenced(subject: string, targets: VersionEntry[]): void {
    const wanted = new Set(targets.map((t) => t.version));
    for (const [other, versions] of this.subjects) {
      for (const v of versions) {
        if (v.deleted) continue;
        const refs = this.schemas.get(v.id)!.references;
        const hit = refs.find((r) => r.subject === subject && wanted.has(r.version));
        if (hit && !(other === subject && wanted.has(v.version))) {
          throw new RegistryError(422, 42206, `One or more references exist to the schema {subject=${subject}, version=${hit.version}} from subject '${other}' version ${v.version}`);
        }
      }
    }
  }

  private forgetUnusedIds(ids: number[]): void {
    for (const id of new Set(ids)) {
      const used = [...this.subjects.values()].some((versions) => versions.some((v) => v.id === id));
      if (used) continue;
      const stored = this.schemas.get(id);
      if (stored) this.idsByKey.delete(this.keyOf(stored));
      this.schemas.delete(id);
      this.parsedById.delete(id);
    }
  }
}

function isLatest(version: string): boolean {
  return version === 'latest' || version === '-1';
}

function parseVersion(version: string): number | 'latest' {
  if (isLatest(version)) return 'latest';
  if (/^\d+$/.test(version)) {
    const n = Number(version);
    if (n >= 1 && n <= MAX_VERSION) return n;
  }
  throw new RegistryError(422, 42202, `The specified version '${version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`);
}

function readSchemaInput(body: unknown): SchemaInput {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof b.schema !== 'string' || b.schema.trim() === '') throw invalidSchema('Empty schema');
  const rawType = b.schemaType ?? 'AVRO';
  if (typeof rawType !== 'string' || !(SCHEMA_TYPES as readonly string[]).includes(rawType.toUpperCase())) {
    throw invalidSchema(`Invalid schema type ${String(rawType)}`);
  }
  const rawRefs = b.references ?? [];
  if (!Array.isArray(rawRefs)) throw invalidSchema('Invalid schema: references must be an array');
  const references = rawRefs.map((r: unknown, i) => {
    const ref = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    const version = Number(ref.version);
    if (typeof ref.name !== 'string' || typeof ref.subject !== 'string' || !Number.isInteger(version) || version < 1) {
      throw invalidSchema(`Invalid schema: reference ${i} needs a name, a subject and a version`);
    }
    return { name: ref.name, subject: ref.subject, version };
  });
  return { schema: b.schema, schemaType: rawType.toUpperCase() as SchemaType, references };
}

function readLevel(body: unknown): CompatibilityLevel {
  const raw = (typeof body === 'object' && body !== null ? (body as Record<string, unknown>).compatibility : undefined) ?? '';
  const level = typeof raw === 'string' ? raw.toUpperCase() : '';
  if (!isCompatibilityLevel(level)) {
    throw new RegistryError(422, 42203, 'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive');
  }
  return level;
}
