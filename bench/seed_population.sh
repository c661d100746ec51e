#!/usr/bin/env bash
# bench/seed_population.sh — `helsami seed population --persons N` on a fresh
# SQLite file, ROUNDS times, printing each run's wall time and the median.
# The goal (README): 1,000,000 persons in under 60 s on SQLite.
# Environment: PERSONS (1000000), ROUNDS (3), HELSAMI_BIN (build/helsami),
# DB_URL (a postgres:// URL to measure PostgreSQL instead; that database is
# not emptied, so each round adds N more persons to it).
set -euo pipefail
cd "$(dirname "$0")/.."
PERSONS=${PERSONS:-1000000} ROUNDS=${ROUNDS:-3}
BIN=${HELSAMI_BIN:-build/helsami}
[ -x "$BIN" ] || { echo "bench: build first (make)"; exit 1; }

dir=$(mktemp -d /tmp/helsami-seed-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT

times=()
for round in $(seq 1 "$ROUNDS"); do
  if [ -n "${DB_URL:-}" ]; then
    url=$DB_URL
  else
    rm -f "$dir"/pop.db*
    url="sqlite:$dir/pop.db"
  fi
  # Migrate first so the timing is the seeding alone.
  "$BIN" migrate --db "$url" >/dev/null 2>&1
  start=$(date +%s.%N)
  "$BIN" seed population --persons "$PERSONS" --db "$url" | tail -n 1
  end=$(date +%s.%N)
  t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
  times+=("$t")
  printf 'round %d: %d persons in %.1f s (wall)\n' "$round" "$PERSONS" "$t"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
backend=sqlite
[ -n "${DB_URL:-}" ] && backend=postgresql
printf 'seed population: %d persons, median of %d: %.1f s (%s)\n' "$PERSONS" "$ROUNDS" "$median" "$backend"
