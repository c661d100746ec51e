#!/usr/bin/env bash
# bench/booking.sh — citizens booking appointments over HTTP (SPEC P2, issue
# #13): CLIENTS (64) concurrent logged-in citizens of the demo GP office book
# free slots for DURATION_S (10) seconds, on SQLite (synchronous=FULL, WAL:
# what the server always uses) or PostgreSQL (DB=postgres: a throwaway
# cluster from scripts/pg.sh). A tenth of the requests aim at a slot another
# client is booking at the same moment. Prints bookings per second, latency
# p50/p99, the answers, and `double bookings: N` (slots with two booked
# appointments, counted in the database afterwards; must be 0).
# Environment: CLIENTS, DURATION_S, SLOTS (30000), DB, B (build dir).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${DB:-sqlite} SLOTS=${SLOTS:-30000}
B=${B:-build}
BIN=${HELSAMI_BIN:-$B/helsami}
[ -x "$BIN" ] || { echo "bench: build first (make)"; exit 1; }

dir=$(mktemp -d /tmp/helsami-booking.XXXXXX)
chmod 755 "$dir"
pids=()
pgdir=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$pgdir" ] && scripts/pg.sh stop "$pgdir" >/dev/null 2>&1
  rm -rf "$dir"
}
trap cleanup EXIT

if [ "$DB" = postgres ]; then
  pgdir="$dir/pg"
  url=$(scripts/pg.sh start "$pgdir" | tail -1)
else
  url="sqlite:$dir/h.db"
fi
"$BIN" seed demo --db "$url" >/dev/null 2>&1
run_sql() {
  if [[ $url == sqlite:* ]]; then sqlite3 -cmd ".timeout 10000" "${url#sqlite:}"; else psql -qAt "$url" -f -; fi
}

# Free slots for the GP's appointment type: five-minute slots round the
# clock from tomorrow, within a booking window of 26 weeks.
unit=$(echo "SELECT id FROM unit WHERE code = 'oya-legesenter';" | run_sql)
type=$(echo "SELECT id FROM visit_type WHERE unit_id = $unit AND name_nb = 'Legetime';" | run_sql)
staff=$(echo "SELECT staff_id FROM visit_type_clinician WHERE visit_type_id = $type ORDER BY staff_id LIMIT 1;" | run_sql)
start=$(( ($(date +%s) / 86400 + 1) * 86400 ))
python3 - "$unit" "$staff" "$type" "$start" "$SLOTS" > "$dir/slots.sql" <<'PY'
import sys
unit, staff, vt, start, n = map(int, sys.argv[1:])
print("BEGIN;")
print(f"UPDATE unit SET booking_weeks = 26, self_booking = 1 WHERE id = {unit};")
print(f"DELETE FROM slot WHERE staff_id = {staff} AND start_at >= {start} AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = slot.id);")
for i in range(n):
    t = start + i * 300
    print(f"INSERT INTO slot (unit_id, staff_id, start_at, end_at, visit_type_id) VALUES ({unit}, {staff}, {t}, {t + 300}, {vt}) ON CONFLICT DO NOTHING;")
print("COMMIT;")
PY
run_sql < "$dir/slots.sql" >/dev/null
echo "SELECT id FROM slot WHERE staff_id = $staff AND start_at >= $start ORDER BY start_at;" | run_sql > "$dir/slot_ids"
# The demo world's patients of the GP office.
nins=$(echo "SELECT p.nin FROM person p JOIN patient_unit pu ON pu.person_id = p.id WHERE pu.unit_id = $unit ORDER BY p.id;" | run_sql | paste -sd, -)

"$BIN" serve --db "$url" --listen 127.0.0.1:0 --dev --login-rate 0 --jobs-seconds 0 --log-level error >"$dir/serve.out" 2>"$dir/serve.log" &
pids+=($!)
for _ in $(seq 50); do grep -q "listening on port" "$dir/serve.out" && break; sleep 0.1; done
port=$(grep -o 'listening on port [0-9]*' "$dir/serve.out" | grep -o '[0-9]*$')
echo "booking ($DB): ${CLIENTS:-64} clients, ${DURATION_S:-10} s"
node bench/booking.mjs "http://127.0.0.1:$port" "$unit" "$type" "$dir/slot_ids" "$nins"
echo "double bookings: $(echo "SELECT COUNT(*) FROM (SELECT slot_id FROM appointment WHERE status = 'booked' GROUP BY slot_id HAVING COUNT(*) > 1) d;" | run_sql)"
