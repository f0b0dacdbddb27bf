#!/bin/bash
# Fuzzes the recipe language's lexer and parser with libFuzzer.
#
#   fuzz/run.sh [SECONDS]      (default 60; `make fuzz FUZZ_SECONDS=600` for the 10-minute run)
#
# Seeds: fuzz/corpus (checked in) plus every differential snippet. New interesting inputs go
# to a scratch corpus that is merged back into fuzz/corpus (minimised) at the end; crashes
# land in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
build=.build/fuzz
mkdir -p "$build" fuzz/artifacts fuzz/corpus

sources=$(find Sources/SousLanguage -name '*.swift' | sort)
echo "Building the fuzz target..."
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name SousLanguage \
  -swift-version 5 -enforce-exclusivity=checked \
  fuzz/LexerParserFuzzer.swift $sources -o "$build/lexer-parser-fuzzer" 2>&1 \
  | { grep -v "Cannot export local symbol" || true; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp fuzz/corpus/* "$work/" 2>/dev/null || true
if [ -d Tests/Fixtures/differential ]; then
  find Tests/Fixtures/differential -name '*.rb' -exec cp {} "$work/" \;
fi

echo "Fuzzing for $seconds seconds..."
"$build/lexer-parser-fuzzer" "$work" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
  -rss_limit_mb=4096 -artifact_prefix=fuzz/artifacts/ -print_final_stats=1 2>&1 \
  | grep -E '^(#[0-9]+ +(INITED|DONE)|stat::|==[0-9]+==|SUMMARY|INFO: Running)|[Cc]rash' || true

status=${PIPESTATUS[0]}
"$build/lexer-parser-fuzzer" -merge=1 fuzz/corpus "$work" >/dev/null 2>&1 || true
if ls fuzz/artifacts/crash-* fuzz/artifacts/timeout-* >/dev/null 2>&1; then
  echo "Found crashing inputs in fuzz/artifacts/"; exit 1
fi
echo "No crash. Corpus: $(ls fuzz/corpus | wc -l) inputs in fuzz/corpus."
