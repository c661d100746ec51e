#!/usr/bin/env bash
# bench/signaling.sh — video signaling (P5, docs/video.md) of many concurrent
# calls on one server: CALLS group calls, each a clinician and a patient
# with a long poll open each and a message ping-pong between them for
# DURATION seconds (bench/signaling.mjs). Prints messages relayed per
# second, latency p50/p99 and the server's memory per open signaling
# connection. The demo world on SQLite (default) or PostgreSQL (DB=postgres:
# a throwaway cluster from scripts/pg.sh, or DB_URL=postgres://...); the
# server in dev mode on loopback (TestID sessions).
# Environment: CALLS (200), DURATION (10), THREADS (server threads; default
# the cores), DB, DB_URL, B (build dir).
set -euo pipefail
cd "$(dirname "$0")/.."
CALLS=${CALLS:-200} DURATION=${DURATION:-10} DB=${DB:-sqlite}
B=${B:-build}
BIN=${HELSAMI_BIN:-$B/helsami}
[ -x "$BIN" ] || { echo "bench: build first (make)"; exit 1; }

dir=$(mktemp -d /tmp/helsami-signaling.XXXXXX)
pids=()
pgdir=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$pgdir" ] && scripts/pg.sh stop "$pgdir" >/dev/null 2>&1
  rm -rf "$dir"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

if [ "$DB" = postgres ]; then
  if [ -z "${DB_URL:-}" ]; then pgdir="$dir/pg"; DB_URL=$(scripts/pg.sh start "$pgdir"); fi
  sql() { psql "$DB_URL" -qAt -F '|' -c "$1"; }
  sqlf() { psql "$DB_URL" -q -v ON_ERROR_STOP=1 -f "$1" >/dev/null; }
else
  DB_URL="sqlite:$dir/bench.db"
  sql() { sqlite3 "$dir/bench.db" "$1"; }
  sqlf() { sqlite3 -bail "$dir/bench.db" < "$1"; }
fi
echo "bench: seeding the demo world and $CALLS group calls ($DB)"
"$BIN" seed demo --db "$DB_URL" >/dev/null 2>&1

# The calls: group calls of Øya's GP Ingrid with Marius let in, open from a
# minute ago for two hours.
now=$(date +%s)
ingrid=$(sql "SELECT s.id FROM staff s JOIN person p ON p.id = s.person_id WHERE p.nin = '14827549852'")
marius=$(sql "SELECT id FROM person WHERE nin = '12848649994'")
oya=$(sql "SELECT id FROM unit WHERE code = 'oya-legesenter'")
{
  echo "BEGIN;"
  for i in $(seq "$CALLS"); do
    echo "INSERT INTO video_call (kind, unit_id, host_staff_id, title, starts_at, ends_at, created_at) VALUES ('group', $oya, $ingrid, 'bench $i', $((now - 60)), $((now + 7200)), $now);"
  done
  echo "INSERT INTO video_member (call_id, role, staff_id) SELECT id, 'host', $ingrid FROM video_call WHERE kind = 'group';"
  echo "INSERT INTO video_member (call_id, role, patient_id, state) SELECT id, 'patient', $marius, 'admitted' FROM video_call WHERE kind = 'group';"
  echo "COMMIT;"
} > "$dir/calls.sql"
sqlf "$dir/calls.sql"
calls=$(sql "SELECT c.id, h.id, p.id FROM video_call c JOIN video_member h ON h.call_id = c.id AND h.role = 'host'
  JOIN video_member p ON p.call_id = c.id AND p.role = 'patient' WHERE c.kind = 'group' ORDER BY c.id" |
  awk -F'|' 'BEGIN { printf "[" } { printf "%s[%s,%s,%s]", (NR > 1 ? "," : ""), $1, $2, $3 } END { printf "]" }')

port=$(free_port)
threads=()
[ -n "${THREADS:-}" ] && threads=(--threads "$THREADS")
HELSAMI_LOG_LEVEL=warn "$BIN" serve --dev --listen "127.0.0.1:$port" --db "$DB_URL" --static-dir "$B/static" \
  --login-rate 0 --lookup-rate 0 --connections-per-address 0 "${threads[@]}" > "$dir/helsami.out" 2>&1 &
server=$!
pids+=($server)
for _ in $(seq 100); do curl -fso /dev/null "http://127.0.0.1:$port/status" && break; sleep 0.1; done

echo "bench: $CALLS calls, $DURATION s of ping-pong, $(nproc) cores shared by the server and the clients, $DB"
BASE="http://127.0.0.1:$port" SERVER_PID=$server CALLS="$calls" DURATION=$DURATION node bench/signaling.mjs
