#!/usr/bin/env bash
# bench/soak.sh — issue 12's memory and soak goals for a logged-in page:
#   1. resident memory with 1,000 connections open (each asking once a
#      second): goal under 100 MB;
#   2. the most the page answers (wrk, CONNECTIONS, 10 s), then DURATION at
#      SHARE percent of it, paced by wrk's delay(): goal 0 errors, and the
#      server's resident memory from minute 2 to the end within ±10 % of
#      what it was at minute 2 (sampled every 10 s).
# The demo world plus PERSONS synthetic persons, logged in as a demo citizen
# through TestID (dev mode on loopback). Prints each figure and a verdict;
# exits 1 when a goal is missed.
# Environment: DB (sqlite|postgres), DB_URL, PERSONS (10000), PAGE (/),
# DURATION (seconds, 600), SHARE (80), CONNECTIONS (64: for the most), PACED (256:
# the soak's connections, many so that a pace in whole milliseconds is fine
# enough), B (build dir).
set -euo pipefail
cd "$(dirname "$0")/.."
PERSONS=${PERSONS:-10000} PAGE=${PAGE:-/} DURATION=${DURATION:-600} SHARE=${SHARE:-80} CONNECTIONS=${CONNECTIONS:-64} PACED=${PACED:-256}
command -v wrk >/dev/null || { echo "bench: needs wrk (scripts/install-deps.sh)"; exit 1; }
. bench/lib.sh

bench_db
echo "bench: seeding the demo world and $PERSONS persons (${DB:-sqlite})"
"$BIN" seed demo --db "$url" >/dev/null 2>&1
[ "$PERSONS" -gt 0 ] && "$BIN" seed population --persons "$PERSONS" --db "$url" >/dev/null 2>&1
ulimit -n 8192
bench_serve --dev --login-rate 0 --lookup-rate 0 --connections-per-address 0 --jobs-seconds 0 --log-level error
server=${pids[-1]}
target="http://127.0.0.1:$port$PAGE"
cookie=$(bench_login "$port" 12848649994)
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$target")" = 200 ] || { echo "bench: $PAGE is not 200"; exit 1; }

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
# wrk's Lua: each connection waits PACE_MS between its requests.
cat >"$dir/pace.lua" <<'LUA'
local pace = tonumber(os.getenv("PACE_MS") or "0")
function delay() return pace end
LUA
paced() { # pace_ms connections seconds
  PACE_MS=$1 wrk -t2 -c"$2" -d"$3s" --latency -s "$dir/pace.lua" -H "Cookie: $cookie" "$target"
}
rate_of() { awk '/Requests\/sec/ {printf "%d", $2}'; }
errors_of() { # socket errors and non-2xx answers in a wrk report
  awk '/Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} /Non-2xx/ {n += $NF} END {print n + 0}'
}

# ---- 1. 1,000 open connections ----------------------------------------------------
paced 1000 1000 20 >"$dir/open.out" &
load=$!
sleep 15
open_kb=$(rss_kb)
wait "$load"
printf 'bench: 1,000 connections open (one request a second each): RSS %d MB (goal < 100 MB)\n' $((open_kb / 1024))

# ---- 2. the most, then SHARE % of it for DURATION ----------------------------------------
most=$(wrk -t2 -c"$CONNECTIONS" -d10s -H "Cookie: $cookie" "$target" | rate_of)
want=$((most * SHARE / 100))
# A connection's pace for the share, corrected once by a 10 s trial.
pace=$((PACED * 1000 / want))
got=$(paced "$pace" "$PACED" 10 | rate_of)
[ "$got" -gt 0 ] && pace=$((pace * got / want))
[ "$pace" -ge 1 ] || pace=1
printf 'bench: the most: %d req/s; %d%% is %d req/s (each of %d connections waits %d ms between requests)\n' \
  "$most" "$SHARE" "$want" "$PACED" "$pace"

paced "$pace" "$PACED" "$DURATION" >"$dir/soak.out" &
load=$!
: >"$dir/rss"
# Up to the last 10 s before the end: not while wrk closes its connections.
for ((t = 10; t < DURATION; t += 10)); do
  sleep 10
  echo "$t $(rss_kb)" >>"$dir/rss"
done
wait "$load"

errors=$(errors_of <"$dir/soak.out")
rate=$(rate_of <"$dir/soak.out")
p99=$(awk '$1 == "99%" {print $2}' "$dir/soak.out")
at2="" lo="" hi="" last=""
read -r at2 lo hi last < <(awk '$1 >= 120 { if (!seen) { base = $2; lo = $2; hi = $2; seen = 1 }
  if ($2 < lo) lo = $2; if ($2 > hi) hi = $2; last = $2 } END { if (seen) print base, lo, hi, last; else print "" }' "$dir/rss") || true
printf 'bench: %d s at %d req/s (p99 %s): %d errors\n' "$DURATION" "$rate" "$p99" "$errors"
[ -n "$at2" ] && printf 'bench: RSS at minute 2 %d MB, from there %d to %d MB, at the end %d MB\n' \
  $((at2 / 1024)) $((lo / 1024)) $((hi / 1024)) $((last / 1024))
echo "bench: RSS every 10 s (s kB): $(tr '\n' ' ' <"$dir/rss")"

ok=1
[ "$open_kb" -lt $((100 * 1024)) ] || { echo "bench: MISSED: 1,000 connections take 100 MB or more"; ok=0; }
[ "$errors" -eq 0 ] || { echo "bench: MISSED: errors during the soak"; ok=0; }
if [ -z "$at2" ]; then
  echo "bench: shorter than 2 minutes: the RSS goal is not judged"
elif [ $((lo * 10)) -lt $((at2 * 9)) ] || [ $((hi * 10)) -gt $((at2 * 11)) ]; then
  echo "bench: MISSED: RSS moved more than 10 % from minute 2"; ok=0
fi
[ "$ok" = 1 ] && echo "bench: every goal met" || exit 1
