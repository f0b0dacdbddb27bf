#!/bin/bash
# sous verify's load generator against wrk (Debian's), in the same run, on the same target:
# HAProxy on a free loopback port answering every request itself (`http-request return`),
# started here and stopped by PID at the end. Each round, wrk runs for DURATION seconds at
# CONCURRENCY connections on 2 threads; then sous sends exactly as many requests at the same
# concurrency (a `load` in a spec file; sous also uses one thread per core). Both must have
# had every answer a 200 and no socket error, and sous must report the same number of
# requests. Prints each side's requests per second and p99, and sous's share of wrk's rate.
# Goal: at least 0.8.
#
#   bench/load-generator.sh [SOUS_BINARY]   (ROUNDS=N default 3, CONCURRENCY=C default 16,
#                                            DURATION=S default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
sous="${1:-.build/release/sous}"
case "$sous" in /*) ;; *) sous="$PWD/$sous" ;; esac
[ -x "$sous" ] || { echo "no sous binary at $sous (run make build-release)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
rounds="${ROUNDS:-3}"
concurrency="${CONCURRENCY:-16}"
duration="${DURATION:-5}"
state=$(mktemp -d)
haproxy_pid=""
trap '[ -n "$haproxy_pid" ] && kill "$haproxy_pid" 2>/dev/null; rm -rf "$state"' EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$state/haproxy.cfg" <<CONFIG
global
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend static
  bind 127.0.0.1:$port
  http-request return status 200 content-type text/plain string "hello world"
CONFIG
haproxy -f "$state/haproxy.cfg" -db >"$state/haproxy.log" 2>&1 &
haproxy_pid=$!
for _ in $(seq 100); do  # ready when it answers (bounded: 10 s)
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  kill -0 "$haproxy_pid" 2>/dev/null || { echo "FAILED: haproxy did not start:" >&2; cat "$state/haproxy.log" >&2; exit 1; }
  sleep 0.1
done

mkdir -p "$state/spec"
cat > "$state/spec/load_spec.rb" <<'SPEC'
describe 'the static answer' do
  it 'takes the load' do
    result = load(http("http://127.0.0.1:#{ENV.fetch('LOAD_PORT')}/"), requests: ENV.fetch('LOAD_REQUESTS').to_i,
                  concurrency: ENV.fetch('LOAD_CONCURRENCY').to_i)
    File.write(ENV.fetch('LOAD_OUT'), "#{result.requests} #{result.failures} #{result.rps} #{result.p99}\n")
    expect(result.failures).to eq(0)
  end
end
SPEC

# wrk's p99 from its --latency table, in milliseconds.
milliseconds() {
  case "$1" in
    *us) awk -v v="${1%us}" 'BEGIN { printf "%.3f", v / 1000 }' ;;
    *ms) awk -v v="${1%ms}" 'BEGIN { printf "%.3f", v }' ;;
    *s) awk -v v="${1%s}" 'BEGIN { printf "%.3f", v * 1000 }' ;;
  esac
}

ratios=()
printf "%-6s %12s %10s %12s %10s %8s\n" round "wrk req/s" "wrk p99" "sous req/s" "sous p99" ratio
for round in $(seq "$rounds"); do
  wrk -t2 -c"$concurrency" -d"${duration}s" --latency "http://127.0.0.1:$port/" >"$state/wrk.txt"
  total=$(awk '/requests in/ { print $1 }' "$state/wrk.txt")
  wrk_rate=$(awk '/^Requests\/sec:/ { print $2 }' "$state/wrk.txt")
  wrk_p99=$(milliseconds "$(awk '$1 == "99%" { print $2 }' "$state/wrk.txt")")
  if grep -qE "Non-2xx|Socket errors" "$state/wrk.txt"; then echo "FAILED: wrk had errors:" >&2; cat "$state/wrk.txt" >&2; exit 1; fi
  (cd "$state" && LOAD_PORT=$port LOAD_REQUESTS=$total LOAD_CONCURRENCY=$concurrency LOAD_OUT="$state/sous.txt" \
    "$sous" verify --format progress >"$state/verify.txt" 2>&1) \
    || { echo "FAILED: sous verify:" >&2; cat "$state/verify.txt" >&2; exit 1; }
  read -r sous_requests sous_failures sous_rate sous_p99 <"$state/sous.txt"
  [ "$sous_requests" = "$total" ] && [ "$sous_failures" = 0 ] \
    || { echo "FAILED: sous sent $sous_requests requests ($sous_failures failed), wrk $total" >&2; exit 1; }
  ratio=$(awk -v s="$sous_rate" -v w="$wrk_rate" 'BEGIN { printf "%.2f", s / w }')
  ratios+=("$ratio")
  printf "%-6s %12.0f %8sms %12.0f %8.3fms %8s\n" "$round" "$wrk_rate" "$wrk_p99" "$sous_rate" \
    "$(awk -v p="$sous_p99" 'BEGIN { printf "%.3f", p * 1000 }')" "$ratio"
done
median=$(printf "%s\n" "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
echo "requests: $total per round, both sides; concurrency $concurrency"
echo "sous/wrk requests per second (median of $rounds): $median (goal: at least 0.8)"
