#!/usr/bin/env bash
# Makes a large corpus for measurements by repeating a sample corpus's records with
# fresh target addresses (2001:db8::/32, documentation space; nothing is contacted).
#
#   bench/make-corpus.sh 1000000 corpus/smtp-1998-sample.jsonl > /tmp/1m.jsonl
set -euo pipefail
count=${1:?usage: make-corpus.sh COUNT [SAMPLE.jsonl]}
sample=${2:-corpus/smtp-1998-sample.jsonl}
LC_ALL=C awk -v count="$count" '
  { lines[n++] = $0 }
  END {
    for (i = 0; i < count; i++) {
      line = lines[i % n]
      sub(/"addr":"[^"]*"/, sprintf("\"addr\":\"2001:db8::%x:%x\"", int(i / 65536), i % 65536), line)
      print line
    }
  }' "$sample"
