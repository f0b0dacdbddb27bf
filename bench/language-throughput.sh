#!/bin/bash
# The recipe language's speed at work, against Ruby: eight programs under bench/language/,
# each run by `ruby` and by `sous apply` in the same run, alternating which goes first, the
# best of ROUNDS (default 3) kept for each. Both sides must print the same output and exit
# 0, every time, or the bench fails. Prints each time and the ratio sous/ruby (goal: no
# program over 1.0).
#
#   bench/language-throughput.sh [SOUS_BINARY]     (default .build/release/sous; `make bench`)
#
# recipe.rb is the one program Ruby cannot run as it is (Chef is not installed): Ruby runs
# recipe_stand_in.rb, the same resources through a small resource DSL that prints what
# chef-client's formatter prints under why-run, and sous runs recipe.rb with --why-run.
set -euo pipefail
cd "$(dirname "$0")/.."
sous="${1:-.build/release/sous}"
case "$sous" in /*) ;; *) sous="$PWD/$sous" ;; esac
[ -x "$sous" ] || { echo "no sous binary at $sous (run make build-release)" >&2; exit 1; }
rounds="${ROUNDS:-3}"
programs=(calls while_loop collections strings text_processing template node_attributes recipe)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs one side once; prints its wall time in nanoseconds. Its output goes to $work/NAME.out.
run_side() {
  local label="$1"; shift
  local start end status=0
  start=$(date +%s%N)
  "$@" > "$work/$label.out" 2> "$work/$label.err" || status=$?
  end=$(date +%s%N)
  if [ "$status" -ne 0 ]; then
    echo "FAILED: $label exited $status: $*" >&2
    tail -5 "$work/$label.err" >&2
    exit 1
  fi
  echo $((end - start))
}

printf '%-18s %10s %10s %8s\n' program ruby_s sous_s ratio
worst=0
for program in "${programs[@]}"; do
  file="bench/language/$program.rb"
  if [ "$program" = recipe ]; then
    ruby_command=(ruby bench/language/recipe_stand_in.rb)
    sous_command=("$sous" apply --why-run "$file")
  else
    ruby_command=(ruby "$file")
    sous_command=("$sous" apply "$file")
  fi
  best_ruby="" best_sous=""
  for ((round = 1; round <= rounds; round++)); do
    if ((round % 2)); then
      r=$(run_side ruby "${ruby_command[@]}"); s=$(run_side sous "${sous_command[@]}")
    else
      s=$(run_side sous "${sous_command[@]}"); r=$(run_side ruby "${ruby_command[@]}")
    fi
    if ! cmp -s "$work/ruby.out" "$work/sous.out"; then
      echo "FAILED: $program printed different output under ruby and sous:" >&2
      diff "$work/ruby.out" "$work/sous.out" | head -10 >&2
      exit 1
    fi
    if [ -z "$best_ruby" ] || [ "$r" -lt "$best_ruby" ]; then best_ruby=$r; fi
    if [ -z "$best_sous" ] || [ "$s" -lt "$best_sous" ]; then best_sous=$s; fi
  done
  ratio=$(awk -v s="$best_sous" -v r="$best_ruby" 'BEGIN { printf "%.2f", s / r }')
  printf '%-18s %10.3f %10.3f %8s\n' "$program" "$(awk -v n="$best_ruby" 'BEGIN { print n / 1e9 }')" \
    "$(awk -v n="$best_sous" 'BEGIN { print n / 1e9 }')" "$ratio"
  worst=$(awk -v a="$worst" -v b="$ratio" 'BEGIN { print (b > a) ? b : a }')
done
echo "worst ratio sous/ruby: $worst (goal: at most 1.0)"
