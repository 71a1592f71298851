#!/usr/bin/env bash
# Installs what building and testing IAM Playground needs and is missing.
# Idempotent: a tool already present at the right version is skipped.
#
#   scripts/setup.sh [--rust-only] [--no-browser]
#     --rust-only   only the Rust toolchain parts (rustfmt, clippy, the wasm
#                   target): what `scripts/test.sh --quick` needs
#     --no-browser  everything except Chromium + ChromeDriver (serve.sh)
#
# Also meant to be sourced (serve.sh and test.sh do): it then leaves PATH
# set up (node_modules/.bin for wasm-opt and esbuild, $CARGO_HOME/bin).
#
# What it installs (tool versions are pinned here, in Trunk.toml and in
# Cargo.lock / package-lock.json):
#   rustup:  the wasm32-unknown-unknown target, rustfmt, clippy
#   npm:     `npm ci` (CodeMirror, esbuild, binaryen's wasm-opt, playwright-core)
#   cargo:   wasm-bindgen-cli at Cargo.lock's wasm-bindgen version; trunk 0.21.14
#   apt:     chromium, chromium-driver (never a downloaded browser)

IAMP_TRUNK_VERSION="0.21.14"
# Building the tools with LTO off and many codegen units takes a fraction
# of the time of their default release profile (see README); they only
# orchestrate builds, so their own speed does not matter.
IAMP_TOOL_BUILD_ENV=(CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16)

iamp_setup() {
  local rust_only=0 browser=1 arg
  for arg in "$@"; do
    case "$arg" in
      --rust-only) rust_only=1 ;;
      --no-browser) browser=0 ;;
      *) echo "setup.sh: unknown option $arg" >&2; return 2 ;;
    esac
  done

  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)" || return 1
  export PATH="$root/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
  IAMP_SETUP_REPORT=()

  _iamp_step() { # name, then a command whose last line says what it found or did
    local name="$1" start out status log
    shift
    start=$(date +%s)
    log="$(mktemp)"
    echo "[setup] $name ..."
    ("$@" 2>&1 | tee "$log"; exit "${PIPESTATUS[0]}")
    status=$?
    out="$(tail -n 1 "$log")"
    rm -f "$log"
    local took=$(( $(date +%s) - start ))
    if [ "$status" -ne 0 ]; then
      echo "[setup] $name FAILED after ${took}s" >&2
      return "$status"
    fi
    IAMP_SETUP_REPORT+=("$(printf '%-22s %5ss  %s' "$name" "$took" "$out")")
  }

  _iamp_rust() {
    local have
    have="$(rustup component list --installed 2>/dev/null)"
    local missing=()
    grep -q '^rustfmt' <<<"$have" || missing+=(rustfmt)
    grep -q '^clippy' <<<"$have" || missing+=(clippy)
    if [ "${#missing[@]}" -gt 0 ]; then
      rustup component add "${missing[@]}" || return 1
    fi
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
      rustup target add wasm32-unknown-unknown || return 1
      echo "installed: wasm32-unknown-unknown target ${missing[*]}"
    elif [ "${#missing[@]}" -gt 0 ]; then
      echo "installed: ${missing[*]}"
    else
      echo "present: $(rustc --version), wasm32 target, rustfmt, clippy"
    fi
  }

  _iamp_npm() {
    # node_modules/.package-lock.json is written by npm ci; newer than the
    # lock file means node_modules matches it.
    if [ -f "$root/node_modules/.package-lock.json" ] &&
      [ "$root/node_modules/.package-lock.json" -nt "$root/package-lock.json" ] &&
      [ "$root/node_modules/.package-lock.json" -nt "$root/package.json" ]; then
      echo "present: node_modules matches package-lock.json"
      return 0
    fi
    (cd "$root" && npm ci --no-audit --no-fund) || return 1
    echo "installed: npm ci ($(ls "$root/node_modules" | wc -l) top-level entries)"
  }

  _iamp_wasm_bindgen() {
    local want have
    want="$(iamp_wasm_bindgen_version "$root")" || return 1
    if ! grep -q "^wasm_bindgen = \"$want\"" "$root/Trunk.toml"; then
      echo "Trunk.toml [tools] wasm_bindgen must be \"$want\" (the version in Cargo.lock)" >&2
      return 1
    fi
    have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')"
    if [ "$have" = "$want" ] && command -v wasm-bindgen-test-runner >/dev/null; then
      echo "present: wasm-bindgen-cli $have"
      return 0
    fi
    # Not --locked: wasm-bindgen-cli's own lock file does not build on this toolchain.
    env "${IAMP_TOOL_BUILD_ENV[@]}" cargo install wasm-bindgen-cli --version "$want" --force || return 1
    echo "installed: wasm-bindgen-cli $want"
  }

  _iamp_trunk() {
    local have
    have="$(trunk --version 2>/dev/null | awk '{print $2}')"
    if [ "$have" = "$IAMP_TRUNK_VERSION" ]; then
      echo "present: trunk $have"
      return 0
    fi
    env "${IAMP_TOOL_BUILD_ENV[@]}" cargo install --locked "trunk@$IAMP_TRUNK_VERSION" --force || return 1
    echo "installed: trunk $IAMP_TRUNK_VERSION"
  }

  _iamp_chromium() {
    if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
      echo "present: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
      return 0
    fi
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium chromium-driver || return 1
    echo "installed: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
  }

  local total_start
  total_start=$(date +%s)
  _iamp_step "rust toolchain" _iamp_rust || return 1
  if [ "$rust_only" -eq 0 ]; then
    if [ "$browser" -eq 1 ]; then
      _iamp_step "chromium" _iamp_chromium || return 1
    fi
    _iamp_step "npm packages" _iamp_npm || return 1
    _iamp_step "wasm-bindgen-cli" _iamp_wasm_bindgen || return 1
    _iamp_step "trunk" _iamp_trunk || return 1
  fi
  echo "[setup] done in $(( $(date +%s) - total_start ))s:"
  printf '[setup]   %s\n' "${IAMP_SETUP_REPORT[@]}"
}

# The wasm-bindgen version in Cargo.lock (brought up to date first: a
# no-op when Cargo.lock matches the manifests).
iamp_wasm_bindgen_version() {
  local root="$1" version
  (cd "$root" && cargo metadata --format-version 1 >/dev/null) || return 1
  version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")"
  if [ -z "$version" ]; then
    echo "no wasm-bindgen package in $root/Cargo.lock" >&2
    return 1
  fi
  echo "$version"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  iamp_setup "$@"
fi
