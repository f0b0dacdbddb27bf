#!/bin/bash
# Whole-process speed of a signed Chef server request: `sous knife raw /nodes` against the
# same request made by Ruby with mixlib-authentication and Net::HTTP (what knife does
# underneath, without knife's own start-up), each process started fresh, on a goiardi this
# script starts on a free loopback port (and stops, by PID, when it ends). Prints the time per
# request for each and the ratio sous/ruby, for protocols 1.1 and 1.3.
#
#   bench/chef-server-requests.sh [SOUS_BINARY]   (default .build/release/sous; ROUNDS=N, default 50)
set -euo pipefail
cd "$(dirname "$0")/.."
sous="${1:-.build/release/sous}"
case "$sous" in /*) ;; *) sous="$PWD/$sous" ;; esac
[ -x "$sous" ] || { echo "no sous binary at $sous (run make build-release)" >&2; exit 1; }
rounds="${ROUNDS:-50}"
state=$(mktemp -d)
export SOUS_CHEF_SERVER_DIR="$state"
trap 'knife/chef-server stop >/dev/null; rm -rf "$state"' EXIT
knife/chef-server start >/dev/null
url=$(knife/chef-server url)
ruby_client="$PWD/Tests/Fixtures/chef-server/request_with_ruby.rb"

# Nanoseconds for `rounds` runs of a command.
time_runs() {
  local start end
  start=$(date +%s%N)
  for ((i = 0; i < rounds; i++)); do "$@" >/dev/null; done
  end=$(date +%s%N)
  echo $((end - start))
}

printf '%-10s %14s %14s %8s\n' protocol "sous ms/req" "ruby ms/req" ratio
for version in 1.1 1.3; do
  cat > "$state/knife.rb" <<CONFIG
node_name 'admin'
client_key '$state/conf/admin.pem'
chef_server_url '$url'
authentication_protocol_version '$version'
CONFIG
  # One of each first, so that a failure shows instead of a timing: both must get 200 and
  # the same document.
  "$sous" knife raw /nodes -c "$state/knife.rb" > "$state/sous.json"
  ruby "$ruby_client" "$url" admin "$state/conf/admin.pem" GET /nodes "$version" > "$state/ruby.out"
  [ "$(head -1 "$state/ruby.out")" = 200 ] || { echo "FAILED: ruby's request answered $(head -1 "$state/ruby.out")" >&2; exit 1; }
  tail -n +2 "$state/ruby.out" > "$state/ruby.json"
  ruby -rjson -e 'exit(JSON.parse(File.read(ARGV[0])) == JSON.parse(File.read(ARGV[1])) ? 0 : 1)' "$state/sous.json" "$state/ruby.json" \
    || { echo "FAILED: sous and ruby read different answers" >&2; exit 1; }
  # Alternate which side goes first.
  if [ "$version" = 1.1 ]; then
    s=$(time_runs "$sous" knife raw /nodes -c "$state/knife.rb")
    r=$(time_runs ruby "$ruby_client" "$url" admin "$state/conf/admin.pem" GET /nodes "$version")
  else
    r=$(time_runs ruby "$ruby_client" "$url" admin "$state/conf/admin.pem" GET /nodes "$version")
    s=$(time_runs "$sous" knife raw /nodes -c "$state/knife.rb")
  fi
  awk -v s="$s" -v r="$r" -v n="$rounds" -v v="$version" \
    'BEGIN { printf "%-10s %14.1f %14.1f %8.3f\n", v, s / n / 1e6, r / n / 1e6, s / r }'
done
