#!/usr/bin/env bash
# bench/instructions.sh — what one request of a page costs in instructions,
# counted by valgrind's callgrind inside the request handler (on_request),
# for one or more builds side by side (issue 12). Unlike req/s this does not
# move with the load of a shared machine, so a lever worth a few percent can
# be seen; it leaves out the kernel (sockets), which wrk-based benches see.
# The server runs one worker thread, warmed up first, so the count holds no
# connection opening and no first-time statement preparation. Logged in as a
# demo citizen through TestID (dev mode on loopback).
# Environment: BINS (space-separated binaries; default build/helsami),
# PAGES (space-separated paths; default "/"), NIN (the citizen; Marius
# Hansen), STAFF (a staff member's national id number: log in through
# the staff TestID instead, e.g. 14827549852, Ingrid Dahl at Øya), REQUESTS (200), TOP (functions listed per page and build, 12),
# KEEP (a directory to keep each callgrind file in, for callgrind_annotate).
# A page may name a unit by its code in braces, replaced by the unit's id:
# STAFF=14827549852 PAGES=/staff/schedules/{oya-legesenter}.
set -euo pipefail
cd "$(dirname "$0")/.."
BINS=${BINS:-build/helsami} PAGES=${PAGES:-/} NIN=${NIN:-12848649994} REQUESTS=${REQUESTS:-200} TOP=${TOP:-12}
command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null || { echo "bench: needs valgrind (apt-get install valgrind)"; exit 1; }
. bench/lib.sh

bench_db
echo "bench: seeding the demo world"
"$BIN" seed demo --db "$url" >/dev/null 2>&1

# PAGES with each {unit-code} replaced by that unit's id.
unit_ids() { # pages
  local out=$1 code id
  while [[ $out =~ \{([a-z0-9-]+)\} ]]; do
    code=${BASH_REMATCH[1]}
    id=$(echo "SELECT id FROM unit WHERE code = '$code';" | run_sql)
    [ -n "$id" ] || { echo "bench: no unit $code" >&2; exit 1; }
    out=${out//\{$code\}/$id}
  done
  echo "$out"
}
PAGES=$(unit_ids "$PAGES")

# Instructions per request of one page on one build; the top functions
# (inclusive) after it.
measure() { # bin page
  local bin=$1 page=$2 out="$dir/callgrind.out" cookie vpid code
  port=$(free_port)
  rm -f "$out"*
  HELSAMI_LOG_LEVEL=warn valgrind --tool=callgrind --callgrind-out-file="$out" --collect-atstart=no \
    --toggle-collect=on_request "$bin" serve --dev --threads 1 --listen "127.0.0.1:$port" --db "$url" \
    --login-rate 0 --lookup-rate 0 --connections-per-address 0 >"$dir/serve.log" 2>&1 &
  vpid=$!
  pids+=("$vpid")
  for _ in $(seq 300); do curl -fso /dev/null "http://127.0.0.1:$port/status" && break; sleep 0.2; done
  if [ -n "${STAFF:-}" ]; then cookie=$(bench_login "$port" "$STAFF" staff); else cookie=$(bench_login "$port" "$NIN"); fi
  for _ in $(seq 20); do curl -s -o /dev/null -H "Cookie: $cookie" "http://127.0.0.1:$port$page"; done
  callgrind_control -z "$vpid" >/dev/null 2>&1
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "http://127.0.0.1:$port$page")
  for _ in $(seq $((REQUESTS - 1))); do curl -s -o /dev/null -H "Cookie: $cookie" "http://127.0.0.1:$port$page"; done
  callgrind_control -d "$vpid" >/dev/null 2>&1
  kill "$vpid"
  wait "$vpid" 2>/dev/null || true
  [ "$code" = 200 ] || { echo "bench: $page answered $code"; exit 1; }
  [ -n "${KEEP:-}" ] && mkdir -p "$KEEP" && cp "$out.1" "$KEEP/callgrind.$(basename "$bin").$(echo "$page" | tr -c 'a-z0-9\n' _)"
  local total
  total=$(awk '/^(summary|totals):/ {print $2; exit}' "$out.1")
  printf '%-28s %-24s %10d instructions a request\n' "$(basename "$bin")" "$page" $((total / REQUESTS))
  callgrind_annotate --inclusive=yes --threshold=100 "$out.1" 2>/dev/null |
    awk -v n="$REQUESTS" -v top="$TOP" -v skip="$PLUMBING" 'BEGIN { split(skip, a, " "); for (i in a) plumbing[a[i]] }
    /^ *[0-9,]+ \(/ && $NF ~ /helsami/ {
      v = $1; gsub(",", "", v); name = $(NF-1); sub(/^.*:/, "", name)
      if (!(name in plumbing) && seen[name]++ == 0 && shown++ < top) printf "    %10d  %s\n", v / n, name }'
}

# Wrappers every request passes through, left out of the lists.
PLUMBING="on_request dispatch_finish run_handler db_tx bound_fn tx_in_snapshot domain_tx domain_read_tx db_read_list
  db_read_one db_step sq_step db_step_one"
echo "bench: $REQUESTS requests a page after 20 to warm up, one worker thread, callgrind"
for page in $PAGES; do
  for bin in $BINS; do measure "$bin" "$page"; done
done
