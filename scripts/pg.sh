#!/usr/bin/env bash
# pg.sh — a throwaway PostgreSQL cluster on loopback for tests.
#   scripts/pg.sh start DIR   initdb into DIR/data, start it on a free port of
#                             127.0.0.1, create role and database helsami, and
#                             print one line: postgres://helsami@127.0.0.1:PORT/helsami
#   scripts/pg.sh stop DIR    stop it (fast) and remove DIR
# PG_DURABLE=0 starts a cluster that does not flush to disk (fsync,
# synchronous_commit and full_page_writes off): for the test suite, whose
# databases live for a test and whose every CREATE/DROP DATABASE and commit
# otherwise waits for the disk. Benchmarks keep the default, a durable server.
# Runs as root (the server then runs as the postgres OS user) or as any user.
# Trust authentication: the server listens on loopback and a socket in DIR only.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
MARK=.helsami-pg # marks a DIR this script made, so stop never removes others

die() { echo "pg.sh: $*" >&2; exit 1; }

usage() { die "usage: $0 start|stop DIR"; }

# Runs a PostgreSQL tool as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A TCP port nobody listens on now. Another process may take it before the
# server does; start retries with a new port if so.
free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null && return
  fi
  local used port
  used=$(ss -Hltn 2>/dev/null | awk '{print $4}' | sed 's/.*://' | sort -u)
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    grep -qx "$port" <<<"$used" || { echo "$port"; return; }
  done
  die "no free TCP port found"
}

start() {
  local dir=$1
  [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL binaries in $PG_BIN (install postgresql, or set PG_BIN)"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  case $dir in *[\'\ ]*) die "DIR must not contain quotes or spaces: $dir" ;; esac
  [ -e "$dir/data" ] && die "$dir/data exists already"
  # The socket path must fit in sun_path (107 bytes).
  [ ${#dir} -le 80 ] || die "DIR path too long for a unix socket: $dir"
  touch "$dir/$MARK"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    as_owner test -x "$dir" || die "the postgres user cannot reach $dir (a parent directory is private); use a directory under /tmp"
  fi

  # The bootstrap superuser is helsami itself; --no-sync only skips initdb's
  # own flushes (the running server keeps fsync=on unless PG_DURABLE=0).
  if ! as_owner "$PG_BIN/initdb" -D "$dir/data" -U helsami -A trust -E UTF8 --locale=C \
      --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  fi

  local port tries=0 durable=on
  [ "${PG_DURABLE:-1}" = 0 ] && durable=off
  while :; do
    port=$(free_port)
    as_owner tee "$dir/data/postgresql.auto.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = $durable
synchronous_commit = $durable
full_page_writes = $durable
max_connections = 100
EOF
    if as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null 2>&1; then
      break
    fi
    tries=$((tries + 1))
    # A port taken in the meantime is worth another try; anything else is not.
    if [ $tries -ge 3 ] || ! grep -q "could not bind\|Address already in use" "$dir/server.log" 2>/dev/null; then
      echo "pg.sh: the server did not start; its log follows" >&2
      cat "$dir/server.log" >&2 2>/dev/null || true
      as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
      exit 1
    fi
  done

  if ! as_owner "$PG_BIN/createdb" -h "$dir" -p "$port" -U helsami -O helsami helsami >"$dir/createdb.log" 2>&1; then
    cat "$dir/createdb.log" "$dir/server.log" >&2 2>/dev/null || true
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    die "createdb failed"
  fi
  echo "postgres://helsami@127.0.0.1:$port/helsami"
}

stop() {
  local dir=$1
  [ -d "$dir" ] || exit 0
  [ -e "$dir/$MARK" ] || die "$dir was not made by pg.sh start; not removing it"
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
      as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

[ $# -eq 2 ] || usage
case $1 in
  start) start "$2" ;;
  stop) stop "$2" ;;
  *) usage ;;
esac
