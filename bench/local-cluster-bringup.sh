#!/bin/bash
# The local driver from nothing to setup: machine_batches of 1, 4, 16 and 32 machines, each
# in a fresh cluster, then the 4 again with nothing to do. Prints the wall time of each and
# the ratio to the single machine. Goals: 4 machines under 5 s; 32 under 4x one; the no-op
# run of 4 under 1 s. A cluster of one machine of its own runs first, uncounted, to warm up;
# every run must succeed and report what it did (fresh batches one resource updated, the run
# again none), or the bench fails. Starts its own goiardi and state folder, and removes what
# it made (destroy, then by the exact names of its clusters). Needs root.
#
#   bench/local-cluster-bringup.sh [SOUS_BINARY]    (default .build/release/sous)
set -euo pipefail
cd "$(dirname "$0")/.."
sous="${1:-.build/release/sous}"
case "$sous" in /*) ;; *) sous="$PWD/$sous" ;; esac
[ -x "$sous" ] || { echo "no sous binary at $sous (run make build-release)" >&2; exit 1; }
work=$(mktemp -d)
export SOUS_CHEF_SERVER_DIR="$work/server" SOUS_LOCAL_STATE="$work/state"
clusters=(b$$w1 b$$n1 b$$n4 b$$n16 b$$n32)
cleanup() {
  for cluster in "${clusters[@]}"; do
    [ -f "$work/destroy-$cluster.rb" ] && "$sous" -c "$work/knife.rb" "$work/destroy-$cluster.rb" >/dev/null 2>&1 || true
  done
  # Whatever destroy left: inits by PID, links and namespaces by this run's cluster names.
  for pid in $(pgrep -f "local-machine-init .*--pid-file $work/state/" || true); do kill -9 "$pid" 2>/dev/null || true; done
  for cluster in "${clusters[@]}"; do
    for namespace in $(ip netns list | awk '{print $1}' | grep "^sous\.$cluster\." || true); do ip netns del "$namespace" || true; done
    for link in /sys/class/net/*; do
      alias=$(cat "$link/ifalias" 2>/dev/null || true)
      [[ "$alias" == "sous-local $cluster" || "$alias" == "sous-local $cluster/"* ]] && ip link del "$(basename "$link")" 2>/dev/null || true
    done
  done
  knife/chef-server stop >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
knife/chef-server start >/dev/null
cat > "$work/knife.rb" <<CONFIG
node_name 'admin'
client_key '$work/server/conf/admin.pem'
chef_server_url '$(knife/chef-server url)'
CONFIG

# A batch of COUNT machines in CLUSTER, to setup (no converge), and its destroy recipe.
recipe() {
  local cluster=$1 count=$2
  {
    echo "with_driver 'local:$cluster'"
    echo "machine_batch 'bench' do"
    for ((i = 1; i <= count; i++)); do echo "  machine '$cluster-m$i' do converge false end"; done
    echo "end"
  } > "$work/$cluster.rb"
  {
    echo "with_driver 'local:$cluster'"
    echo "machine_batch 'bench' do"
    echo "  machines $(for ((i = 1; i <= count; i++)); do printf "'%s-m%d', " "$cluster" "$i"; done | sed 's/, $//')"
    echo "  action :destroy"
    echo "end"
  } > "$work/destroy-$cluster.rb"
}

seconds() { # runs a recipe file and prints its wall time
  local start end
  start=$(date +%s%N)
  "$sous" -c "$work/knife.rb" "$1" >"$1.log" 2>&1 || { cat "$1.log" >&2; exit 1; }
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

# The run's own account of what it did must be what the bench asked for.
expect_summary() { # RECIPE SUMMARY
  grep -q "Infra Phase complete, $2 resources updated" "$1.log" \
    || { echo "FAILED: $(basename "$1") did not end with \"$2 resources updated\":" >&2; tail -5 "$1.log" >&2; exit 1; }
}

# A cluster of one machine of its own first, not counted: it warms the server, the page cache
# and sous's binary, so that the single machine below is not the only cold run.
recipe "${clusters[0]}" 1
seconds "$work/${clusters[0]}.rb" > /dev/null
expect_summary "$work/${clusters[0]}.rb" 1/1
declare -A times
for index in 1 2 3 4; do
  count=(0 1 4 16 32)
  recipe "${clusters[$index]}" "${count[$index]}"
  times[${count[$index]}]=$(seconds "$work/${clusters[$index]}.rb")
  expect_summary "$work/${clusters[$index]}.rb" 1/1
done
again=$(seconds "$work/${clusters[2]}.rb")
expect_summary "$work/${clusters[2]}.rb" 0/1
one=${times[1]}
printf "%-34s %10s %10s\n" "local machines, from nothing to setup" seconds "x one"
for row in "1 machine:${times[1]}" "4 machines:${times[4]}" "16 machines:${times[16]}" "32 machines:${times[32]}" \
           "4 machines again, nothing to do:$again"; do
  label="${row%%:*}" value="${row##*:}"
  awk -v l="$label" -v v="$value" -v o="$one" 'BEGIN { printf "%-34s %10.3f %10.2f\n", l, v, v / o }'
done
