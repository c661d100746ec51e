#!/usr/bin/env bash
# bench/http.sh — the same 8 KB page from nginx and from helsami's static
# handler, and helsami's rendered start page, measured with wrk on loopback,
# interleaved round by round so drift hits all three alike. Prints
# requests/s and p99 per round, the medians, and the ratios to nginx.
# Environment: ROUNDS (3), DURATION (10s), CONNECTIONS (64), THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-10s} CONNECTIONS=${CONNECTIONS:-64} THREADS=${THREADS:-2}
B=${B:-build}
BIN=${HELSAMI_BIN:-$B/helsami}
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "bench: needs wrk and nginx (scripts/install-deps.sh)"; exit 1; }
[ -x "$BIN" ] || { echo "bench: build first (make)"; exit 1; }

dir=$(mktemp -d /tmp/helsami-bench.XXXXXX)
chmod 755 "$dir"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# The 8 KB page: plain HTML, identical bytes for both servers.
mkdir -p "$dir/static"
cp "$B"/static/* "$dir/static/"
{
  echo '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body>'
  for i in $(seq 1 400); do printf '<p>line %03d of the page</p>\n' "$i"; done
} > "$dir/static/bench8k.html"
truncate -s 8192 "$dir/static/bench8k.html"

nginx_port=$(free_port)
cat > "$dir/nginx.conf" <<CONF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 1000000;
  open_file_cache max=100;
  open_file_cache_valid 60s;
  types { text/html html; }
  server { listen 127.0.0.1:$nginx_port; root $dir/static; }
}
CONF
nginx -c "$dir/nginx.conf" -g 'daemon off; user root;' &
pids+=($!)

"$BIN" migrate --db "sqlite:$dir/bench.db" >/dev/null 2>&1
helsami_port=$(free_port)
HELSAMI_LOG_LEVEL=warn "$BIN" serve --listen "127.0.0.1:$helsami_port" --db "sqlite:$dir/bench.db" \
  --static-dir "$dir/static" > "$dir/helsami.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
  curl -fso /dev/null "http://127.0.0.1:$nginx_port/bench8k.html" && curl -fso /dev/null "http://127.0.0.1:$helsami_port/static/bench8k.html" && break
  sleep 0.1
done

declare -A URL=(
  [nginx-static]="http://127.0.0.1:$nginx_port/bench8k.html"
  [helsami-static]="http://127.0.0.1:$helsami_port/static/bench8k.html"
  [helsami-start]="http://127.0.0.1:$helsami_port/"
)
ORDER=(nginx-static helsami-static helsami-start)
declare -A RPS P99

to_ms() { # wrk latency like 1.23ms, 456.00us, 1.02s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else printf "%.3f", v*1000 }'
}

echo "bench: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS interleaved rounds, $(nproc) cores shared by servers and wrk"
echo "bench: start page is $(curl -s "${URL[helsami-start]}" | wc -c) bytes; static page $(wc -c < "$dir/static/bench8k.html") bytes"
for round in $(seq "$ROUNDS"); do
  for name in "${ORDER[@]}"; do
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${URL[$name]}")
    if echo "$out" | grep -q 'Non-2xx'; then echo "bench: $name answered errors"; echo "$out"; exit 1; fi
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
    RPS[$name]+="$rps "; P99[$name]+="$p99 "
    printf 'round %d  %-15s %10.0f req/s  p99 %7.2f ms\n' "$round" "$name" "$rps" "$p99"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo
printf '%-15s %12s %10s %8s\n' "median" "req/s" "p99 ms" "x nginx"
base=$(echo "${RPS[nginx-static]}" | median)
for name in "${ORDER[@]}"; do
  r=$(echo "${RPS[$name]}" | median); p=$(echo "${P99[$name]}" | median)
  printf '%-15s %12.0f %10.2f %8.2f\n' "$name" "$r" "$p" "$(awk -v a="$r" -v b="$base" 'BEGIN {print a/b}')"
done
