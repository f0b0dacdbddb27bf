#!/bin/bash
# machine_batch through setup, against sshds in network namespaces (each with a private
# /etc): batches of 1, 4 and 16 fresh machines, then the same 16 again with nothing to do.
# Prints the wall time of each and the ratio to the single machine (goal: 16 machines in
# less than 2x the time of one). A first batch of one machine of its own warms everything up
# (the server, the page cache, sous's binary) and is not counted, so the single machine is not
# the only cold run. Every run must succeed and say what it did: each fresh batch that it
# updated its one resource, the run again that it changed nothing; otherwise the bench fails.
# Starts its own goiardi and machines, and removes them.
#
#   bench/machine-batch-setup.sh [SOUS_BINARY]    (default .build/release/sous; needs root)
#   PROFILE=1 ...   also prints each run's CPU time;  PERF=1 ...   profiles the host during the 16-machine run;
#   TIMELINE=1 ...  prints the 16-machine run's lines with the milliseconds since it started
set -euo pipefail
cd "$(dirname "$0")/.."
sous="${1:-.build/release/sous}"
case "$sous" in /*) ;; *) sous="$PWD/$sous" ;; esac
[ -x "$sous" ] || { echo "no sous binary at $sous (run make build-release)" >&2; exit 1; }
work=$(mktemp -d)
machines=()
export SOUS_CHEF_SERVER_DIR="$work/server"
cleanup() {
  for machine in "${machines[@]}"; do Tests/Fixtures/ssh/sshd-in-namespace stop "$work/$machine" "$machine" || true; done
  knife/chef-server stop >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
knife/chef-server start >/dev/null
url=$(knife/chef-server url)
cat > "$work/knife.rb" <<CONFIG
node_name 'admin'
client_key '$work/server/conf/admin.pem'
chef_server_url '$url'
CONFIG
ssh-keygen -q -t ed25519 -N '' -f "$work/client_ed25519"

# 22 machines: 1 to warm up, then 1 + 4 + 16, each batch on machines it has never seen.
for index in $(seq 1 22); do
  name="sb$$x$index"
  mkdir -p "$work/$name"
  cp "$work/client_ed25519" "$work/client_ed25519.pub" "$work/$name/"
  Tests/Fixtures/ssh/sshd-in-namespace start "$work/$name" "$name" $$
  machines+=("$name")
done

# A recipe with a machine_batch of machines FIRST..LAST (indexes into machines).
recipe() {
  local first=$1 last=$2
  echo "with_driver 'ssh'"
  echo "machine_batch 'bench' do"
  echo "  action :setup"
  for ((i = first; i <= last; i++)); do
    local name="${machines[$((i - 1))]}"
    cat <<MACHINE
  machine '$name' do
    machine_options transport_options: { 'ip_address' => '$(cat "$work/$name/address")', username: 'root',
      ssh_options: { keys: ['$work/client_ed25519'], keys_only: true, verify_host_key: :accept_new,
                     user_known_hosts_file: '$work/known_hosts' } }, convergence_options: { strategy: 'none' }
  end
MACHINE
  done
  echo "end"
}

busy_ticks() { # CPU time spent by every process on the host so far, in clock ticks
  awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat
}

seconds() { # runs a recipe file and prints its wall time (CPU time of sous goes to stderr)
  local start end
  start=$(date +%s%N)
  if [[ -n "${PERF:-}" && "$1" == *sixteen.rb ]]; then
    perf record -a -o "$work/perf.data" "$sous" -c "$work/knife.rb" "$1" >"$1.log" 2>&1 || { cat "$1.log" >&2; exit 1; }
    perf report -i "$work/perf.data" --no-children --sort comm 2>/dev/null | grep -v "^#" | grep -v "^$" | head -12 >&2
    perf report -i "$work/perf.data" --no-children --sort comm,symbol 2>/dev/null | grep -v "^#" | grep -v "^$" | head -25 >&2
  elif [[ -n "${TIMELINE:-}" && "$1" == *sixteen.rb ]]; then
    "$sous" -c "$work/knife.rb" "$1" 2>&1 | tee "$1.log" | while IFS= read -r line; do
      printf '%6d ms %s\n' $((($(date +%s%N) - start) / 1000000)) "$line"; done >&2
  elif [[ -n "${PROFILE:-}" ]]; then
    local busy_before; busy_before=$(busy_ticks)
    /usr/bin/time -f "$(basename "$1"): %e s wall, %U s user, %S s system (sous alone)" "$sous" -c "$work/knife.rb" "$1" >"$1.log" 2>"$1.err" \
      || { cat "$1.log" "$1.err" >&2; exit 1; }
    echo "$(tail -1 "$1.err"); the host's CPUs were busy $(awk -v t=$(($(busy_ticks) - busy_before)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }') s" >&2
  else
    "$sous" -c "$work/knife.rb" "$1" >"$1.log" 2>&1 || { cat "$1.log" >&2; exit 1; }
  fi
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

# The run's own account of what it did must be what the bench asked for.
expect_summary() { # RECIPE SUMMARY
  grep -q "Infra Phase complete, $2 resources updated" "$1.log" \
    || { echo "FAILED: $(basename "$1") did not end with \"$2 resources updated\":" >&2; tail -5 "$1.log" >&2; exit 1; }
}

recipe 22 22 > "$work/warm-up.rb"; seconds "$work/warm-up.rb" > /dev/null; expect_summary "$work/warm-up.rb" 1/1
recipe 1 1 > "$work/one.rb"; one=$(seconds "$work/one.rb"); expect_summary "$work/one.rb" 1/1
recipe 2 5 > "$work/four.rb"; four=$(seconds "$work/four.rb"); expect_summary "$work/four.rb" 1/1
recipe 6 21 > "$work/sixteen.rb"; sixteen=$(seconds "$work/sixteen.rb"); expect_summary "$work/sixteen.rb" 1/1
again=$(seconds "$work/sixteen.rb"); expect_summary "$work/sixteen.rb" 0/1
printf '%-28s %10s %10s\n' "machine_batch through setup" seconds "x one"
for row in "1 machine:$one" "4 machines:$four" "16 machines:$sixteen" "16 machines, nothing to do:$again"; do
  label="${row%%:*}" value="${row##*:}"
  awk -v l="$label" -v v="$value" -v o="$one" 'BEGIN { printf "%-28s %10.3f %10.2f\n", l, v, v / o }'
done
