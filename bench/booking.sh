#!/usr/bin/env bash
# bench/booking.sh — citizens booking appointments over HTTP (SPEC P2, issue
# #13): CLIENTS (64) concurrent logged-in citizens of the demo GP office book
# free slots for DURATION_S (10) seconds, on SQLite (synchronous=FULL, WAL:
# what the server always uses) or PostgreSQL (DB=postgres: a throwaway
# cluster from scripts/pg.sh; DB=postgres://... an empty database of your
# own). A tenth of the requests aim at a slot another
# client is booking at the same moment. Prints bookings per second, latency
# p50/p99, the answers, and `double bookings: N` (slots with two booked
# appointments, counted in the database afterwards; must be 0), and the
# server's CPU time per booking.
# Environment: CLIENTS, DURATION_S, SLOTS (30000), DB, B (build dir),
# HELSAMI_BIN (another binary, for A/B), HELSAMI_THREADS.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${DB:-sqlite} SLOTS=${SLOTS:-30000}
case $DB in postgres://* | postgresql://*) DB_URL=$DB DB=postgres ;; esac
. bench/lib.sh
bench_db
"$BIN" seed demo --db "$url" >/dev/null 2>&1
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

bench_serve --dev --login-rate 0 --jobs-seconds 0 --log-level error
echo "booking ($DB): ${CLIENTS:-64} clients, ${DURATION_S:-10} s"
# The server's own CPU time (user + system, from /proc) over the run, per
# booking: on a shared machine what a booking costs says more than how
# many fit in a second.
cpu_ticks() { awk '{print $14 + $15}' "/proc/${pids[0]}/stat"; }
ticks0=$(cpu_ticks)
node bench/booking.mjs "http://127.0.0.1:$port" "$unit" "$type" "$dir/slot_ids" "$nins" | tee "$dir/driver.out"
booked=$(grep -o '; [0-9]* bookings in' "$dir/driver.out" | grep -o '[0-9]*')
echo "server CPU per booking: $(( ($(cpu_ticks) - ticks0) * 1000000 / $(getconf CLK_TCK) / (booked > 0 ? booked : 1) )) µs"
echo "double bookings: $(echo "SELECT COUNT(*) FROM (SELECT slot_id FROM appointment WHERE status = 'booked' GROUP BY slot_id HAVING COUNT(*) > 1) d;" | run_sql)"
