#!/usr/bin/env bash
# Fuzz smoke: builds the cargo-fuzz targets of fuzz/ and runs each for a
# bounded time; exits non-zero when any target finds a crash, a timeout or
# an out-of-memory (the input is left in fuzz/artifacts/<target>/).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Default: 60 seconds each, every target. Needs cargo-fuzz
# (`cargo install cargo-fuzz --locked`); runs on the stable toolchain
# through RUSTC_BOOTSTRAP=1. To reproduce a crash:
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -a <target> fuzz/artifacts/<target>/<file>
# To minimize it:
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin -a <target> fuzz/artifacts/<target>/<file>
#
# The corpus (fuzz/corpus/<target>/) grows with each run and libFuzzer
# replays all of it before fuzzing, so after long runs a short one takes
# longer than asked: `rm -rf fuzz/corpus` goes back to the seeds.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=(load_toml load_json assessment templates markdown import)
fi

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "scripts/fuzz.sh: cargo-fuzz is missing: cargo install cargo-fuzz --locked" >&2
  exit 2
fi
export RUSTC_BOOTSTRAP=1

# The targets write their scratch folders under TMPDIR: keep them here and
# start empty.
export TMPDIR="$PWD/fuzz/target/tmp"
rm -rf "$TMPDIR"
mkdir -p "$TMPDIR"

bash fuzz/seed.sh
# -a: debug assertions, so integer overflow panics instead of wrapping.
(cd fuzz && cargo fuzz build -a)

failed=()
for target in "${targets[@]}"; do
  echo "==> fuzz $target for ${seconds}s"
  case $target in
    load_toml | load_json) dict=(-dict=dict/input.dict) ;;
    templates) dict=(-dict=dict/templates.dict) ;;
    markdown) dict=(-dict=dict/markdown.dict) ;;
    import) dict=(-dict=dict/import.dict) ;;
    *) dict=() ;;
  esac
  if ! (cd fuzz && cargo fuzz run -a "$target" -- "${dict[@]}" \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1); then
    failed+=("$target")
  fi
done
rm -rf "$TMPDIR"

if [ "${#failed[@]}" -gt 0 ]; then
  echo "scripts/fuzz.sh: crash found by: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
echo "scripts/fuzz.sh: ${#targets[@]} targets ran ${seconds}s each, no crash"
