#!/bin/bash
# Cookbook upload and sync against goiardi (started here on a free loopback port, stopped by
# PID at the end): 20 cookbooks of 50 files each.
# - Upload: `sous knife cookbook upload --all` against the same upload done by Ruby with
#   mixlib-authentication and Net::HTTP, one request after another as knife's uploader does
#   (bench/reference/upload_cookbooks_with_ruby.rb). Each side uploads cookbooks of its own
#   (the file store is shared by content, so neither finds the other's files), the side that
#   goes first alternates, and every cookbook of both is read back afterwards: each must
#   list its 50 files. Goal: Ruby's time at least 3 times sous's.
# - Sync: `sous client` of a role naming sous's 20 cookbooks, with an empty cache (1,000
#   files down) and again with nothing changed. Goal: under 0.3 s with nothing changed.
#
#   bench/cookbook-sync.sh [SOUS_BINARY]   (default .build/release/sous; ROUNDS=N, default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
sous="${1:-.build/release/sous}"
case "$sous" in /*) ;; *) sous="$PWD/$sous" ;; esac
[ -x "$sous" ] || { echo "no sous binary at $sous (run make build-release)" >&2; exit 1; }
rounds="${ROUNDS:-3}"
state=$(mktemp -d)
export SOUS_CHEF_SERVER_DIR="$state/server"
mkdir -p "$SOUS_CHEF_SERVER_DIR"
trap 'knife/chef-server stop >/dev/null; rm -rf "$state"' EXIT
knife/chef-server start >/dev/null
url=$(knife/chef-server url)
key="$state/server/conf/admin.pem"
printf "node_name 'admin'\nclient_key '%s'\nchef_server_url '%s'\n" "$key" "$url" > "$state/knife.rb"

seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }

# Uploads round N with fresh cookbooks for each side; sets s and r to each side's seconds.
upload_round() {
  local round=$1 start end
  ruby bench/reference/make_cookbooks.rb "$state/round$round/sous" "sous$round"
  ruby bench/reference/make_cookbooks.rb "$state/round$round/ruby" "ruby$round"
  run_sous() {
    start=$(date +%s%N)
    "$sous" knife cookbook upload --all -o "$state/round$round/sous" -c "$state/knife.rb" 2>"$state/sous-upload.log" \
      || { echo "FAILED: sous's upload:" >&2; cat "$state/sous-upload.log" >&2; exit 1; }
    end=$(date +%s%N); s=$(seconds "$start" "$end")
  }
  run_ruby() {
    start=$(date +%s%N)
    ruby bench/reference/upload_cookbooks_with_ruby.rb "$url" admin "$key" "$state/round$round/ruby"/* \
      || { echo "FAILED: ruby's upload" >&2; exit 1; }
    end=$(date +%s%N); r=$(seconds "$start" "$end")
  }
  if [ $((round % 2)) = 1 ]; then run_sous; run_ruby; else run_ruby; run_sous; fi
}

# Both sides' cookbooks of a round, read back by Ruby: each must list its 50 files.
check_round() {
  local round=$1
  for side in sous ruby; do
    for cookbook in "$state/round$round/$side"/*; do
      name=$(basename "$cookbook")
      count=$(ruby Tests/Fixtures/chef-server/request_with_ruby.rb "$url" admin "$key" GET "cookbooks/$name/1.0.0" | tail -n +2 |
        ruby -rjson -e 'd = JSON.parse(STDIN.read); puts %w[resources providers recipes definitions libraries attributes files templates root_files].sum { |s| (d[s] || []).size }')
      [ "$count" = 50 ] || { echo "FAILED: $side's $name has $count files on the server, not 50" >&2; exit 1; }
    done
  done
}

echo "upload of 20 cookbooks x 50 files (seconds; ratio = ruby/sous, goal at least 3)"
printf '%-8s %10s %10s %8s\n' round sous ruby ratio
total_s=0; total_r=0
for round in $(seq "$rounds"); do
  upload_round "$round"
  check_round "$round"
  printf '%-8s %10s %10s %8.2f\n' "$round" "$s" "$r" "$(awk -v s="$s" -v r="$r" 'BEGIN { print r / s }')"
  total_s=$(awk -v a="$total_s" -v b="$s" 'BEGIN { print a + b }'); total_r=$(awk -v a="$total_r" -v b="$r" 'BEGIN { print a + b }')
done
printf '%-8s %10.3f %10.3f %8.2f\n' all "$total_s" "$total_r" "$(awk -v s="$total_s" -v r="$total_r" 'BEGIN { print r / s }')"

# Sync: a role naming round 1's sous cookbooks, converged by a node with its own cache.
run_list=$(for i in $(seq -f '%02g' 0 19); do printf '"recipe[sous1-cb%s]",' "$i"; done)
printf '{"name": "bench-all", "run_list": [%s], "json_class": "Chef::Role", "chef_type": "role"}' "${run_list%,}" > "$state/role.json"
"$sous" knife role from file "$state/role.json" -c "$state/knife.rb" >/dev/null
cat > "$state/client.rb" <<CONFIG
node_name 'bench-node'
chef_server_url '$url'
client_key '$state/bench-node.pem'
validation_client_name 'chef-validator'
validation_key '$state/server/conf/chef-validator.pem'
file_cache_path '$state/cache'
CONFIG
sync() {
  local start end
  start=$(date +%s%N)
  "$sous" client -c "$state/client.rb" -o 'role[bench-all]' -l info > "$state/sync.out" 2> "$state/sync.err" \
    || { echo "FAILED: sous client:" >&2; cat "$state/sync.out" "$state/sync.err" >&2; exit 1; }
  end=$(date +%s%N)
  seconds "$start" "$end"
}
first=$(sync)
stored=$(grep -c 'Storing updated' "$state/sync.err" || true)
[ "$stored" = 1000 ] || { echo "FAILED: the first sync stored $stored files, not 1000" >&2; exit 1; }
again=$(sync)
stored=$(grep -c 'Storing updated' "$state/sync.err" || true)
[ "$stored" = 0 ] || { echo "FAILED: the sync with nothing changed stored $stored files" >&2; exit 1; }
echo "sync of 20 cookbooks x 50 files by sous client (whole run, seconds)"
printf '  empty cache:      %s (1,000 files downloaded)\n' "$first"
printf '  nothing changed:  %s (goal: under 0.3)\n' "$again"
