import { defineConfig } from 'vitest/config';

// Unit tests run anywhere; integration tests run against the real local Kafka, Connect and registry that
// scripts/mesh starts once for the whole run (or the services KAFKA_BOOTSTRAP, SCHEMA_REGISTRY_URL and
// CONNECT_URL name).
export default defineConfig({
  test: {
    // Child processes, not worker threads: better-sqlite3's native objects can crash a worker thread as it
    // exits (a SIGSEGV seen here a few times), while a forked process tears down cleanly.
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'electron/**/*.test.ts'], exclude: ['**/*.integration.test.ts', 'node_modules/**'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['src/**/*.integration.test.ts', 'scripts/**/*.integration.test.ts'],
          globalSetup: ['scripts/mesh/vitest-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
