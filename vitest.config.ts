import { defineConfig } from 'vitest/config';

// Unit tests run anywhere; integration tests run against the real local Kafka, Connect and registry that
// scripts/mesh starts once for the whole run (or the services KAFKA_BOOTSTRAP, SCHEMA_REGISTRY_URL and
// CONNECT_URL name).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'], exclude: ['**/*.integration.test.ts', 'node_modules/**'] } },
      {
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
