#!/usr/bin/env bash
# Installs what Kafka Sandbox needs and is missing; a second run with everything present takes
# seconds. Called first by scripts/serve.sh and scripts/test.sh.
#
#   Debian packages : rustc-web cargo-web rust-web-src rust-web-llvm lld-22 (only when the active
#                     toolchain has no wasm32 target), chromium chromium-driver, python3-venv,
#                     default-jdk-headless (when javac is missing: Java's String.hashCode as an oracle)
#   linked toolchain: /opt/rust-web-wasm "web-wasm" = Debian rustc 1.96 + a cargo wrapper that
#                     sets RUSTC_BOOTSTRAP=1 so build-std works (std for wasm32 built from source)
#   npm (project)   : binaryen@132 (wasm-opt; never Debian's binaryen 108, which silently breaks
#                     wasm-bindgen output), terser (the split site's JS) and playwright-core, from
#                     package-lock.json
#   crates.io       : wasm-bindgen-cli at exactly the version pinned in Cargo.toml, trunk,
#                     wasm-split-cli (crate wasm_split_cli_support; splits the hosted site)
#   PyPI (venv)     : kafka-python, for the differential tests (.venv/, gitignored)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$KS_ROOT"

have()  { command -v "$1" >/dev/null 2>&1; }
pkg_ok(){ dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
ver_ge(){ [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }   # $1 >= $2
timed() { local s; s=$(date +%s); "$@"; local rc=$?; echo "    [took $(( $(date +%s) - s ))s]"; return $rc; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif have sudo; then sudo "$@"; else
  echo "setup: need root for: $*" >&2; return 1; fi; }

start=$(date +%s)
ks_detect_route
echo "setup: wasm32 route = $KS_ROUTE"

# ------------------------------------------------------------------ 1. system packages
pkgs=()
if have apt-get; then
  # fonts-nanum: the source of the Korean font subset (scripts/subset-font.py).
  want=(chromium chromium-driver fonts-nanum)
  python3 -c "import venv, ensurepip" 2>/dev/null || want+=(python3-venv)
  [ "$KS_ROUTE" = debian ] && want+=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22)
  for p in "${want[@]}"; do pkg_ok "$p" || pkgs+=("$p"); done
  have npm || pkgs+=(npm)
  # The differential test of __transaction_state placement runs Java's own String.hashCode.
  have javac || pkgs+=(default-jdk-headless)
  if [ ${#pkgs[@]} -gt 0 ]; then
    ks_log "apt-get install ${pkgs[*]}"
    # rustc-web 1.96 is in bookworm-security; refresh the lists when it is not visible yet.
    if ! apt-cache policy "${pkgs[0]}" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
      timed as_root apt-get update -q
    fi
    timed as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${pkgs[@]}"
  fi
else
  for b in chromium chromedriver npm python3; do
    have "$b" || have "${b}-browser" || echo "setup: please install $b (no apt-get here)" >&2
  done
fi

# ------------------------------------------------------------------ 2. the linked toolchain
if [ "$KS_ROUTE" = debian ]; then
  rv=$(/usr/bin/rustc --version | awk '{print $2}')
  src=$(readlink -f /usr/lib/rustlib/src/rust || true)
  case "$src" in *"rustc-$rv") ;; *) echo "setup: rust-web-src ($src) does not match rustc $rv" >&2; exit 1;; esac
  [ -x "$(readlink -f /usr/bin/rust-lld)" ] || { echo "setup: /usr/bin/rust-lld is dangling (lld-22 missing)" >&2; exit 1; }
  if [ ! -x "$KS_TOOLCHAIN_DIR/bin/cargo" ] || ! grep -q RUSTC_BOOTSTRAP "$KS_TOOLCHAIN_DIR/bin/cargo"; then
    ks_log "linking toolchain $KS_TOOLCHAIN_NAME at $KS_TOOLCHAIN_DIR"
    as_root mkdir -p "$KS_TOOLCHAIN_DIR/bin"
    as_root tee "$KS_TOOLCHAIN_DIR/bin/cargo" >/dev/null <<'WRAP'
#!/bin/sh
# Debian's cargo with nightly gates unlocked so build-std can compile std for wasm32 from
# rust-web-src (Debian ships no prebuilt wasm32 std for rustc-web). Installed by Kafka Sandbox.
RUSTC_BOOTSTRAP=1
export RUSTC_BOOTSTRAP
exec /usr/bin/cargo "$@"
WRAP
    as_root chmod 755 "$KS_TOOLCHAIN_DIR/bin/cargo"
    as_root ln -sfn /usr/bin/rustc "$KS_TOOLCHAIN_DIR/bin/rustc"
    as_root ln -sfn /usr/bin/rustdoc "$KS_TOOLCHAIN_DIR/bin/rustdoc"
    as_root ln -sfn /usr/lib "$KS_TOOLCHAIN_DIR/lib"
  fi
  if have rustup && ! rustup toolchain list | grep -q "^$KS_TOOLCHAIN_NAME"; then
    rustup toolchain link "$KS_TOOLCHAIN_NAME" "$KS_TOOLCHAIN_DIR"
  fi
fi

# ------------------------------------------------------------------ 3. npm: wasm-opt, playwright
if ! node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version_$KS_BINARYEN_VERSION" \
   || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/terser ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  ks_log "npm ci (binaryen@$KS_BINARYEN_VERSION, playwright-core, terser)"
  timed npm ci --no-audit --no-fund --loglevel=error
fi

# ------------------------------------------------------------------ 4. host cargo for installs
host_cargo=(cargo)
if have rustup && rustup toolchain list | grep -q '^stable'; then host_cargo=(cargo +stable); fi
if ! have cargo; then host_cargo=("$KS_TOOLCHAIN_DIR/bin/cargo"); fi

# ------------------------------------------------------------------ 5. wasm-bindgen-cli
if ! { wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $KS_WASM_BINDGEN_VERSION" \
       && wasm-bindgen-test-runner --version 2>/dev/null | grep -q "$KS_WASM_BINDGEN_VERSION"; }; then
  ks_log "cargo install wasm-bindgen-cli $KS_WASM_BINDGEN_VERSION"
  # Its own lockfile may pin a crate version the registry lacks; then resolve afresh.
  (cd / && timed "${host_cargo[@]}" install wasm-bindgen-cli --version "$KS_WASM_BINDGEN_VERSION" --locked --force) \
    || (cd / && timed "${host_cargo[@]}" install wasm-bindgen-cli --version "$KS_WASM_BINDGEN_VERSION" --force)
fi

# ------------------------------------------------------------------ 5b. wasm-split-cli
# Splits the hosted site's .wasm into the first download and chunks loaded when first used
# (scripts/split-wasm.mjs). The version goes with wasm_split_helpers 0.2 (Cargo.lock): the
# same project (WorldSEnder/wasm-split-prototype) makes both.
if ! wasm-split-cli --help 2>/dev/null | grep -q "wasm-split"; then
  ks_log "cargo install wasm_split_cli_support $KS_WASM_SPLIT_VERSION (the wasm-split-cli binary)"
  (cd / && timed "${host_cargo[@]}" install wasm_split_cli_support --version "$KS_WASM_SPLIT_VERSION" --features build-binary --locked --force)
fi

# ------------------------------------------------------------------ 6. trunk
if ! have trunk; then
  trunk_cargo=("${host_cargo[@]}"); trunk_args=(install trunk --locked)
  nightly=""
  if have rustup && rustup toolchain list | grep -q '^nightly'; then
    nightly=$(rustc +nightly --version | awk '{print $2}' | sed 's/-.*//')
  fi
  # trunk 0.22 needs rustc >= 1.96.1; otherwise the last release that builds on 1.95.
  if [ -n "$nightly" ] && ver_ge "$nightly" 1.96.1; then
    trunk_cargo=(cargo +nightly)
  elif ver_ge "$("${host_cargo[@]}" --version | awk '{print $2}')" 1.96.1; then
    :
  else
    trunk_args+=(--version "$KS_TRUNK_FALLBACK_VERSION")
  fi
  ks_log "${trunk_cargo[*]} ${trunk_args[*]} (about 10 minutes on 2 cores)"
  (cd / && timed "${trunk_cargo[@]}" "${trunk_args[@]}")
fi

# ------------------------------------------------------------------ 7. python venv (differential tests)
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import kafka' 2>/dev/null; then
  ks_log "python venv with kafka-python"
  python3 -m venv .venv
  timed .venv/bin/pip install -q --disable-pip-version-check -r scripts/requirements.txt
fi

# ------------------------------------------------------------------ 8. lint tools (test.sh's fmt/clippy suite)
if ! { cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1; }; then
  if have rustup; then
    ks_log "rustup component add rustfmt clippy"
    timed rustup component add rustfmt clippy
  else
    echo "setup: cargo fmt and cargo clippy are needed by scripts/test.sh (rustup component add rustfmt clippy)" >&2
    exit 1
  fi
fi

echo "setup: ready in $(( $(date +%s) - start ))s (route $KS_ROUTE; $(trunk --version); $(wasm-bindgen --version); wasm-opt $(wasm-opt --version | awk '{print $3}'))"
