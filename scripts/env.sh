# Sourced by the project's scripts: puts Node 24 first on PATH and points native builds at its headers.
_tributary_node="$(bash "$(dirname "${BASH_SOURCE[0]}")/node24.sh")" || return 1
export PATH="$_tributary_node/bin:$PATH"
export npm_config_nodedir="$_tributary_node"
export TRIBUTARY_CACHE="${TRIBUTARY_CACHE:-$HOME/.cache/tributary}"
