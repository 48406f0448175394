#!/usr/bin/env bash
# The whole test suite, from a fresh clone: provisions Node 24, npm deps, Chromium and (on first use, via the
# harness) the Kafka/Connect/registry jars, then runs type checks, unit and integration tests against a real
# local mesh, and the Playwright walk in the browser host.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
. scripts/ensure-deps.sh
. scripts/ensure-chromium.sh
started=$(date +%s)
echo "== type check"; npm run --silent typecheck
echo "== build"; npx electron-vite build --logLevel warn
echo "== unit + integration tests (real Kafka and Connect; the schema registry stand-in)"; npx vitest run
echo "== end-to-end (browser host in Chromium; Electron where its binary exists)"; npx playwright test -c e2e/playwright.config.ts
echo "== benchmarks (smoke run)"; node bench/run.ts --smoke >/dev/null
echo "== all tests passed in $(( $(date +%s) - started )) s"
