#!/usr/bin/env bash
# The docs site's fleet benchmark: SYSTEMS systems x WEEKS weeks x FINDINGS
# findings (default 500 x 4 x 100) built into one site, PDFs included:
# a cold build, then RUNS no-change rebuilds, then a rebuild after one
# week changed; wall time (median of the rebuilds) and peak RSS of each.
# Release build. See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SYSTEMS=${SYSTEMS:-500} WEEKS=${WEEKS:-4} FINDINGS=${FINDINGS:-100} RUNS=${RUNS:-5}
cargo build --release --quiet --bin readiness --example generate
fleet=target/bench-fixtures/fleet-$SYSTEMS-$WEEKS-$FINDINGS
site=target/bench-fixtures/site-$SYSTEMS-$WEEKS-$FINDINGS
[ -d "$fleet" ] || target/release/examples/generate fleet "$SYSTEMS" "$WEEKS" "$FINDINGS" "$fleet"
rm -rf "$site"
timed() { /usr/bin/time -f '%e s, %M KB peak' target/release/readiness site "$fleet" -o "$site" "$@"; }
echo "cold:"
timed
echo "no change (x$RUNS):"
for _ in $(seq "$RUNS"); do timed; done
echo "one week changed:"
dirs=("$fleet"/*); first=$(basename "${dirs[0]}")
sed -i 's/^assessor = "Benchmark generator"/assessor = "Benchmark generator, again"/' "$fleet/$first/assessment.toml"
timed
sed -i 's/^assessor = "Benchmark generator, again"/assessor = "Benchmark generator"/' "$fleet/$first/assessment.toml"
echo "files: $(find "$site" -type f | wc -l), $(du -sh "$site" | cut -f1)"
