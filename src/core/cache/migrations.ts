// Numbered schema migrations, applied in order inside one transaction when the cache opens. Never edit a
// migration that has shipped; add the next number.

export const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'profiles and topic snapshots',
    sql: `
      CREATE TABLE profiles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        bootstrap TEXT NOT NULL,
        registry_url TEXT NOT NULL DEFAULT '',
        connect_url TEXT NOT NULL DEFAULT '',
        ksqldb_url TEXT NOT NULL DEFAULT '',
        label TEXT NOT NULL DEFAULT '',
        color TEXT NOT NULL DEFAULT '#4f8cff',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- One row per finished sync. A sync writes its whole snapshot in one transaction, so a row here
      -- always has all of its children; failed or cancelled syncs leave no row.
      CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        taken_at TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        cluster_id TEXT NOT NULL,
        controller_id INTEGER NOT NULL
      );
      CREATE INDEX snapshots_by_profile ON snapshots(profile_id, id);
      CREATE TABLE brokers (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        node_id INTEGER NOT NULL,
        host TEXT NOT NULL,
        port INTEGER NOT NULL,
        rack TEXT,
        PRIMARY KEY (snapshot_id, node_id)
      );
      CREATE TABLE topics (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        partitions INTEGER NOT NULL,
        replication_factor INTEGER NOT NULL,
        internal INTEGER NOT NULL,
        message_estimate INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, name)
      );
      CREATE TABLE topic_configs (
        snapshot_id INTEGER NOT NULL,
        topic TEXT NOT NULL,
        name TEXT NOT NULL,
        value TEXT,
        source TEXT NOT NULL,
        sensitive INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, topic, name),
        FOREIGN KEY (snapshot_id, topic) REFERENCES topics(snapshot_id, name) ON DELETE CASCADE
      );
      CREATE TABLE topic_partitions (
        snapshot_id INTEGER NOT NULL,
        topic TEXT NOT NULL,
        partition INTEGER NOT NULL,
        leader INTEGER NOT NULL,
        replicas TEXT NOT NULL,
        isr TEXT NOT NULL,
        earliest TEXT NOT NULL,
        latest TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, topic, partition),
        FOREIGN KEY (snapshot_id, topic) REFERENCES topics(snapshot_id, name) ON DELETE CASCADE
      );
    `,
  },
  {
    version: 2,
    name: 'consumer groups, schemas, connectors and the search index',
    sql: `
      CREATE TABLE consumer_groups (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        group_id TEXT NOT NULL,
        protocol_type TEXT NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, group_id)
      );
      CREATE TABLE group_members (
        snapshot_id INTEGER NOT NULL,
        group_id TEXT NOT NULL,
        member_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        client_host TEXT NOT NULL,
        assignment TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, group_id, member_id),
        FOREIGN KEY (snapshot_id, group_id) REFERENCES consumer_groups(snapshot_id, group_id) ON DELETE CASCADE
      );
      CREATE TABLE group_offsets (
        snapshot_id INTEGER NOT NULL,
        group_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        partition INTEGER NOT NULL,
        committed TEXT NOT NULL,
        lag INTEGER,
        PRIMARY KEY (snapshot_id, group_id, topic, partition),
        FOREIGN KEY (snapshot_id, group_id) REFERENCES consumer_groups(snapshot_id, group_id) ON DELETE CASCADE
      );
      CREATE INDEX group_offsets_by_topic ON group_offsets(snapshot_id, topic);
      -- Registered schema versions are immutable, so their text is kept once per profile and a re-sync
      -- fetches only versions it has not seen; each snapshot lists which versions existed then.
      CREATE TABLE schema_versions (
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        subject TEXT NOT NULL,
        version INTEGER NOT NULL,
        schema_id INTEGER NOT NULL,
        schema_type TEXT NOT NULL,
        schema TEXT NOT NULL,
        refs TEXT NOT NULL,
        PRIMARY KEY (profile_id, subject, version)
      );
      CREATE TABLE schema_subjects (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        subject TEXT NOT NULL,
        compatibility TEXT NOT NULL,
        versions TEXT NOT NULL,
        latest_version INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, subject)
      );
      CREATE TABLE connectors (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        connector_class TEXT NOT NULL,
        state TEXT NOT NULL,
        worker_id TEXT NOT NULL,
        config TEXT NOT NULL,
        tasks TEXT NOT NULL,
        topics TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, name)
      );
      ALTER TABLE snapshots ADD COLUMN sources TEXT NOT NULL DEFAULT '{}';
      -- What Discover searches: the newest snapshot of each profile. The default unicode61 tokenizer
      -- splits topic names on '.', '-' and '_', so "orders" finds trading.orders.v1.
      CREATE VIRTUAL TABLE search_index USING fts5(
        profile_id UNINDEXED, snapshot_id UNINDEXED, kind UNINDEXED, ref UNINDEXED, facets UNINDEXED,
        title, body,
        prefix = '2 3 4'
      );
    `,
  },
  {
    version: 3,
    name: 'connection security and the secret vault',
    sql: `
      ALTER TABLE profiles ADD COLUMN security TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE profiles ADD COLUMN registry_username TEXT NOT NULL DEFAULT '';
      ALTER TABLE profiles ADD COLUMN connect_username TEXT NOT NULL DEFAULT '';
      ALTER TABLE profiles ADD COLUMN ksqldb_username TEXT NOT NULL DEFAULT '';
      -- Only ciphertext: AES-256-GCM under a passphrase-derived key, or the OS keychain's sealing.
      CREATE TABLE secrets (
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        sealed BLOB NOT NULL,
        PRIMARY KEY (profile_id, name)
      );
      CREATE TABLE vault_meta (id TEXT PRIMARY KEY, salt BLOB NOT NULL, verifier BLOB NOT NULL);
    `,
  },
  {
    version: 4,
    name: 'lineage graph with per-snapshot membership',
    sql: `
      -- A node or edge is stored once per profile (stable id, first/last snapshot seen); which snapshots
      -- held it is a membership row per snapshot, so any two snapshots diff exactly.
      CREATE TABLE lineage_nodes (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        internal INTEGER NOT NULL,
        first_snapshot INTEGER NOT NULL,
        last_snapshot INTEGER NOT NULL,
        UNIQUE (profile_id, kind, name)
      );
      CREATE TABLE lineage_edges (
        id INTEGER PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        from_node INTEGER NOT NULL REFERENCES lineage_nodes(id) ON DELETE CASCADE,
        to_node INTEGER NOT NULL REFERENCES lineage_nodes(id) ON DELETE CASCADE,
        provenance TEXT NOT NULL,
        first_snapshot INTEGER NOT NULL,
        last_snapshot INTEGER NOT NULL,
        UNIQUE (from_node, to_node, kind, provenance)
      );
      CREATE INDEX lineage_edges_by_to ON lineage_edges(to_node);
      CREATE TABLE lineage_snapshot_nodes (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        node_id INTEGER NOT NULL,
        dangling INTEGER NOT NULL,
        attrs TEXT NOT NULL,
        owners TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, node_id)
      ) WITHOUT ROWID;
      CREATE TABLE lineage_snapshot_edges (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        edge_id INTEGER NOT NULL,
        from_node INTEGER NOT NULL,
        to_node INTEGER NOT NULL,
        detail TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, edge_id)
      ) WITHOUT ROWID;
      -- Both directions, so upstream and downstream walks are index lookups.
      CREATE INDEX lineage_snapshot_edges_out ON lineage_snapshot_edges(snapshot_id, from_node, to_node);
      CREATE INDEX lineage_snapshot_edges_in ON lineage_snapshot_edges(snapshot_id, to_node, from_node);
      -- One row per snapshot whose lineage was recorded, with what each inference source contributed.
      CREATE TABLE lineage_snapshots (
        snapshot_id INTEGER PRIMARY KEY REFERENCES snapshots(id) ON DELETE CASCADE,
        sources TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'ksqlDB run history, saved snippets and cached function lists',
    sql: `
      -- One row per statement or query the workbench ran; the FTS table indexes its text and error.
      CREATE TABLE ksql_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        statement TEXT NOT NULL,
        started_at TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        error_code INTEGER,
        error TEXT,
        row_count INTEGER
      );
      CREATE INDEX ksql_history_by_profile ON ksql_history(profile_id, id);
      CREATE VIRTUAL TABLE ksql_history_fts USING fts5(statement, error, content = 'ksql_history', content_rowid = 'id', prefix = '2 3 4');
      CREATE TRIGGER ksql_history_ai AFTER INSERT ON ksql_history BEGIN
        INSERT INTO ksql_history_fts (rowid, statement, error) VALUES (new.id, new.statement, coalesce(new.error, ''));
      END;
      CREATE TRIGGER ksql_history_ad AFTER DELETE ON ksql_history BEGIN
        INSERT INTO ksql_history_fts (ksql_history_fts, rowid, statement, error) VALUES ('delete', old.id, old.statement, coalesce(old.error, ''));
      END;
      CREATE TABLE ksql_snippets (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        sql TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE ksql_function_lists (
        profile_id TEXT PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
        fetched_at TEXT NOT NULL,
        functions TEXT NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'data products folded from the mesh registry topics, access requests and the audit log',
    sql: `
      -- The local fold of _tributary.products (one row per live product id; a tombstone deletes the row) and
      -- of _tributary.events. fold_generation marks the products seen by the newest full read from offset 0,
      -- so a product compacted away on the cluster disappears here too.
      CREATE TABLE products (
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        descriptor TEXT NOT NULL,
        name TEXT NOT NULL,
        domain TEXT NOT NULL,
        tier TEXT NOT NULL,
        status TEXT NOT NULL,
        revision INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        fold_generation INTEGER NOT NULL,
        PRIMARY KEY (profile_id, id)
      );
      CREATE TABLE product_events (
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        partition INTEGER NOT NULL,
        offset INTEGER NOT NULL,
        type TEXT NOT NULL,
        product_id TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        reason TEXT,
        details TEXT NOT NULL,
        PRIMARY KEY (profile_id, id)
      );
      CREATE INDEX product_events_by_product ON product_events(profile_id, product_id, partition, offset);
      -- Derived from the access-* events; rebuilt by the same fold.
      CREATE TABLE access_requests (
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        product_id TEXT NOT NULL,
        principal TEXT NOT NULL,
        purpose TEXT NOT NULL,
        expected_throughput TEXT NOT NULL,
        state TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        decided_by TEXT,
        decided_at TEXT,
        reason TEXT,
        acls TEXT,
        PRIMARY KEY (profile_id, id)
      );
      -- Records the fold skipped, kept so the user sees them instead of a silently shorter catalog.
      CREATE TABLE registry_warnings (
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        topic TEXT NOT NULL,
        partition INTEGER NOT NULL,
        offset TEXT NOT NULL,
        key TEXT,
        message TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (profile_id, topic, partition, offset)
      );
      CREATE TABLE registry_folds (
        profile_id TEXT PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
        generation INTEGER NOT NULL,
        last_folded_at TEXT
      );
      -- Every cluster-changing action, local to this desktop. No foreign key: the log outlives a deleted profile.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        profile_id TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        outcome TEXT NOT NULL,
        request TEXT NOT NULL,
        command TEXT NOT NULL,
        error TEXT
      );
      CREATE INDEX audit_log_by_profile ON audit_log(profile_id, id);
    `,
  },
  {
    version: 7,
    name: 'lifecycle: notification settings, delivery log, inbox read marks',
    sql: `
      -- Per profile: SMTP, webhook, the contacts directory, reminder days and "who I am". Secrets are in the vault.
      CREATE TABLE lifecycle_settings (
        profile_id TEXT PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
        settings TEXT NOT NULL
      );
      -- One row per (notice, consumer, channel): its state and every attempt, so a retry sends only what failed.
      CREATE TABLE lifecycle_deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        product_id TEXT NOT NULL,
        notice TEXT NOT NULL,
        consumer_key TEXT NOT NULL,
        channel TEXT NOT NULL,
        target TEXT NOT NULL,
        state TEXT NOT NULL,
        detail TEXT NOT NULL,
        attempts TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT NOT NULL,
        UNIQUE (profile_id, product_id, notice, consumer_key, channel, target)
      );
      CREATE TABLE inbox_reads (
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        event_id TEXT NOT NULL,
        PRIMARY KEY (profile_id, event_id)
      );
    `,
  },
  {
    version: 8,
    name: 'search: the internal and has-schema facets as indexed flag words',
    sql: `
      -- Filtering on the facets JSON read every match's stored row (about half of a search's time over 100k
      -- entities); words in an indexed "flags" column let FTS5 drop internal entities from the match itself.
      -- FTS5 tables cannot gain a column, so the index is rebuilt with it and its rows copied.
      CREATE VIRTUAL TABLE search_index_v8 USING fts5(
        profile_id UNINDEXED, snapshot_id UNINDEXED, kind UNINDEXED, ref UNINDEXED, facets UNINDEXED,
        title, body, flags,
        prefix = '2 3 4'
      );
      INSERT INTO search_index_v8 (profile_id, snapshot_id, kind, ref, facets, title, body, flags)
        SELECT profile_id, snapshot_id, kind, ref, facets, title, body,
               trim(CASE WHEN json_extract(facets, '$.internal') THEN 'internal' ELSE '' END || ' ' ||
                    CASE WHEN json_extract(facets, '$.hasSchema') THEN 'hasschema' ELSE '' END)
        FROM search_index;
      DROP TABLE search_index;
      ALTER TABLE search_index_v8 RENAME TO search_index;
    `,
  },
  {
    version: 9,
    name: 'catalog: topic configs stored once per distinct set in a snapshot',
    sql: `
      -- Topics without overrides share one computed config set: writing ~37 rows per topic was ~370,000 rows
      -- and 1.5 s of a 10,000-topic sync. Each distinct set is written once per snapshot and topics name it;
      -- the topic_configs view gives readers the rows per topic as before.
      CREATE TABLE config_set_entries (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        set_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        value TEXT,
        source TEXT NOT NULL,
        sensitive INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, set_id, name)
      ) WITHOUT ROWID;
      -- The topic's set within its snapshot; null when no configs were read for it.
      ALTER TABLE topics ADD COLUMN config_set INTEGER;
      -- Snapshots taken before keep one set per topic (numbered by the topic's row): the same rows, moved.
      INSERT INTO config_set_entries (snapshot_id, set_id, name, value, source, sensitive)
        SELECT c.snapshot_id, t.rowid, c.name, c.value, c.source, c.sensitive
        FROM topic_configs c JOIN topics t ON t.snapshot_id = c.snapshot_id AND t.name = c.topic;
      UPDATE topics SET config_set = rowid
        WHERE EXISTS (SELECT 1 FROM topic_configs c WHERE c.snapshot_id = topics.snapshot_id AND c.topic = topics.name);
      DROP TABLE topic_configs;
      CREATE VIEW topic_configs AS
        SELECT t.snapshot_id, t.name AS topic, e.name, e.value, e.source, e.sensitive
        FROM topics t JOIN config_set_entries e ON e.snapshot_id = t.snapshot_id AND e.set_id = t.config_set;
    `,
  },
  {
    version: 10,
    name: 'product events: the unique id index apart from the table',
    sql: `
      -- A primary key's index cannot be dropped, so a first registry fold inserted each of 200k random event ids
      -- into it at a random place (~1 s). As a separate unique index it is dropped while an empty table fills
      -- (the fold keeps ids unique itself then) and built once at the end by sorting. Same columns and rows.
      CREATE TABLE product_events_v10 (
        profile_id TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        partition INTEGER NOT NULL,
        offset INTEGER NOT NULL,
        type TEXT NOT NULL,
        product_id TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        reason TEXT,
        details TEXT NOT NULL
      );
      INSERT INTO product_events_v10 (profile_id, id, partition, offset, type, product_id, actor, at, reason, details)
        SELECT profile_id, id, partition, offset, type, product_id, actor, at, reason, details FROM product_events;
      DROP TABLE product_events;
      ALTER TABLE product_events_v10 RENAME TO product_events;
      CREATE UNIQUE INDEX product_events_by_id ON product_events(profile_id, id);
      CREATE INDEX product_events_by_product ON product_events(profile_id, product_id, partition, offset);
    `,
  },
  {
    version: 11,
    name: 'search: no prefix indexes',
    sql: `
      -- The 2-, 3- and 4-letter prefix indexes doubled the time to write search rows (150k entities: 1.9 s
      -- against 1.0 s; a registry of 50k products: 0.65 s against 0.33 s) and did not make prefix searches
      -- faster: ranking the matches is what a search spends its time on (bench/catalog-sync.bench.ts). FTS5
      -- answers a prefix query from its term index alone. Same columns and rows.
      CREATE VIRTUAL TABLE search_index_v11 USING fts5(
        profile_id UNINDEXED, snapshot_id UNINDEXED, kind UNINDEXED, ref UNINDEXED, facets UNINDEXED,
        title, body, flags
      );
      INSERT INTO search_index_v11 (profile_id, snapshot_id, kind, ref, facets, title, body, flags)
        SELECT profile_id, snapshot_id, kind, ref, facets, title, body, flags FROM search_index;
      DROP TABLE search_index;
      ALTER TABLE search_index_v11 RENAME TO search_index;
    `,
  },
];
