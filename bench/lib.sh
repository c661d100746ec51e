# bench/lib.sh — what every benchmark script starts with, sourced after
# `cd` to the repository: the binary (B, HELSAMI_BIN), a private scratch
# directory $dir removed on exit with every process listed in pids and a
# throwaway PostgreSQL cluster, and the database the run uses.
B=${B:-build}
BIN=${HELSAMI_BIN:-$B/helsami}
[ -x "$BIN" ] || { echo "bench: build first (make)"; exit 1; }

dir=$(mktemp -d "/tmp/helsami-$(basename "$0" .sh).XXXXXX")
chmod 755 "$dir"
pids=()
pgdir=""
bench_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$pgdir" ] && scripts/pg.sh stop "$pgdir" >/dev/null 2>&1
  rm -rf "$dir"
}
trap bench_cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Sets url to a fresh database: DB=postgres starts a cluster in $dir (or
# uses DB_URL when given), else an SQLite file there.
bench_db() {
  if [ "${DB:-sqlite}" = postgres ]; then
    if [ -n "${DB_URL:-}" ]; then url=$DB_URL; else pgdir="$dir/pg"; url=$(scripts/pg.sh start "$pgdir" | tail -1); fi
  else
    url="sqlite:$dir/bench.db"
  fi
}

# Runs SQL from standard input against $url.
run_sql() {
  if [[ $url == sqlite:* ]]; then sqlite3 -cmd ".timeout 10000" "${url#sqlite:}"; else psql -qAt "$url" -f -; fi
}

# Starts `helsami serve` on a free port with the given options (logs in
# $dir/serve.log); sets port.
bench_serve() {
  "$BIN" serve --db "$url" --listen 127.0.0.1:0 "$@" >"$dir/serve.out" 2>"$dir/serve.log" &
  pids+=($!)
  for _ in $(seq 100); do grep -q "listening on port" "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
  port=$(grep -o 'listening on port [0-9]*' "$dir/serve.out" | grep -o '[0-9]*$') || { cat "$dir/serve.log"; exit 1; }
}

# A TestID login on the dev-mode server at port as the citizen nin (or,
# with a third argument "staff", as the staff member nin): prints the
# session cookie (NAME=VALUE).
bench_login() {
  local base="http://127.0.0.1:$1" jar="$dir/jar-login" token path=/login/testid
  [ "${3:-}" = staff ] && path=/staff/login/testid
  rm -f "$jar"
  token=$(curl -s -c "$jar" -b "$jar" "$base/login/testid" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -o /dev/null -c "$jar" -b "$jar" -H "Origin: $base" --data-urlencode "csrf=$token" \
    --data-urlencode "nin=$2" "$base$path"
  awk '$6 ~ /helsami$/ {print $6 "=" $7}' "$jar" | tail -1
}
