#!/bin/bash
# Fuzzes a part of sous with libFuzzer; fails on any finding (crash, trap, sanitizer
# report, timeout, out-of-memory, leak) and on a fuzzer that ends badly.
#
#   fuzz/run.sh TARGET [SECONDS]     (default 60; `make fuzz FUZZ_SECONDS=600` runs each target
#                                      for ten minutes)
#
# Targets: lexer-parser (the recipe language's lexer and parser), json (the JSON reader and
# printer), config (knife.rb / client.rb loaded into a ChefConfig, in a sealed host).
# Seeds: fuzz/corpus/TARGET (checked in), plus the differential snippets for lexer-parser and
# the test fixtures' configs for config. What libFuzzer learns is kept, minimised, in
# .build/fuzz/TARGET/corpus for the next run; findings land in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: fuzz/run.sh lexer-parser|json|config [SECONDS]}"
seconds="${2:-60}"
build=".build/fuzz/$target"
learned="$build/corpus"
artifacts="fuzz/artifacts/$target"
mkdir -p "$build" "$learned" "$artifacts"
flags=(-O -sanitize=fuzzer,address -parse-as-library -swift-version 5 -enforce-exclusivity=checked)
quiet() { { grep -v "Cannot export local symbol" || true; }; }

echo "Building the $target fuzz target..."
# The layers a target needs, each its own module as in the package; the target itself is
# compiled into the last layer's module, so it sees that layer's internals.
modules="$build/modules"
mkdir -p "$modules"
includes=(-I "$modules" -I Sources/CCurl/include -I Sources/COpenSSL/include -I Sources/CSystem/include)
module() {
  local name="$1"; shift
  swiftc "${flags[@]}" -wmo -c -module-name "$name" -emit-module -emit-module-path "$modules/$name.swiftmodule" \
    "${includes[@]}" "$@" -o "$modules/$name.o" 2>&1 | quiet
}
sources() { find "Sources/$1" -name '*.swift' | sort; }
# SousSupport's system calls use CSystem's C functions: its header as a module (SwiftPM
# makes this map itself), and its object.
mkdir -p "$modules/CSystem"
printf 'module CSystem {\n  header "%s"\n  export *\n}\n' "$PWD/Sources/CSystem/include/csystem.h" > "$modules/CSystem/module.modulemap"
includes+=(-I "$modules/CSystem")
clang -c -O1 -fsanitize=fuzzer-no-link,address -I Sources/CSystem/include Sources/CSystem/csystem.c -o "$modules/csystem.o"
case "$target" in
  json)
    swiftc "${flags[@]}" "${includes[@]}" -module-name SousSupport fuzz/json.swift fuzz/large-stack.swift $(sources SousSupport) \
      "$modules/csystem.o" -ldl -o "$build/fuzzer" 2>&1 | quiet
    ;;
  lexer-parser)
    module SousSupport $(sources SousSupport)
    swiftc "${flags[@]}" "${includes[@]}" -module-name SousLanguage fuzz/lexer-parser.swift fuzz/large-stack.swift \
      $(sources SousLanguage) "$modules/SousSupport.o" "$modules/csystem.o" -ldl -o "$build/fuzzer" 2>&1 | quiet
    ;;
  config)
    module SousSupport $(sources SousSupport)
    module SousLanguage $(sources SousLanguage)
    module SousChefData $(sources SousChefData)
    module SousChefServer $(sources SousChefServer)
    swiftc "${flags[@]}" "${includes[@]}" fuzz/config.swift fuzz/large-stack.swift \
      "$modules/SousSupport.o" "$modules/SousLanguage.o" "$modules/SousChefData.o" "$modules/SousChefServer.o" \
      "$modules/csystem.o" -ldl $(pkg-config --libs libcurl openssl) -o "$build/fuzzer" 2>&1 | quiet
    ;;
  *) echo "unknown fuzz target $target (lexer-parser, json, config)" >&2; exit 2 ;;
esac

work=$(mktemp -d)
config_dir=$(mktemp -d)
trap 'rm -rf "$work" "$config_dir"' EXIT
export SOUS_FUZZ_CONFIG_DIR="$config_dir"
cp "fuzz/corpus/$target"/* "$work/" 2>/dev/null || true
cp "$learned"/* "$work/" 2>/dev/null || true
if [ "$target" = lexer-parser ]; then
  find Tests/Fixtures/differential -name '*.rb' | while read -r snippet; do cp "$snippet" "$work/$(echo "$snippet" | tr / _)"; done
fi
if [ "$target" = config ]; then
  cp knife/knife.rb "$work/knife.rb"; cp knife/client.rb "$work/client.rb"
fi
rm -f "$artifacts"/*

# Leaks are findings, except for the config target: what a Ruby program makes can point
# at itself (an object in its own instance variable, a block that holds its binding), and
# the interpreter, like Ruby's, lives for the whole process; the config target dismantles
# each interpreter's world, and -rss_limit_mb still stops one that grows without end.
leaks=1
[ "$target" = config ] && leaks=0
export ASAN_OPTIONS="detect_leaks=$leaks"

echo "Fuzzing $target for $seconds seconds..."
status=0
"$build/fuzzer" "$work" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=4096 -detect_leaks="$leaks" \
  -artifact_prefix="$artifacts/" -print_final_stats=1 > "$build/fuzz.log" 2>&1 || status=$?
grep -E '^(#[0-9]+ +(INITED|DONE)|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|SUMMARY)|[Cc]rash' "$build/fuzz.log" || true

"$build/fuzzer" -merge=1 "$learned" "$work" >/dev/null 2>&1 || true
findings=$(ls "$artifacts" 2>/dev/null | wc -l)
if [ "$status" -ne 0 ] || [ "$findings" -ne 0 ]; then
  echo "The $target fuzzer found something (exit status $status, $findings input(s) in $artifacts/); the end of its log:"
  tail -30 "$build/fuzz.log"
  exit 1
fi
echo "No finding in $seconds s of $target. Learned corpus: $(ls "$learned" | wc -l) inputs in $learned."
