#!/usr/bin/env bash
# bench/outbox.sh — notification delivery to a local SMTP server (aiosmtpd,
# tests/lib/smtp_sink.py) on loopback, on SQLite (default) or PostgreSQL
# (DB=postgres: a throwaway cluster from scripts/pg.sh). Two figures:
#   throughput: EVENTS events waiting for one demo person who chose e-mail,
#     delivered by one `helsami jobs run`: e-mails per second (fan-out
#     included);
#   latency: `helsami serve` with --notify-seconds 1 while events are made
#     at RATE a second for DURATION_S seconds: time from the event's commit to
#     the message written by the SMTP server, p50 and p99.
# Environment: EVENTS (2000), RATE (20), DURATION_S (10), DB, B (build dir).
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-2000} RATE=${RATE:-20} DURATION_S=${DURATION_S:-10} DB=${DB:-sqlite}
PY=/usr/bin/python3
. bench/lib.sh
bench_db
"$BIN" seed demo --db "$url" >/dev/null 2>&1

marius=$(echo "SELECT id FROM person WHERE nin = '12848649994';" | run_sql)

mkdir -p "$dir/mail"
port=$(free_port)
$PY tests/lib/smtp_sink.py "$dir/mail" "$port" >/dev/null &
pids+=($!)
sleep 1
smtp="smtp://127.0.0.1:$port"

# ---- throughput -------------------------------------------------------------
"$BIN" jobs run --db "$url" --smtp-url "$smtp" >/dev/null # the demo world's own events first
rm -f "$dir"/mail/*.eml
$PY - "$marius" "$EVENTS" > "$dir/events.sql" <<'PY'
import sys
p, n = int(sys.argv[1]), int(sys.argv[2])
print("BEGIN;")
for i in range(n):
    print(f"INSERT INTO notification_outbox (person_id, kind, created_at, hidden_from_guardians) VALUES ({p}, 'test_result', 0, 0);")
print("COMMIT;")
PY
run_sql < "$dir/events.sql"
t0=$(date +%s.%N)
"$BIN" jobs run --db "$url" --smtp-url "$smtp" --log-level error
t1=$(date +%s.%N)
sent=$(ls "$dir"/mail/*.eml | wc -l)
$PY -c "print(f'throughput ($DB): $sent e-mails in {($t1-$t0):.2f} s = {$sent/($t1-$t0):.0f} e-mails/s (one worker, fan-out included)')"

# ---- latency ---------------------------------------------------------------
rm -f "$dir"/mail/*.eml
"$BIN" serve --db "$url" --listen 127.0.0.1:0 --smtp-url "$smtp" --notify-seconds 1 --log-level warn >"$dir/serve.log" 2>&1 &
pids+=($!)
sleep 1
$PY - "$url" "$marius" "$RATE" "$DURATION_S" "$dir" <<'PY'
import glob, os, re, subprocess, sys, time
url, p, rate, secs, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
def q(sql):
    if url.startswith("sqlite:"):
        return subprocess.run(["sqlite3", url[7:]], input=".timeout 5000\n" + sql, capture_output=True, text=True, check=True).stdout
    return subprocess.run(["psql", "-qAt", url, "-f", "-"], input=sql, capture_output=True, text=True, check=True).stdout
made = {}
for i in range(rate * secs):
    ev = int(q(f"INSERT INTO notification_outbox (person_id, kind, created_at, hidden_from_guardians) VALUES ({p}, 'test_result', 0, 0) RETURNING id;").split()[0])
    made[ev] = time.time()
    time.sleep(max(0, 1 / rate - 0.002))
deadline = time.time() + 15
while time.time() < deadline and len(glob.glob(d + "/mail/*.eml")) < len(made):
    time.sleep(0.2)
lat = []
for f in glob.glob(d + "/mail/*.eml"):
    m = re.search(r"Message-ID: <notification-\d+\.(\d+)@", open(f).read())
    if m and int(m.group(1)) in made:
        lat.append(os.stat(f).st_mtime - made[int(m.group(1))])
lat.sort()
if not lat:
    sys.exit("latency: nothing arrived; " + open(d + "/serve.log").read()[-2000:])
pct = lambda x: lat[min(len(lat) - 1, int(len(lat) * x))]
print(f"latency: {len(lat)}/{len(made)} delivered; event to delivery p50 {pct(0.5)*1000:.0f} ms, p99 {pct(0.99)*1000:.0f} ms, max {lat[-1]*1000:.0f} ms (rounds every 1 s)")
PY
