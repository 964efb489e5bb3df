#!/usr/bin/env bash
# Benchmarks: stage medians and peak memory for the example and generated
# assessments of 1,000 and 10,000 findings. Release build. See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin readiness --example bench --example generate --example krilla_floor --example pdf_stage
gen=target/bench-fixtures
for n in 1000 10000; do
  [ -d "$gen/gen-$n" ] || target/release/examples/generate "$n" "$gen/gen-$n"
done
for backend in krilla pdf-writer; do
  target/release/examples/bench --runs "${RUNS:-11}" --pdf-backend "$backend" data/013a-analytics "$gen/gen-1000" "$gen/gen-10000"
  echo
done
echo
echo "| input | peak RSS, whole build (all formats) |"
echo "|---|---:|"
for d in data/013a-analytics "$gen/gen-1000" "$gen/gen-10000"; do
  kb=$( { /usr/bin/time -f '%M' target/release/readiness build "$d" -o "$gen/out" >/dev/null; } 2>&1 | tail -1)
  echo "| $d | $((kb / 1024)) MB |"
done
echo
echo "krilla alone, no code of ours, with the glyph runs and structure elements of"
echo "the example (12 pages, 1,020 runs, 18 glyphs a run) and of gen-10000 (1,400"
echo "pages, 133,000 runs, 32 glyphs a run), one run to a structure element:"
target/release/examples/krilla_floor 12 85 18 1 21
target/release/examples/krilla_floor 1400 95 32 1 5
