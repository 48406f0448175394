// Discover's search: one FTS5 index over the newest snapshot of each profile — topics, consumer groups,
// connectors and schema subjects with their field names and docs — rebuilt inside the sync's transaction,
// queried with prefix matching and bm25 ranking (names weigh more than bodies). The internal and has-schema
// facets are also words of an indexed `flags` column, so FTS5 filters on them without reading each match's row.
import type { Db } from '../cache/open-cache.ts';
import { MATCH_END, MATCH_START } from '../contract.ts';

export type SearchKind = 'topic' | 'group' | 'connector' | 'subject' | 'product';

export interface SearchFacets {
  internal?: boolean;
  hasSchema?: boolean;
  domain?: string;
  /** Products only (folded from the mesh registry, not from a snapshot). */
  tier?: string;
  status?: string;
}

export interface SearchHit {
  profileId: string;
  kind: SearchKind;
  ref: string;
  title: string;
  snippet: string;
  facets: SearchFacets;
  rank: number;
}

/** The domain a name suggests by convention: the first segment of `domain.entity.v1`. */
export function domainOf(name: string): string | undefined {
  const first = name.split(/[.]/)[0];
  return first && first !== name && !name.startsWith('_') ? first : undefined;
}

/** The facets Discover filters on by default, as words of the indexed `flags` column (see toFtsQuery). */
function flagWords(facets: SearchFacets): string {
  return [facets.internal ? 'internal' : '', facets.hasSchema ? 'hasschema' : ''].filter(Boolean).join(' ');
}

export function rebuildSearchIndex(db: Db, profileId: string, snapshotId: number): void {
  // Product rows come from the registry fold (products/search.ts), not from the snapshot: a sync keeps them.
  db.prepare("DELETE FROM search_index WHERE profile_id = ? AND kind != 'product'").run(profileId);
  const insert = db.prepare('INSERT INTO search_index (profile_id, snapshot_id, kind, ref, facets, title, body, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const topics = db.prepare('SELECT name, internal FROM topics WHERE snapshot_id = ?').all(snapshotId) as Array<{ name: string; internal: number }>;
  const subjects = new Map(
    (db.prepare('SELECT s.subject, v.schema FROM schema_subjects s JOIN schema_versions v ON v.profile_id = ? AND v.subject = s.subject AND v.version = s.latest_version WHERE s.snapshot_id = ?').all(profileId, snapshotId) as Array<{ subject: string; schema: string }>).map((r) => [r.subject, r.schema]),
  );
  const fieldText = (schema: string | undefined) => (schema ? schemaSearchText(schema) : '');
  for (const t of topics) {
    const valueSchema = subjects.get(`${t.name}-value`);
    const facets: SearchFacets = { internal: t.internal === 1, hasSchema: valueSchema !== undefined, domain: domainOf(t.name) };
    insert.run(profileId, snapshotId, 'topic', t.name, JSON.stringify(facets), t.name, fieldText(valueSchema), flagWords(facets));
  }
  for (const [subject, schema] of subjects) {
    const facets: SearchFacets = { hasSchema: true, domain: domainOf(subject) };
    insert.run(profileId, snapshotId, 'subject', subject, JSON.stringify(facets), subject, fieldText(schema), flagWords(facets));
  }
  const groups = db.prepare(`SELECT g.group_id, (SELECT group_concat(DISTINCT o.topic) FROM group_offsets o WHERE o.snapshot_id = g.snapshot_id AND o.group_id = g.group_id) AS topics,
                                    (SELECT group_concat(DISTINCT m.client_id) FROM group_members m WHERE m.snapshot_id = g.snapshot_id AND m.group_id = g.group_id) AS clients
                             FROM consumer_groups g WHERE g.snapshot_id = ?`).all(snapshotId) as Array<{ group_id: string; topics: string | null; clients: string | null }>;
  for (const g of groups) {
    const facets: SearchFacets = { internal: g.group_id.startsWith('_') || g.group_id.startsWith('connect-') };
    insert.run(profileId, snapshotId, 'group', g.group_id, JSON.stringify(facets), g.group_id, [g.topics, g.clients].filter(Boolean).join(' '), flagWords(facets));
  }
  const connectors = db.prepare('SELECT name, type, connector_class, topics FROM connectors WHERE snapshot_id = ?').all(snapshotId) as Array<{ name: string; type: string; connector_class: string; topics: string }>;
  for (const c of connectors) {
    insert.run(profileId, snapshotId, 'connector', c.name, JSON.stringify({}), c.name, `${c.type} ${c.connector_class} ${(JSON.parse(c.topics) as string[]).join(' ')}`, '');
  }
}

/** Field names, types and docs of an Avro or JSON schema (anything else: its raw text), for the index. */
export function schemaSearchText(schema: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(schema);
  } catch {
    return schema.slice(0, 20_000);
  }
  const words: string[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 20 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, depth + 1));
    const o = node as Record<string, unknown>;
    for (const key of ['name', 'doc', 'description', 'title', 'namespace']) if (typeof o[key] === 'string') words.push(o[key]);
    if (o.properties && typeof o.properties === 'object') {
      for (const [name, sub] of Object.entries(o.properties as Record<string, unknown>)) {
        words.push(name);
        visit(sub, depth + 1);
      }
    }
    for (const key of ['fields', 'type', 'items', 'values', 'definitions', '$defs']) if (key in o) visit(o[key], depth + 1);
  };
  visit(parsed, 0);
  return words.join(' ');
}

/**
 * Turns what a user typed into a safe FTS5 query over names and bodies (never the flags column): every word
 * must match as a prefix. Internal entities are left out unless asked for, inside the match itself.
 */
export function toFtsQuery(text: string, options: { includeInternal?: boolean; hasSchema?: boolean } = { includeInternal: true }): string | null {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu);
  if (!words?.length) return null;
  let query = `({title body} : (${words.slice(0, 12).map((w) => `"${w}"*`).join(' AND ')}))`;
  if (!options.includeInternal) query = `(${query} NOT flags : internal)`;
  if (options.hasSchema === true) query = `(${query} AND flags : hasschema)`;
  if (options.hasSchema === false) query = `(${query} NOT flags : hasschema)`;
  return query;
}

export function searchIndex(db: Db, text: string, options: { profileIds?: string[]; kinds?: SearchKind[]; domain?: string; hasSchema?: boolean; includeInternal: boolean; limit: number }): SearchHit[] {
  const query = toFtsQuery(text, options);
  if (!query) return [];
  const where = ['search_index MATCH @query'];
  const params: Record<string, unknown> = { query, limit: options.limit };
  const inList = (column: string, values: string[], name: string) => {
    where.push(`${column} IN (${values.map((_, i) => `@${name}${i}`).join(', ') || 'NULL'})`);
    values.forEach((v, i) => (params[`${name}${i}`] = v));
  };
  if (options.profileIds) inList('profile_id', options.profileIds, 'profile');
  if (options.kinds) inList('kind', options.kinds, 'kind');
  if (options.domain) {
    where.push("json_extract(facets, '$.domain') = @domain");
    params.domain = options.domain;
  }
  const rows = db
    .prepare(
      `SELECT profile_id, kind, ref, title, facets, snippet(search_index, 6, '${MATCH_START}', '${MATCH_END}', '…', 12) AS snippet, bm25(search_index, 0, 0, 0, 0, 0, 10.0, 1.0, 0) AS rank
       FROM search_index WHERE ${where.join(' AND ')} ORDER BY rank LIMIT @limit`,
    )
    .all(params) as Array<{ profile_id: string; kind: SearchKind; ref: string; title: string; facets: string; snippet: string; rank: number }>;
  return rows.map((r) => ({ profileId: r.profile_id, kind: r.kind, ref: r.ref, title: r.title, snippet: r.snippet, facets: JSON.parse(r.facets) as SearchFacets, rank: r.rank }));
}
