#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/Package.swift) with -sanitize=fuzzer,address and
# runs each for SECONDS (default 60) on its seed corpus, fuzz/seeds/TARGET. Inputs the
# fuzzer finds go to .build/fuzz/corpus/TARGET (kept between runs, never committed);
# a crash is saved as .build/fuzz/artifacts/TARGET-crash-... and fails the script.
#
#   fuzz/run.sh                 # every target, 60 s each
#   fuzz/run.sh 10 rules        # one target, 10 s
#   .build/fuzz/debug/fuzz-rules CRASH-FILE   # replay one input
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} = 0 ]; then
  targets=(rules awk-regex corpus-jsonl corpus-text target-list snapshot merge recog)
fi

scratch=.build/fuzz
# lld: gold warns about every ASan helper symbol it cannot export.
build=(swift build --package-path fuzz --scratch-path "$scratch"
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)
# A source file added to the main package is missed by an incremental build of this
# one until SwiftPM plans again; removing the plan makes it (a few seconds).
rm -f "$scratch/debug.yaml"
"${build[@]}" || exit 2
bin=$("${build[@]}" --show-bin-path)

failed=()
for target in "${targets[@]}"; do
  [ -d "fuzz/seeds/$target" ] || { echo "fuzz/run.sh: no target '$target'" >&2; exit 2; }
  mkdir -p "$scratch/corpus/$target" "$scratch/artifacts"
  echo "== fuzz-$target: ${seconds} s"
  # -max_len 4096: rules, lines and regexes that matter are short, and short inputs run
  # fast; a merge input is whole only with its rule file (rules_source) and end object,
  # so its seeds go up to 16 KiB. -timeout 10: a slow input (a regex that backtracks
  # past its limits) is a bug.
  max_len=4096
  [ "$target" = merge ] && max_len=16384
  if ! "$bin/fuzz-$target" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$scratch/artifacts/$target-" \
    "$scratch/corpus/$target" "fuzz/seeds/$target" 2>"$scratch/$target.log"; then
    failed+=("$target")
    tail -40 "$scratch/$target.log"
  else
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE' \
      "$scratch/$target.log" || true
  fi
done

if [ ${#failed[@]} != 0 ]; then
  echo "fuzz/run.sh: crashes in: ${failed[*]} (inputs in $scratch/artifacts)" >&2
  exit 1
fi
