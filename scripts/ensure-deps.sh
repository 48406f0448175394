# Sourced after env.sh: installs npm dependencies with Node 24 when package-lock.json changed since the
# last install (idempotent and quick when nothing changed).
_tributary_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_tributary_stamp="$_tributary_root/node_modules/.tributary-installed"
_tributary_want="$(node -v) $(sha256sum "$_tributary_root/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$_tributary_stamp" ] || [ "$(cat "$_tributary_stamp")" != "$_tributary_want" ]; then
  echo "tributary: installing npm dependencies with Node $(node -v)…" >&2
  (cd "$_tributary_root" && npm ci --no-audit --no-fund --loglevel=error) || { echo "tributary: npm ci failed — check that the npm registry is reachable (npm ping) and run again" >&2; return 1; }
  echo "$_tributary_want" > "$_tributary_stamp"
fi
