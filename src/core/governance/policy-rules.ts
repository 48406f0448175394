// Governance rules as data: the shape of the rules file (validated with zod), reading it from
// <dataDir>/policies.json (written from resources/policies/default-rules.json on first read) and saving edits
// atomically. A malformed file is an error naming the line or field — the defaults are never used silently.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import defaultRulesJson from '../../../resources/policies/default-rules.json' with { type: 'json' };
import { TributaryError, type FieldProblem } from '../errors.ts';

const Severity = z.enum(['error', 'warning']);
const base = {
  description: z.string().max(2000).default(''),
  severity: Severity,
  enabled: z.boolean().default(true),
};
/** A regular expression the user wrote; refused when it does not compile. */
const Pattern = z
  .string()
  .min(1)
  .max(500)
  .refine((p) => {
    try {
      new RegExp(p, 'i');
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression');
const RegionMap = z.record(z.string().min(1).max(200), z.string().min(1).max(100)).default({});

export const PolicyRule = z.discriminatedUnion('id', [
  z.object({ id: z.literal('pii-classified'), ...base, params: z.object({ fieldPatterns: z.array(Pattern).min(1, 'list at least one field-name pattern').max(500), ignorePatterns: z.array(Pattern).max(500).default([]) }).strict() }).strict(),
  /** profiles: profile name or id → region; clusters: Kafka cluster id → region. */
  z.object({ id: z.literal('data-region'), ...base, params: z.object({ profiles: RegionMap, clusters: RegionMap }).strict().default({ profiles: {}, clusters: {} }) }).strict(),
  z.object({ id: z.literal('retention-matches-history'), ...base, params: z.object({}).strict().default({}) }).strict(),
  z.object({ id: z.literal('owner-contact'), ...base, params: z.object({}).strict().default({}) }).strict(),
  z
    .object({
      id: z.literal('tier-replication'),
      ...base,
      params: z.object({ tier: z.enum(['gold', 'silver', 'bronze']), minReplicationFactor: z.number().int().min(1).max(32), minInsyncReplicas: z.number().int().min(1).max(32) }).strict(),
    })
    .strict(),
]);
export type PolicyRule = z.output<typeof PolicyRule>;
export type RuleId = PolicyRule['id'];
export const ruleIds: RuleId[] = ['pii-classified', 'data-region', 'retention-matches-history', 'owner-contact', 'tier-replication'];

export const PolicyRules = z
  .object({
    version: z.literal(1, 'the rules file format is version 1'),
    rules: z.array(PolicyRule).max(100),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.rules.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `rule "${r.id}" appears twice; keep one` });
      seen.add(r.id);
    });
  });
export type PolicyRules = z.output<typeof PolicyRules>;

export const DEFAULT_RULES_TEXT = `${JSON.stringify(defaultRulesJson, null, 2)}\n`;

export function rulesPath(dataDir: string): string {
  return path.join(dataDir, 'policies.json');
}

export type ParsedRules = { ok: true; rules: PolicyRules } | { ok: false; problems: FieldProblem[] };

/** Parses rules-file text; problems name the line (for JSON syntax) or the field path (for content). */
export function parseRules(text: string): ParsedRules {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [{ path: lineOf(text, err as Error), message: `not valid JSON: ${(err as Error).message}` }] };
  }
  const parsed = PolicyRules.safeParse(raw);
  if (parsed.success) return { ok: true, rules: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => {
      const at = i.path.map(String).join('.') || '(file)';
      // An unknown id makes zod's discriminated union say "Invalid input"; say which ids exist instead.
      const unknownId = i.path[i.path.length - 1] === 'id' && i.code === 'invalid_union';
      return { path: at, message: unknownId ? `unknown rule id; the rules are ${ruleIds.join(', ')}` : i.message };
    }),
  };
}

/** "line 4, column 7" of a JSON syntax error: V8 gives a position for some errors only, so scan for the rest. */
function lineOf(text: string, err: Error): string {
  const lc = /line (\d+) column (\d+)/.exec(err.message);
  if (lc) return `line ${lc[1]}, column ${lc[2]}`;
  const pos = /position (\d+)/.exec(err.message);
  const at = pos ? Number(pos[1]) : firstSyntaxError(text);
  const before = text.slice(0, at);
  return `line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}`;
}

/** The offset where a small recursive-descent JSON reader first fails. */
function firstSyntaxError(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    ws();
    return i;
  } catch (at) {
    return typeof at === 'number' ? at : 0;
  }
}

export interface RulesFile {
  path: string;
  text: string;
  rules: PolicyRules;
  /** True when this read created the file from the defaults. */
  created: boolean;
}

/** Reads the user's rules, creating the file from the defaults when there is none. Malformed → Invalid. */
export function loadRules(dataDir: string): RulesFile {
  const file = rulesPath(dataDir);
  let created = false;
  if (!existsSync(file)) {
    writeAtomically(file, DEFAULT_RULES_TEXT);
    created = true;
  }
  const text = readFileSync(file, 'utf8');
  const parsed = parseRules(text);
  if (!parsed.ok) {
    throw new TributaryError('Invalid', `The policy rules in ${file} are malformed — ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}. Fix the file (Governance page → Rules) or delete it to start again from the defaults`, { fields: parsed.problems });
  }
  return { path: file, text, rules: parsed.rules, created };
}

/** Validates and writes the rules; refuses with every field problem and leaves the old file untouched. */
export function saveRules(dataDir: string, text: string): RulesFile {
  const parsed = parseRules(text);
  if (!parsed.ok) throw new TributaryError('Invalid', `The rules were not saved: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, { fields: parsed.problems });
  const file = rulesPath(dataDir);
  writeAtomically(file, text);
  return { path: file, text, rules: parsed.rules, created: false };
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, text, { encoding: 'utf8', mode: 0o600 });
  renameSync(temp, file);
}
