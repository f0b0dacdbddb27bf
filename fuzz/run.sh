#!/bin/bash
# Fuzzes the recipe language's lexer and parser with libFuzzer.
#
#   fuzz/run.sh [SECONDS]      (default 60; `make fuzz FUZZ_SECONDS=600` for the 10-minute run)
#
# Seeds: fuzz/corpus (checked in) plus every differential snippet. What libFuzzer learns is
# kept, minimised, in .build/fuzz/corpus for the next run (too large to check in); crashes
# land in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
build=.build/fuzz
learned="$build/corpus"
mkdir -p "$build" "$learned" fuzz/artifacts

sources=$(find Sources/SousLanguage -name '*.swift' | sort)
echo "Building the fuzz target..."
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name SousLanguage \
  -swift-version 5 -enforce-exclusivity=checked \
  fuzz/LexerParserFuzzer.swift $sources -o "$build/lexer-parser-fuzzer" 2>&1 \
  | { grep -v "Cannot export local symbol" || true; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp fuzz/corpus/* "$learned"/* "$work/" 2>/dev/null || true
if [ -d Tests/Fixtures/differential ]; then
  find Tests/Fixtures/differential -name '*.rb' | while read -r snippet; do
    cp "$snippet" "$work/$(echo "$snippet" | tr / _)"
  done
fi

echo "Fuzzing for $seconds seconds..."
"$build/lexer-parser-fuzzer" "$work" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
  -rss_limit_mb=4096 -artifact_prefix=fuzz/artifacts/ -print_final_stats=1 2>&1 \
  | grep -E '^(#[0-9]+ +(INITED|DONE)|stat::|==[0-9]+==|SUMMARY|INFO: Running)|[Cc]rash' || true

"$build/lexer-parser-fuzzer" -merge=1 "$learned" "$work" >/dev/null 2>&1 || true
if ls fuzz/artifacts/crash-* fuzz/artifacts/timeout-* >/dev/null 2>&1; then
  echo "Found crashing inputs in fuzz/artifacts/"; exit 1
fi
echo "No crash. Learned corpus: $(ls "$learned" | wc -l) inputs in $learned."
