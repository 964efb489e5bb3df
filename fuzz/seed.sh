#!/usr/bin/env bash
# Lays the seed corpora of the fuzz targets in fuzz/corpus/<target>/ from
# the example (data/013a-analytics), the templates and the test fixtures.
# Seeds are named `ex-*` and are not committed (fuzz/.gitignore); run again
# after the example or the templates change. Idempotent.
set -euo pipefail
cd "$(dirname "$0")"
root=..
ex=$root/data/013a-analytics

# seed TARGET NAME SELECTOR FILE: the selector byte (the slot a target
# writes the rest into; see SLOTS/NAMES in fuzz_targets/*.rs), then FILE.
seed() {
  local target=$1 name=$2 selector=$3 file=$4
  mkdir -p "corpus/$target"
  { printf "\\x$(printf %02x "$selector")"; cat "$file"; } > "corpus/$target/ex-$name"
}

# load_toml: slots of fuzz_targets/load_toml.rs.
seed load_toml assessment 0 "$ex/assessment.toml"
seed load_toml plan 1 "$ex/plan.toml"
seed load_toml risks 2 "$ex/risks.toml"
seed load_toml rules-3x4 3 "$root/tests/fixtures/rules/reference-3x4.toml"
seed load_toml rules-default 3 "$root/src/score/default-rules.toml"
i=4
for f in "$ex"/components/*.toml; do
  seed load_toml "component-$(basename "$f" .toml)" "$i" "$f"
  i=$((i + 1))
done

# The JSON forms of the TOML files, for load_json (and a TOML form of the
# probe's JSON findings for load_toml's findings slot).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Without python3 (3.11+, for tomllib), the derived seeds are left out.
py=python3
if ! python3 -c 'import tomllib' 2>/dev/null; then
  echo "fuzz/seed.sh: no python3 with tomllib (3.11+): derived JSON and Markdown seeds left out" >&2
  py=true
fi
$py - "$ex" "$root/tests/fixtures/rules/reference-3x4.toml" "$tmp" <<'PY'
import datetime, json, sys, tomllib, pathlib
ex, rules, out = map(pathlib.Path, sys.argv[1:])
def default(v):
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    raise TypeError(v)
for name, src in [("assessment", ex / "assessment.toml"), ("plan", ex / "plan.toml"),
                  ("risks", ex / "risks.toml"), ("rules", rules),
                  ("component", ex / "components" / "2-backend.toml")]:
    data = tomllib.loads(src.read_text())
    (out / f"{name}.json").write_text(json.dumps(data, indent=2, default=default, ensure_ascii=False))
probe = json.loads((ex / "findings" / "probes" / "tcp.json").read_text())
lines = []
for f in probe["finding"]:
    lines.append("[[finding]]")
    for k, v in f.items():
        lines.append(f"{k} = {json.dumps(v)}")
(out / "probe.toml").write_text("\n".join(lines) + "\n")
PY
[ -e "$tmp/probe.toml" ] && seed load_toml findings-probe 11 "$tmp/probe.toml"

# load_json: slots of fuzz_targets/load_json.rs.
seed load_json probe 0 "$ex/findings/probes/tcp.json"
seed load_json findings-extra 1 "$ex/findings/probes/tcp.json"
[ -e "$tmp/assessment.json" ] && seed load_json assessment 2 "$tmp/assessment.json"
[ -e "$tmp/plan.json" ] && seed load_json plan 3 "$tmp/plan.json"
[ -e "$tmp/risks.json" ] && seed load_json risks 4 "$tmp/risks.json"
[ -e "$tmp/rules.json" ] && seed load_json rules 5 "$tmp/rules.json"
[ -e "$tmp/component.json" ] && seed load_json component 6 "$tmp/component.json"

# templates: names of fuzz_targets/templates.rs.
seed templates report-md 0 "$root/templates/report.md.tera"
seed templates component-md 1 "$root/templates/md/component.md.tera"
seed templates macros-md 2 "$root/templates/md/macros.md.tera"
seed templates report-html 3 "$root/templates/report.html.tera"

# markdown: the reference report, the hostile page, and every Markdown
# field of the example (details, notes) as documents of their own.
mkdir -p corpus/markdown
cp "$root/tests/fixtures/reference/assessment-013a.md" corpus/markdown/ex-reference
cp "$root/tests/fixtures/html/hostile.md" corpus/markdown/ex-hostile
$py - "$ex" corpus/markdown <<'PY'
import sys, tomllib, pathlib
ex, out = map(pathlib.Path, sys.argv[1:])
n = 0
def walk(v):
    global n
    if isinstance(v, dict):
        for x in v.values(): walk(x)
    elif isinstance(v, list):
        for x in v: walk(x)
    elif isinstance(v, str) and ("\n" in v or "`" in v or "**" in v):
        (out / f"ex-field-{n}").write_text(v); n += 1
for f in sorted(ex.rglob("*.toml")):
    walk(tomllib.loads(f.read_text()))
PY

# assessment: structured input made by `arbitrary` from raw bytes; the
# example's files give it varied bytes to start from.
mkdir -p corpus/assessment
for f in "$ex"/*.toml "$ex"/components/*.toml; do
  cp "$f" "corpus/assessment/ex-$(basename "$f" .toml)"
done

# import: reports real tools wrote (tests/fixtures/import/README.md), the
# first byte picking the format (even: SARIF, odd: JUnit) and, for SARIF,
# the grouping (bit 1).
for f in "$root"/tests/fixtures/import/*.sarif; do
  seed import "sarif-rule-$(basename "$f" .sarif)" 0 "$f"
  seed import "sarif-result-$(basename "$f" .sarif)" 2 "$f"
done
for f in "$root"/tests/fixtures/import/*.xml; do
  seed import "junit-$(basename "$f" .xml)" 1 "$f"
done

echo "seeds: $(find corpus -name 'ex-*' | wc -l) files in $(ls corpus | wc -l) corpora"
