#!/usr/bin/env bash
# Installs whatever is missing (scripts/setup.sh), then runs every check,
# cheapest and most likely to fail first, reusing builds along the way:
#
#    1. cargo fmt --check
#    2. clippy, native, whole workspace, all targets
#    3. clippy for wasm32 of the crates with browser tests (web/ and others)
#    4. cargo test --workspace (native), and iam-world without the large managed-policy texts
#    5. the engine crates build for wasm32-unknown-unknown
#       + node unit tests of the repo's tools (scripts/catalog)
#    6. wasm-bindgen-test browser tests (every crate that has them) in headless Chromium
#    7. trunk build --release --offline  (dist/)
#    8. playwright e2e tests against dist/ served under a sub-path
#    9. budget: transfer size and time to interactive (scripts/budget.mjs)
#
#   scripts/test.sh           everything (what CI runs, through .ci/run)
#   scripts/test.sh --quick   steps 1-5 only: no browser, no Trunk, no npm
#                             (also: IAMP_QUICK=1)
#   scripts/test.sh --keep-going
#                             run every step even after a failure (exit 1 at
#                             the end); the default stops at the first one
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

QUICK="${IAMP_QUICK:-0}"
KEEP_GOING="${IAMP_KEEP_GOING:-0}"
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --keep-going) KEEP_GOING=1 ;;
    -h | --help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

# Crates that must build for the browser. Crates not (yet) in the workspace
# are skipped with a note.
ENGINE_WASM_CRATES=(iam-policy iam-eval iam-world iam-lint iam-catalog iam-managed-policies)

# shellcheck source=scripts/setup.sh
source "$ROOT/scripts/setup.sh"
SETUP_START=$(date +%s)
if [ "$QUICK" = 1 ]; then
  iamp_setup --rust-only
else
  iamp_setup
fi
SETUP_SECONDS=$(( $(date +%s) - SETUP_START ))

export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# One set of Chromium flags for every crate's browser tests (see web/webdriver.json).
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/web/webdriver.json"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-60}"

LOG_DIR="$(mktemp -d)"
trap 'rm -rf "$LOG_DIR"' EXIT
REPORT=()
PASSED=0
FAILED=0
STEPS=0
STEP_FAILURES=0

# Prints one summary, with a plain "N passed, N failed" closing line
# counting the tests that ran (cargo test and node --test).
summary() {
  local status="$1"
  echo
  echo "== test.sh summary ($( [ "$QUICK" = 1 ] && echo quick || echo full ))"
  printf '  %-44s %5ss\n' "setup" "$SETUP_SECONDS"
  printf '  %s\n' "${REPORT[@]}"
  echo "tests: $PASSED passed, $FAILED failed"
  [ "$status" -ne 0 ] || [ "$STEP_FAILURES" -eq 0 ] || status=1
  exit "$status"
}

# step NAME COMMAND...: runs, times and logs one check; stops at the first failure.
step() {
  local name="$1" start log status took
  shift
  STEPS=$((STEPS + 1))
  log="$LOG_DIR/$STEPS.log"
  echo
  echo "== [$STEPS] $name"
  echo "   \$ $*"
  start=$(date +%s)
  set +e
  "$@" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  took=$(( $(date +%s) - start ))
  count_tests "$log"
  if [ "$status" -ne 0 ]; then
    REPORT+=("$(printf '%-44s %5ss  FAILED (exit %s)' "$name" "$took" "$status")")
    echo "== [$STEPS] $name FAILED after ${took}s" >&2
    [ "$FAILED" -gt 0 ] || FAILED=1
    STEP_FAILURES=$((STEP_FAILURES + 1))
    [ "$KEEP_GOING" = 1 ] || summary "$status"
    return 0
  fi
  REPORT+=("$(printf '%-44s %5ss  ok' "$name" "$took")")
}

# Adds the passed/failed counts of cargo test and node --test output.
count_tests() {
  local counts
  counts=$(awk '
    match($0, /test result: [A-Za-z]+\. [0-9]+ passed; [0-9]+ failed/) {
      split(substr($0, RSTART, RLENGTH), w, " "); p += w[4]; f += w[6]
    }
    /^# pass [0-9]+/ { p += $3 }
    /^# fail [0-9]+/ { f += $3 }
    END { print p + 0, f + 0 }' "$1")
  PASSED=$((PASSED + ${counts% *}))
  FAILED=$((FAILED + ${counts#* }))
}

# Workspace facts from `cargo metadata`, one "kind name" per line:
#   member NAME        every workspace crate
#   browser-tests NAME crates with wasm-bindgen-test as a dev-dependency
workspace_facts() {
  cargo metadata --no-deps --format-version 1 | node -e '
    let s = "";
    process.stdin.on("data", (d) => (s += d)).on("end", () => {
      for (const p of JSON.parse(s).packages) {
        console.log(`member ${p.name}`);
        if (p.dependencies.some((d) => d.name === "wasm-bindgen-test" && d.kind === "dev"))
          console.log(`browser-tests ${p.name}`);
      }
    });'
}
FACTS="$(workspace_facts)"

# -p flags for the engine crates that exist.
ENGINE_ARGS=()
for crate in "${ENGINE_WASM_CRATES[@]}"; do
  if grep -qx "member $crate" <<<"$FACTS"; then
    ENGINE_ARGS+=(-p "$crate")
  else
    echo "note: $crate is not in the workspace yet: skipped" >&2
  fi
done
# -p flags for every crate with browser tests (the web crate and any other).
BROWSER_ARGS=()
while read -r _ crate; do
  BROWSER_ARGS+=(-p "$crate")
done < <(grep '^browser-tests ' <<<"$FACTS")

step "cargo fmt --check" cargo fmt --all -- --check
step "clippy (native, workspace)" cargo clippy --workspace --all-targets -- -D warnings
step "clippy (wasm32, browser crates)" \
  cargo clippy "${BROWSER_ARGS[@]}" --all-targets --target wasm32-unknown-unknown -- -D warnings
step "cargo test --workspace (native)" cargo test --workspace
# The web app's build leaves the large managed-policy texts out (they arrive later); the
# workspace run above unifies features and always has them, so test that path on its own.
step "cargo test, managed-policy texts deferred (native)" \
  cargo test -p iam-managed-policies -p iam-world --no-default-features

if [ "${#ENGINE_ARGS[@]}" -gt 0 ]; then
  step "engine crates build for wasm32" \
    cargo build --target wasm32-unknown-unknown "${ENGINE_ARGS[@]}"
else
  REPORT+=("$(printf '%-44s %5s   skipped: none of %s exists' "engine crates build for wasm32" "-" "${ENGINE_WASM_CRATES[*]}")")
fi

# Node unit test suites of the repository's own tools (no npm install needed).
NODE_TEST_DIRS=()
for dir in scripts/catalog/test; do
  [ -d "$dir" ] && NODE_TEST_DIRS+=("$dir/")
done
if [ "${#NODE_TEST_DIRS[@]}" -gt 0 ]; then
  step "node tests (${NODE_TEST_DIRS[*]})" node --test "${NODE_TEST_DIRS[@]}"
fi

if [ "$QUICK" = 1 ]; then
  REPORT+=("(quick: browser tests, trunk build, e2e and budget skipped)")
  summary 0
fi

step "editor bundle (esbuild)" node web/js/build-editor.mjs
step "browser tests (wasm-bindgen-test, Chromium)" \
  cargo test "${BROWSER_ARGS[@]}" --target wasm32-unknown-unknown
step "trunk build --release" trunk build --release --offline
step "e2e (playwright, dist/ under /sub/path/)" node --test tests/e2e/
step "budget" node scripts/budget.mjs dist

summary 0
