#!/usr/bin/env bash
# bench/letters.sh — decision letters made per second and the time per letter
# (p50, p99), as the letter job makes them in the background (issue 17): the
# demo world on SQLite (or DB_URL=postgres://...), LETTERS pending copies of
# a demo decision letter, then one `helsami jobs run`, which makes every
# PDF (cairo and pango) in its own transaction and prints the percentiles.
# Environment: LETTERS (500), DB_URL, B (build dir).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
BIN=${HELSAMI_BIN:-$B/helsami}
[ -x "$BIN" ] || { echo "bench: build first (make)"; exit 1; }
LETTERS=${LETTERS:-500}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
url=${DB_URL:-sqlite://$dir/bench.db}
sql() { if [[ $url == sqlite:* ]]; then sqlite3 "${url#sqlite://}" "$1"; else psql -qAt "$url" -c "$1"; fi; }

"$BIN" seed demo --today 2026-11-22 --db "$url" >/dev/null 2>&1
"$BIN" jobs run --now 2026-11-22T10:00:00Z --db "$url" >/dev/null 2>&1 # the demo's own letters first
sql "INSERT INTO citizen_document (patient_id, unit_id, application_id, kind, letter, created_at)
     SELECT d.patient_id, d.unit_id, d.application_id, d.kind, d.letter, 1795341600
     FROM citizen_document d CROSS JOIN (SELECT 1 FROM person LIMIT 1) one,
          (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $LETTERS) SELECT i FROM n) k
     WHERE d.id = (SELECT MIN(id) FROM citizen_document WHERE kind = 'decision')"
start=$(date +%s.%N)
line=$("$BIN" jobs run --now 2026-11-22T10:00:00Z --db "$url" 2>/dev/null | grep '^letters:')
end=$(date +%s.%N)
made=$(sed -n 's/^letters: \([0-9]*\) made.*/\1/p' <<<"$line")
echo "$line"
awk -v n="$made" -v s="$start" -v e="$end" 'BEGIN { printf "letters per second: %.1f (%d letters in %.2f s, the whole job run)\n", n / (e - s), n, e - s }'
