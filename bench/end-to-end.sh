#!/usr/bin/env bash
# End to end on one JSON Lines corpus, every command side by side in one hyperfine run
# (issue 13): banners' commands on one and on all cores, ripgrep searching the same
# file for the list's regexes, mawk running the exported awk program on the same
# banners in plain-text form, and `wc -l` for reading the file. Prints a table of
# medians with ratios to ripgrep and to `classify --tally`.
#
#   swift build -c release
#   bench/end-to-end.sh [RECORDS] [BANNERS_BINARY] [OLD_BANNERS_BINARY]
#
# RECORDS defaults to 200000 (bench/make-corpus.sh); with OLD_BANNERS_BINARY (a build
# of an earlier commit) its commands run in the same hyperfine run, for before/after.
# Needs hyperfine, ripgrep and mawk. Scratch files go to $TMPDIR (default /tmp).
set -euo pipefail
records=${1:-200000}
binary=${2:-.build/release/banners}
old=${3:-}
rules=rules/smtp-1998.rules
scratch=${TMPDIR:-/tmp}/banners-end-to-end
mkdir -p "$scratch"
corpus=$scratch/corpus-$records.jsonl
[ -s "$corpus" ] || bench/make-corpus.sh "$records" > "$corpus"
# The regexes of the rules, for ripgrep: each rule's /REGEX/ up to the first '/' that
# is neither escaped nor inside a bracket expression.
LC_ALL=C awk '/^\// {
  out = ""; bracket = 0
  for (i = 2; i <= length($0); i++) {
    c = substr($0, i, 1)
    if (c == "\\") { out = out c substr($0, i + 1, 1); i++; continue }
    if (bracket) { if (c == "]" && substr(out, length(out)) != "[") bracket = 0; out = out c; continue }
    if (c == "[") { bracket = 1; out = out c; continue }
    if (c == "/") break
    out = out c
  }
  print out
}' "$rules" > "$scratch/regexes.txt"
"$binary" export-awk "$rules" > "$scratch/classify.awk"
"$binary" convert "$corpus" --to text > "$scratch/banners.txt" 2> /dev/null

commands=(
  "wc -l $corpus"
  "rg -c -f $scratch/regexes.txt $corpus"
  "env LC_ALL=C mawk -f $scratch/classify.awk $scratch/banners.txt"
)
names=("wc -l" "ripgrep, the list's regexes (rg -c -f)" "mawk, exported program, plain-text banners")
for label in new old; do
  bin=$binary
  if [ "$label" = old ]; then
    [ -n "$old" ] || continue
    bin=$old
  fi
  for args in "classify --tally" "classify --tally -j 1" "classify --format tsv" \
    "classify --format tsv -j 1" "report" "report -j 1"; do
    commands+=("$bin $args $rules $corpus")
    names+=("$label: $args")
  done
done

hyperfine_args=(--warmup 1 --runs "${RUNS:-5}" --export-json "$scratch/results.json" -N)
for index in "${!commands[@]}"; do
  hyperfine_args+=(--command-name "${names[$index]}" "${commands[$index]}")
done
hyperfine "${hyperfine_args[@]}" > "$scratch/hyperfine.log"

python3 - "$scratch/results.json" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
median = {r["command"]: r["median"] for r in results}
rg = next(v for k, v in median.items() if k.startswith("ripgrep"))
tally = median.get("new: classify --tally")
# CPU time (user + system, means) beside the wall-clock medians: on a loaded machine
# the medians grow with the load, the CPU times much less.
print("| command | median | vs ripgrep | vs new classify --tally | CPU (user+sys) |")
print("|---|---|---|---|---|")
for r in results:
    m = r["median"]
    vs_tally = f"{m / tally:.2f}x" if tally else ""
    cpu = r["user"] + r["system"]
    print(f"| {r['command']} | {m:.3f} s | {m / rg:.2f}x | {vs_tally} | {cpu:.3f} s |")
for label in ("new", "old"):
    one = median.get(f"{label}: classify --tally -j 1")
    two = median.get(f"{label}: classify --tally")
    if one and two:
        print(f"\n{label}: -j 1 / both cores, classify --tally: {one / two:.2f}x", end="")
        tsv1 = median[f"{label}: classify --format tsv -j 1"]
        tsv2 = median[f"{label}: classify --format tsv"]
        rep1 = median[f"{label}: report -j 1"]
        rep2 = median[f"{label}: report"]
        print(f"; --format tsv: {tsv1 / tsv2:.2f}x; report: {rep1 / rep2:.2f}x")
EOF
