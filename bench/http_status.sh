#!/usr/bin/env bash
# GET /v1/jobs/{id} throughput and p99 with wrk at 64 connections: syncreel against
# nginx serving the same JSON body as a static file (the ceiling for an HTTP server on
# this machine). Both run in this one run, one after the other, on loopback.
#
#   bench/http_status.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
bin=build/src/cli/syncreel
[ -x "$bin" ] || { echo "build first: scripts/build.sh" >&2; exit 1; }
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx (scripts/install-deps.sh)" >&2; exit 1; }

work=$(mktemp -d)
cleanup() {
  [ -n "${svc_pid:-}" ] && kill "$svc_pid" 2>/dev/null && wait "$svc_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# syncreel with one published job.
"$bin" serve --listen 127.0.0.1:0 --data "$work/data" 2>"$work/serve.log" &
svc_pid=$!
for _ in $(seq 200); do grep -q "listening on" "$work/serve.log" 2>/dev/null && break; sleep 0.05; done
port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve.log" | head -1)
key=$("$bin" keys create --role user --data "$work/data" 2>/dev/null)
auth="Authorization: Bearer $key"
id=$(curl -sf -H "$auth" -H 'Content-Type: application/json' \
  -d '{"prompt":"A lighthouse at dawn","style":"cinematic","duration_sec":5,"resolution":"360p","consent":true}' \
  "http://127.0.0.1:$port/v1/generate" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
for _ in $(seq 600); do
  status=$(curl -sf -H "$auth" "http://127.0.0.1:$port/v1/jobs/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  [ "$status" = published ] && break; sleep 0.1
done
curl -sf -H "$auth" "http://127.0.0.1:$port/v1/jobs/$id" > "$work/job.json"

# nginx serving the same bytes.
nport=$(free_port)
mkdir -p "$work/www"
cp "$work/job.json" "$work/www/job.json"
cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$nport; root $work/www; }
}
CONF
nginx -c "$work/nginx.conf"
sleep 0.3

run_wrk() { wrk -t2 -c64 -d"${secs}s" --latency "$@" 2>&1; }
parse() {  # prints "requests/s p99_ms"
  awk '/Requests\/sec/ {rps=$2}
       /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
       END {print rps, p99}'
}
echo "body: $(wc -c < "$work/job.json") bytes of job JSON; wrk -t2 -c64 -d${secs}s"
read -r s_rps s_p99 < <(run_wrk -H "$auth" "http://127.0.0.1:$port/v1/jobs/$id" | parse)
read -r n_rps n_p99 < <(run_wrk "http://127.0.0.1:$nport/job.json" | parse)
printf '  %-10s %10s req/s  p99 %7s ms\n' syncreel "$s_rps" "$s_p99" nginx "$n_rps" "$n_p99"
python3 - "$s_rps" "$n_rps" "$s_p99" <<'PY'
import sys
s, n, p99 = map(float, sys.argv[1:])
ratio = s / n
print(f"  ratio syncreel/nginx {ratio:.2f}  (goal >= 0.50: {'met' if ratio >= 0.5 else 'NOT met'});"
      f" syncreel p99 {p99:.2f} ms (goal <= 10: {'met' if p99 <= 10 else 'NOT met'})")
PY
