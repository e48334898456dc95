# shellcheck shell=bash
# Sourced by the project's scripts (setup, serve, test, bench). It chooses how wasm32 is built:
#
# * "native" route: the active Rust toolchain already has the wasm32-unknown-unknown target
#   (a rustup user who ran `rustup target add wasm32-unknown-unknown`). Nothing is overridden.
# * "debian" route: no prebuilt wasm32 std exists on this machine, so std is compiled from source
#   with Debian's rustc-web 1.96 + rust-web-src (build-std). The toolchain is selected here, by
#   environment, instead of by a committed rust-toolchain.toml, so that ordinary rustup users are
#   never pointed at a toolchain that only our setup creates.
#
# Everything here is environment only: sourcing it twice is harmless.

KS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export KS_ROOT

# Versions kept in lock-step with Cargo.toml (wasm-bindgen "=…") and Trunk.toml ([tools]).
KS_WASM_BINDGEN_VERSION="0.2.130"
KS_BINARYEN_VERSION="132"
KS_WASM_SPLIT_VERSION="0.2.4"
KS_TRUNK_FALLBACK_VERSION="0.21.14"   # builds with rustc 1.95 stable when no nightly >= 1.96.1
KS_TOOLCHAIN_NAME="web-wasm"
KS_TOOLCHAIN_DIR="/opt/rust-web-wasm"

export PATH="$HOME/.cargo/bin:$KS_ROOT/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-240}"
if [ -x /usr/bin/chromedriver ] && [ -z "${CHROMEDRIVER:-}" ]; then
  export CHROMEDRIVER=/usr/bin/chromedriver
fi

# True when the toolchain cargo would use here (no overrides) ships a wasm32 std.
ks_native_wasm32() {
  local sysroot
  sysroot="$(cd "$KS_ROOT" && env -u RUSTUP_TOOLCHAIN rustc --print sysroot 2>/dev/null)" || return 1
  [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ]
}

ks_detect_route() {
  if [ -n "${KS_ROUTE:-}" ]; then return 0; fi
  if ks_native_wasm32; then KS_ROUTE=native; else KS_ROUTE=debian; fi
  export KS_ROUTE
}

# Runs one command with the environment for wasm32 builds (trunk, cargo --target wasm32...).
# Native builds (the engine's tests, ksim) use the default toolchain untouched: build-std
# must not apply to them.
ks_wasm() {
  ks_detect_route
  (
  if [ "$KS_ROUTE" = debian ]; then
    if command -v rustup >/dev/null 2>&1; then
      export RUSTUP_TOOLCHAIN="$KS_TOOLCHAIN_NAME"
    else
      export PATH="$KS_TOOLCHAIN_DIR/bin:$PATH"
    fi
    # std for wasm32 is compiled from Debian's rust-web-src; the cargo wrapper sets RUSTC_BOOTSTRAP.
    export CARGO_UNSTABLE_BUILD_STD="std,panic_abort"
    export RUSTC_BOOTSTRAP=1
  fi
  "$@"
  )
}

# Runs one command with the settings of the hosted site's build (trunk build --release), on top
# of ks_wasm. Measured one by one (gzip of .wasm + JS glue, 288.7 KB before, 246.5 KB after,
# 2026-11-23):
# * Leptos' `erase_components` cfg: components return type-erased views, far fewer
#   monomorphised view types (-3.4 KB; a little more raw code, but it compresses better);
# * trunk's minifier on the JS glue (-1.2 KB);
# * debian route only (std is compiled here, so it can be configured): std's
#   `optimize_for_size` (smaller sort and formatting code, -14 KB) and panic=immediate-abort for
#   the `site` profile: no panic messages, locations or formatting in the download (-15 KB).
#   A panic was already fatal to the page (panic=abort); now it is a bare trap, which
#   index.html turns into a banner. Debug builds (trunk serve, the tests) keep full messages.
# * issue 26: `--cfg ks_split` makes src/chunks.rs' functions split points, and the post-build
#   hook (scripts/split-wasm.mjs, KS_SPLIT=1) cuts the .wasm there with wasm-split-cli, which
#   reads the relocations `--emit-relocs` keeps: the first download leaves out the terminal's
#   tools and the JSON code, loaded when first used.
# index.html's wasm-opt settings do the rest (see the comment there).
ks_site() {
  ks_detect_route
  (
  export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }--cfg erase_components --cfg ks_split -Clink-args=--emit-relocs"
  export KS_SPLIT=1
  export TRUNK_BUILD_MINIFY=true
  if [ "$KS_ROUTE" = debian ]; then
    export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
    export CARGO_UNSTABLE_PANIC_IMMEDIATE_ABORT=true
    export CARGO_PROFILE_SITE_PANIC=immediate-abort
  fi
  ks_wasm "$@"
  )
}

ks_log() { printf '\n=== %s\n' "$*"; }
