#!/bin/bash
# Whole-process speed of the recipe language against Ruby: runs every snippet of the
# differential corpus through `ruby` and through `sous apply`, and prints the total wall time of
# each and the ratio sous/ruby (goal: at most 0.25); then `sous --version` alone, whole
# process (goal: at most 3 ms), and the peak memory of each side (GNU time's maximum
# resident set size).
#
#   bench/language-startup.sh [SOUS_BINARY]     (default .build/release/sous; `make bench`)
set -euo pipefail
cd "$(dirname "$0")/.."
sous="${1:-.build/release/sous}"
case "$sous" in /*) ;; *) sous="$PWD/$sous" ;; esac
[ -x "$sous" ] || { echo "no sous binary at $sous (run make build-release)" >&2; exit 1; }
rounds="${ROUNDS:-3}"
mapfile -t snippets < <(find Tests/Fixtures/differential -name '*.rb' | sort)
[ "${#snippets[@]}" -gt 0 ] || { echo "no snippets under Tests/Fixtures/differential" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Total nanoseconds to run every snippet once with the given command, output discarded.
run_all() {
  local start end
  start=$(date +%s%N)
  for snippet in "${snippets[@]}"; do
    (cd "$work" && "$@" "$OLDPWD/$snippet" >/dev/null 2>&1) || true
    rm -rf "${work:?}"/*
  done
  end=$(date +%s%N)
  echo $((end - start))
}

ruby_total=0 sous_total=0
for ((round = 1; round <= rounds; round++)); do
  # Alternate the order so neither side always runs with warmer caches.
  if ((round % 2)); then
    r=$(run_all ruby --disable-error_highlight --disable-did_you_mean); s=$(run_all "$sous" apply)
  else
    s=$(run_all "$sous" apply); r=$(run_all ruby --disable-error_highlight --disable-did_you_mean)
  fi
  ruby_total=$((ruby_total + r)); sous_total=$((sous_total + s))
done

awk -v n="${#snippets[@]}" -v rounds="$rounds" -v r="$ruby_total" -v s="$sous_total" 'BEGIN {
  printf "%d snippets x %d rounds, whole process each\n", n, rounds
  printf "ruby:  %7.3f s total, %6.2f ms per snippet\n", r / 1e9, r / 1e6 / n / rounds
  printf "sous:  %7.3f s total, %6.2f ms per snippet\n", s / 1e9, s / 1e6 / n / rounds
  printf "ratio sous/ruby: %.3f (goal: at most 0.25)\n", s / r
}'

# `sous --version` alone: the floor of every start.
version_runs=200
start=$(date +%s%N)
for ((i = 0; i < version_runs; i++)); do "$sous" --version > /dev/null; done
end=$(date +%s%N)
# Peak memory (KiB) of one whole process.
peak() { /usr/bin/time -f '%M' "$@" 2>&1 > /dev/null | tail -1; }
sample="${snippets[0]}"
awk -v ns=$((end - start)) -v runs="$version_runs" 'BEGIN {
  printf "sous --version: %.2f ms per whole process (goal: at most 3 ms)\n", ns / 1e6 / runs
}'
printf 'peak memory: sous --version %s KiB; a snippet (%s): sous apply %s KiB, ruby %s KiB\n' \
  "$(peak "$sous" --version)" "${sample#Tests/Fixtures/differential/}" \
  "$(cd "$work" && peak "$sous" apply "$OLDPWD/$sample")" \
  "$(cd "$work" && peak ruby --disable-error_highlight --disable-did_you_mean "$OLDPWD/$sample")"
