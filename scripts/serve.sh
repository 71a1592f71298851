#!/usr/bin/env bash
# Installs whatever is missing (scripts/setup.sh, without the browser), then
# serves the playground with live reload: `trunk serve --offline`.
#
#   scripts/serve.sh              http://127.0.0.1:8080/
#   PORT=9000 scripts/serve.sh    another port
#   scripts/serve.sh --release    the optimised build (slower to rebuild)
# Other arguments are passed to `trunk serve`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/setup.sh
source "$ROOT/scripts/setup.sh"
iamp_setup --no-browser

PORT="${PORT:-8080}"
ADDRESS="${ADDRESS:-127.0.0.1}"
# Trunk's watch configuration needs the generated folder to exist.
mkdir -p web/generated

echo
echo "IAM Playground: http://$ADDRESS:$PORT/  (first build takes a minute; Ctrl-C stops)"
echo
exec trunk serve --offline --address "$ADDRESS" --port "$PORT" "$@"
