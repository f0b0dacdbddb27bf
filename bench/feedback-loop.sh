#!/bin/bash
# The feedback loop: how long from saving a change to seeing it verified through the load
# balancer, with the hello cluster up under `sous watch --verify`. Works on a copy of this
# chef-repo and a Chef server of its own (goiardi on a free loopback port), both removed at
# the end with the cluster (local cluster `feedback`, machines fb-*, in environment dev).
# - The web cookbook's template: HELLO_RELEASE in hello_app's settings changed; the watch
#   uploads hello_app, converges the two web nodes (the others untouched), and runs a spec
#   that asks lb until every answer carries the new X-Hello-Release. Timed from the save to
#   the watch's line saying the specs passed. ROUNDS times (default 3).
# - A cookbook no machine uses (the demo's `hello`): uploaded, nothing converged.
# Goal: under 5 s from save to verified on this 2-core machine.
#
#   bench/feedback-loop.sh [SOUS_BINARY]   (needs root: the local driver)
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$PWD
sous="${1:-.build/release/sous}"
case "$sous" in /*) ;; *) sous="$PWD/$sous" ;; esac
[ -x "$sous" ] || { echo "no sous binary at $sous (run make build-release)" >&2; exit 1; }
rounds="${ROUNDS:-3}"
state=$(mktemp -d)
repo="$state/repo"
export SOUS_CHEF_SERVER_DIR="$state/server" HELLO_CLUSTER=feedback HELLO_PREFIX=fb-
mkdir -p "$SOUS_CHEF_SERVER_DIR" "$repo"
watch_pid=""
cleanup() {
  [ -n "$watch_pid" ] && kill -INT "$watch_pid" 2>/dev/null && wait "$watch_pid" 2>/dev/null
  (cd "$repo" && "$sous" -c "$state/knife.rb" -E dev cookbooks/hello_cluster/recipes/destroy.rb >"$state/destroy.log" 2>&1) \
    || { echo "destroy failed:" >&2; cat "$state/destroy.log" >&2; }
  "$checkout/knife/chef-server" stop >/dev/null
  rm -rf "$state"
}
trap cleanup EXIT
knife/chef-server start >/dev/null
url=$(knife/chef-server url)
printf "node_name 'admin'\nclient_key '%s'\nchef_server_url '%s'\n" "$state/server/conf/admin.pem" "$url" > "$state/knife.rb"
cp -r cookbooks roles environments data_bags spec "$repo/"
cat > "$repo/spec/release_spec.rb" <<'SPEC'
require 'spec_helper'

# Every answer through lb carries the release hello_app's template now says.
describe hello_server(:lb) do
  it 'answers with the release in the web cookbook' do
    wanted = File.read('cookbooks/hello_app/templates/default.erb')[/^HELLO_RELEASE=(.*)$/, 1]
    releases = Array.new(8) { hello_server(:lb).http('http://lb/').headers['X-Hello-Release'] }
    expect(releases.uniq).to eq([wanted])
  end
end
SPEC
cd "$repo"
"$sous" knife upload --chef-repo-path . roles environments data_bags cookbooks -c "$state/knife.rb" >"$state/upload.log" 2>&1 \
  || { echo "FAILED: upload" >&2; cat "$state/upload.log" >&2; exit 1; }
"$sous" -c "$state/knife.rb" -E dev cookbooks/hello_cluster/recipes/cluster.rb >"$state/up.log" 2>&1 \
  || { echo "FAILED: the cluster did not come up:" >&2; tail -20 "$state/up.log" >&2; exit 1; }

"$sous" watch -c "$state/knife.rb" -E dev cookbooks/hello_cluster/recipes/cluster.rb --verify --spec spec/release_spec.rb \
  >"$state/watch.log" 2>&1 &
watch_pid=$!
# A cycle is over when the watch prints its line: [HH:MM:SS] what: steps (N s).
lines() { grep -c '^\[' "$state/watch.log" || true; }
wait_for_line() {  # waits for line number $1 (bounded: 120 s)
  for _ in $(seq 6000); do
    [ "$(lines)" -ge "$1" ] && return 0
    kill -0 "$watch_pid" 2>/dev/null || { echo "FAILED: sous watch ended:" >&2; cat "$state/watch.log" >&2; exit 1; }
    sleep 0.02
  done
  echo "FAILED: sous watch printed no line $1 in 120 s:" >&2; cat "$state/watch.log" >&2; exit 1
}
wait_for_line 1
grep -q "passed" "$state/watch.log" || { echo "FAILED: the first verification did not pass:" >&2; cat "$state/watch.log" >&2; exit 1; }

times=()
expected=1
for round in $(seq "$rounds"); do
  expected=$((expected + 1))
  release="r$round-$(date +%s)"
  start=$(date +%s%N)
  sed -i "s/^HELLO_RELEASE=.*/HELLO_RELEASE=$release/" cookbooks/hello_app/templates/default.erb
  wait_for_line "$expected"
  end=$(date +%s%N)
  line=$(grep '^\[' "$state/watch.log" | tail -1)
  case "$line" in
    *"converged fb-web1, fb-web2;"*"passed: 1 example, 0 failures"*) ;;
    *) echo "FAILED: round $round: $line" >&2; cat "$state/watch.log" >&2; exit 1 ;;
  esac
  seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
  times+=("$seconds")
  echo "round $round: save to verified through lb in $seconds s"
  echo "  $line"
done

expected=$((expected + 1))
echo "# unused by the cluster" >> cookbooks/hello/recipes/default.rb
wait_for_line "$expected"
line=$(grep '^\[' "$state/watch.log" | tail -1)
case "$line" in
  *"uploaded hello; no machine uses it;"*"passed"*) echo "a cookbook no machine uses: uploaded, nothing converged"; echo "  $line" ;;
  *) echo "FAILED: the unused cookbook: $line" >&2; exit 1 ;;
esac
median=$(printf "%s\n" "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
echo "save to verified (median of $rounds): $median s (goal: under 5 s; Test Kitchen's converge and verify of one instance: about a minute)"
