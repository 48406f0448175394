#!/usr/bin/env bash
# Starts Tributary on the local demo mesh, from a fresh clone: provisions Node 24 and npm deps, builds the
# app, downloads (first run only) and starts Kafka + Connect + Apicurio Registry, seeds the demo mesh, syncs
# it, and opens the app. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
. scripts/ensure-deps.sh
npx electron-vite build --logLevel warn
exec node scripts/start-demo.ts
