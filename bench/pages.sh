#!/usr/bin/env bash
# bench/pages.sh — logged-in pages against nginx serving an 8 KB static file,
# measured with wrk on loopback, interleaved round by round so drift hits all
# alike (issue 12). The demo world plus PERSONS synthetic persons, on SQLite
# (default) or PostgreSQL (DB=postgres: a throwaway cluster from
# scripts/pg.sh, or DB_URL=postgres://...). Sessions come from TestID, so the
# server runs in dev mode on loopback. Prints req/s and p99 per page and
# round, the medians and the ratio to nginx.
# Environment: ROUNDS (3), DURATION (8s), CONNECTIONS (64), THREADS (2),
# PERSONS (10000), DB (sqlite|postgres), DB_URL, PAGES (a space-separated
# subset of the names below), B (build dir), SERVE_ARGS (more options for
# `helsami serve`, e.g. "--threads 4").
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3} DURATION=${DURATION:-8s} CONNECTIONS=${CONNECTIONS:-64} THREADS=${THREADS:-2}
PERSONS=${PERSONS:-10000} DB=${DB:-sqlite}
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "bench: needs wrk and nginx (scripts/install-deps.sh)"; exit 1; }
. bench/lib.sh

# ---- the database ----------------------------------------------------------------
bench_db
DB_URL=$url
sql() { echo "$1" | run_sql; }
echo "bench: seeding the demo world and $PERSONS persons ($DB)"
"$BIN" seed demo --db "$DB_URL" >/dev/null 2>&1
[ "$PERSONS" -gt 0 ] && "$BIN" seed population --persons "$PERSONS" --db "$DB_URL" >/dev/null 2>&1

# ---- nginx and helsami -----------------------------------------------------------
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

port=$(free_port)
base="http://127.0.0.1:$port"
HELSAMI_LOG_LEVEL=warn "$BIN" serve --dev --listen "127.0.0.1:$port" --db "$DB_URL" --static-dir "$dir/static" \
  --login-rate 0 --lookup-rate 0 --connections-per-address 0 ${SERVE_ARGS:-} > "$dir/helsami.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  curl -fso /dev/null "http://127.0.0.1:$nginx_port/bench8k.html" && curl -fso /dev/null "$base/status" && break
  sleep 0.1
done

# ---- sessions ------------------------------------------------------------------------
# A TestID login: the form token from the page, then the session cookie.
jars=0
login() { # nin [staff]: a new session, in a cookie jar of its own
  jars=$((jars + 1))
  local jar="$dir/jar-$jars" path=/login/testid
  [ "${2:-}" = staff ] && path=/staff/login/testid
  local token
  token=$(curl -s -c "$jar" -b "$jar" "$base/login/testid" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -o /dev/null -c "$jar" -b "$jar" -H "Origin: $base" --data-urlencode "csrf=$token" \
    --data-urlencode "nin=$1" "$base$path"
}
cookie_of() { awk '$6 ~ /helsami$/ {print $6 "=" $7}' "$1" | tail -1; }
form_token() { curl -s -b "$1" "$base$2" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1; }
post() { # jar path fields...
  local jar=$1 path=$2 token
  shift 2
  token=$(form_token "$jar" /)
  curl -s -o /dev/null -b "$jar" -c "$jar" -H "Origin: $base" --data-urlencode "csrf=$token" "$@" "$base$path"
}

login 12848649994 >/dev/null; marius=$dir/jar-$jars
login 12848649994 >/dev/null; parent=$dir/jar-$jars
post "$parent" /access/parent --data-urlencode nin=15862199860
emma=$(sql "SELECT id FROM person WHERE nin = '15862199860'")
post "$parent" /access/act --data-urlencode "person=$emma"
login 14827549852 staff >/dev/null; ingrid=$dir/jar-$jars
login 05927049955 staff >/dev/null; eirik=$dir/jar-$jars
marius_id=$(sql "SELECT id FROM person WHERE nin = '12848649994'")
result=$(sql "SELECT r.id FROM test_result r JOIN result_type t ON t.id = r.type_id WHERE r.patient_id = $marius_id AND r.status = 'released' AND t.release_rule <> 'never' ORDER BY r.id LIMIT 1")
medication=$(sql "SELECT id FROM medication WHERE patient_id = $marius_id ORDER BY id LIMIT 1")
# The demo world is seeded for today (the server's clock): Marius's next appointment, and what he may book.
appointment=$(sql "SELECT id FROM appointment WHERE patient_id = $marius_id AND status = 'booked' ORDER BY id DESC LIMIT 1")
oya=$(sql "SELECT id FROM unit WHERE code = 'oya-legesenter'")
gp=$(sql "SELECT id FROM visit_type WHERE unit_id = $oya AND name_nb = 'Legetime'")
followup=$(sql "SELECT a.id FROM appointment a JOIN visit_type v ON v.id = a.visit_type_id WHERE a.patient_id = $marius_id AND v.check_in = 1 ORDER BY a.id LIMIT 1")

# Municipal services and documents (K1, K2, D1): Elisabeth's demo application, Astrid's decision letter, Per's queue.
login 02916949807 >/dev/null; elisabeth=$dir/jar-$jars
login 27816849956 staff >/dev/null; per=$dir/jar-$jars
service_app=$(sql "SELECT a.id FROM service_application a JOIN person p ON p.id = a.patient_id WHERE p.nin = '02916949807' ORDER BY a.id LIMIT 1")
# Access to the record (D2): Marius's demo request, waiting in Øya's queue.
record_access=$(sql "SELECT id FROM record_access_request WHERE patient_id = $marius_id ORDER BY id LIMIT 1")
M=$(cookie_of "$marius") P=$(cookie_of "$parent") I=$(cookie_of "$ingrid") E=$(cookie_of "$elisabeth") W=$(cookie_of "$per") H=$(cookie_of "$eirik")
declare -A URL COOKIE
page() { URL[$1]=$2; COOKIE[$1]=${3:-}; }
page nginx-static "http://127.0.0.1:$nginx_port/bench8k.html"
page static "$base/static/bench8k.html"
page start "$base/"
page home "$base/" "$M"
page results "$base/health/results" "$M"
page result "$base/health/results/$result" "$M"
page medications "$base/health/medications" "$M"
page medication "$base/health/medications/$medication" "$M"
page summary "$base/health/summary" "$M"
page vaccines "$base/health/vaccines" "$M"
page visits "$base/visits" "$M"
page care-team "$base/care-team" "$M"
page access-log "$base/documents/access-log" "$M"
page questionnaires "$base/questionnaires" "$M"
page access "$base/access" "$M"
page appointments "$base/appointments" "$M"
page appointment "$base/appointments/$appointment" "$M"
page appointment-book "$base/appointments/book" "$M"
page appointment-slots "$base/appointments/book?unit=$oya&type=$gp" "$M"
page staff-schedule "$base/staff/schedules/$oya" "$I"
page appointment-checkin "$base/appointments/$followup/check-in" "$M"
page staff-checkins "$base/staff/schedules/$(sql "SELECT id FROM unit WHERE code = 'stolav-medisinsk'")/check-in" "$H"
page staff-closures "$base/staff/schedules/$oya/closures" "$I"
page staff-appointments "$base/staff/patients/$marius_id/appointments" "$I"
page child-home "$base/" "$P"
page staff-chart "$base/staff/patients/$marius_id" "$I"
page staff-meds "$base/staff/patients/$marius_id/medications" "$I"
page staff-results-queue "$base/staff/queues/results" "$I"
# Video consultations (P5): the pre-call check (anyone) and a clinician's week.
page video-check "$base/appointments/video/check"
page staff-video "$base/staff/video" "$I"
# Calls of their own (P5): a citizen's group calls, and the group's page for its clinician.
group_call=$(sql "SELECT id FROM video_call WHERE kind = 'group' ORDER BY id LIMIT 1")
page video-calls "$base/video" "$M"
page staff-video-call "$base/staff/video/calls/$group_call" "$I"
# Secure messages (M1-M4): a thread page writes (the read mark), the others only read.
conversation=$(sql "SELECT id FROM conversation WHERE patient_id = $marius_id ORDER BY id LIMIT 1")
page messages "$base/messages" "$M"
page message "$base/messages/$conversation" "$M"
page message-new "$base/messages/new" "$M"
page staff-messages "$base/staff/messages" "$I"
page staff-message "$base/staff/messages/$conversation" "$I"
page staff-message-unit "$base/staff/messages/units/$oya" "$I"
page support "$base/support" "$M"
page services "$base/services" "$E"
page service-application "$base/services/applications/$service_app" "$E"
page documents "$base/documents" "$E"
page staff-services-queue "$base/staff/queues/services" "$W"
page staff-service-case "$base/staff/services/$service_app" "$W"
page record-access "$base/documents/record-access" "$M"
page record-access-request "$base/documents/record-access/$record_access" "$M"
page staff-record-access-queue "$base/staff/queues/record-access" "$I"
page staff-record-access "$base/staff/queues/record-access/$record_access" "$I"
# User support (U1): a correction sent on to Ingrid Solberg, in her queue (the case page writes its access-log entry).
correction=$(sql "SELECT id FROM support_case WHERE forwarded_at IS NOT NULL AND status = 'open' ORDER BY id LIMIT 1")
page staff-corrections "$base/staff/queues/corrections" "$I"
page staff-correction "$base/staff/queues/corrections/$correction" "$I"
ORDER=(${PAGES:-nginx-static static start home results result medications medication summary vaccines visits care-team
  access-log questionnaires access appointments appointment appointment-book appointment-slots child-home staff-chart
  staff-meds staff-results-queue staff-schedule appointment-checkin staff-checkins staff-closures staff-appointments video-check staff-video video-calls staff-video-call
  messages message message-new staff-messages staff-message staff-message-unit support services service-application documents staff-services-queue staff-service-case
  record-access record-access-request staff-record-access-queue staff-record-access staff-corrections staff-correction})
[ "${ORDER[0]}" = nginx-static ] || ORDER=(nginx-static "${ORDER[@]}")

# The cookie header of a page, as arguments ("Cookie: NAME=VALUE" is one word).
cookie_args() { if [ -n "${COOKIE[$1]}" ]; then printf '%s\n' -H "Cookie: ${COOKIE[$1]}"; fi; }
for name in "${ORDER[@]}"; do
  mapfile -t args < <(cookie_args "$name")
  code=$(curl -s -o "$dir/page.html" -w '%{http_code}' "${args[@]}" "${URL[$name]}")
  [ "$code" = 200 ] || { echo "bench: $name answered $code"; exit 1; }
  # A logged-in page must be the logged-in page, not the start page.
  if [ -n "${COOKIE[$name]}" ] && ! grep -q 'action="/logout"' "$dir/page.html"; then
    echo "bench: $name is not logged in"; exit 1
  fi
done

to_ms() { # wrk latency like 1.23ms, 456.00us, 1.02s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.3f", v/1000; else if (v ~ /ms$/) printf "%.3f", v+0; else printf "%.3f", v*1000 }'
}
declare -A RPS P99
echo "bench: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS interleaved rounds, $(nproc) cores shared by servers and wrk, $DB"
for round in $(seq "$ROUNDS"); do
  for name in "${ORDER[@]}"; do
    mapfile -t args < <(cookie_args "$name")
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${args[@]}" "${URL[$name]}")
    if echo "$out" | grep -q 'Non-2xx'; then echo "bench: $name answered errors"; echo "$out"; exit 1; fi
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
    RPS[$name]+="$rps "; P99[$name]+="$p99 "
    printf 'round %d  %-20s %10.0f req/s  p99 %7.2f ms\n' "$round" "$name" "$rps" "$p99"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo
printf '%-20s %12s %10s %8s\n' "median ($DB)" "req/s" "p99 ms" "x nginx"
nginx=$(echo "${RPS[nginx-static]}" | median)
for name in "${ORDER[@]}"; do
  r=$(echo "${RPS[$name]}" | median); p=$(echo "${P99[$name]}" | median)
  printf '%-20s %12.0f %10.2f %8.2f\n' "$name" "$r" "$p" "$(awk -v a="$r" -v b="$nginx" 'BEGIN {print a/b}')"
done
