#!/bin/bash
# The hello cluster from nothing to serving through its load balancer: this chef-repo
# uploaded to a goiardi of the bench's own, cookbooks/hello_cluster/recipes/cluster.rb run on
# a local cluster of its own (PostgreSQL, two web nodes, HAProxy), then run again with
# nothing to do. Prints the time of each machine's stages (allocate, ready, setup, converge),
# the whole cold run and the second run, beside Test Kitchen's published 64 s for one
# instance (`kitchen test`, cached images). Goals: under 30 s cold, under 2 s with nothing to
# do. The bench fails if a run fails, if the load balancer does not answer `hello world`, or
# if the second run changes anything. It destroys what it made (then removes leftovers by
# the exact names of its cluster) and stops its server. Needs root.
#
#   bench/hello-cluster.sh [SOUS_BINARY]    (default .build/release/sous)
set -euo pipefail
cd "$(dirname "$0")/.."
sous="${1:-.build/release/sous}"
case "$sous" in /*) ;; *) sous="$PWD/$sous" ;; esac
[ -x "$sous" ] || { echo "no sous binary at $sous (run make build-release)" >&2; exit 1; }
work=$(mktemp -d)
cluster="bh$$"
export SOUS_CHEF_SERVER_DIR="$work/server" SOUS_LOCAL_STATE="$work/state" HELLO_CLUSTER="$cluster" HELLO_PREFIX="$cluster-"
machines=("$cluster-db" "$cluster-web1" "$cluster-web2" "$cluster-lb")
cleanup() {
  "$sous" -c "$work/knife.rb" cookbooks/hello_cluster/recipes/destroy.rb >/dev/null 2>&1 || true
  for pid in $(pgrep -f "local-machine-init .*--pid-file $work/state/" || true); do kill -9 "$pid" 2>/dev/null || true; done
  for namespace in $(ip netns list | awk '{print $1}' | grep "^sous\.$cluster\." || true); do ip netns del "$namespace" || true; done
  for link in /sys/class/net/*; do
    alias=$(cat "$link/ifalias" 2>/dev/null || true)
    [[ "$alias" == "sous-local $cluster" || "$alias" == "sous-local $cluster/"* ]] && ip link del "$(basename "$link")" 2>/dev/null || true
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
"$sous" knife upload --chef-repo-path . roles environments data_bags cookbooks -c "$work/knife.rb" >/dev/null

start=$(date +%s%N)
python3 bench/reference/stamp_lines.py "$work/cold.log" "$sous" -l debug -c "$work/knife.rb" cookbooks/hello_cluster/recipes/cluster.rb \
  || { echo "FAILED: the cold run failed:" >&2; tail -20 "$work/cold.log" >&2; exit 1; }
end=$(date +%s%N)
cold=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }')
answer=$(SOUS="$sous" knife/hello-get -c "$work/knife.rb" --wait 10) \
  || { echo "FAILED: the load balancer did not answer: $answer" >&2; exit 1; }
[[ "$answer" == *": hello world (from $cluster-web"* ]] || { echo "FAILED: unexpected answer: $answer" >&2; exit 1; }

start=$(date +%s%N)
"$sous" -c "$work/knife.rb" cookbooks/hello_cluster/recipes/cluster.rb > "$work/again.log" 2>&1 \
  || { echo "FAILED: the second run failed:" >&2; tail -20 "$work/again.log" >&2; exit 1; }
end=$(date +%s%N)
again=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }')
grep -q "Infra Phase complete, 0/4 resources updated" "$work/again.log" \
  || { echo "FAILED: the second run changed something:" >&2; tail -20 "$work/again.log" >&2; exit 1; }

echo "hello cluster (db, web1, web2, lb on local machines), from nothing to serving through lb"
python3 bench/reference/stage_times.py "$work/cold.log" "${machines[@]}"
awk -v c="$cold" -v a="$again" 'BEGIN {
  printf "%-44s %8.2f s  (goal: under 30; Test Kitchen: 64 s for one instance, %.1fx)\n", "cold, whole run:", c, 64 / c
  printf "%-44s %8.2f s  (goal: under 2)\n", "again, nothing to do:", a
}'
echo "$answer"
