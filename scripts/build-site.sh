#!/usr/bin/env bash
# Builds the static site for hosting (dist/): release mode, wasm-opt on, relative URLs so it
# works from any sub-path, no network needed at run time.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$KS_ROOT"
bash scripts/setup.sh
ks_site trunk build --release "$@"
# .br and .gz beside each file, for servers that serve precompressed files (README: Hosting).
node scripts/precompress.mjs dist
echo "built: $KS_ROOT/dist ($(du -sh dist | cut -f1)); copy it to any web server path"
