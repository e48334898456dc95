#!/usr/bin/env bash
# Serves Kafka Sandbox for development or a workshop laptop: installs what is missing
# (scripts/setup.sh), then `trunk serve` with live reload. PORT and ADDRESS can be set.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$KS_ROOT"
bash scripts/setup.sh
PORT="${PORT:-8080}"; ADDRESS="${ADDRESS:-127.0.0.1}"
echo
echo "Kafka Sandbox will be at: http://$ADDRESS:$PORT/   (first build takes a few minutes; Ctrl-C stops)"
echo
ks_wasm trunk serve --address "$ADDRESS" --port "$PORT" "$@"
