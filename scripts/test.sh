#!/usr/bin/env bash
# Runs every test suite and ends with one line "N passed, N failed".
# Suites: unit (plain and ASan/UBSan), store conformance on SQLite and
# PostgreSQL, HTTP against the real server (plain and ASan/UBSan), the
# browser, CLI scenarios, and a short run of every fuzz target.
# Environment: B (build dir, default build), FUZZ_SECONDS (default 5),
# SUITES (space-separated subset: unit asan store http http-asan cli e2e fuzz).
set -uo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
FUZZ_SECONDS=${FUZZ_SECONDS:-5}
SUITES=${SUITES:-"unit asan store http http-asan cli e2e fuzz"}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}

# The slow-client test (tests/http/connection.test.mjs) holds 2,000
# connections open: the test and the server each need a descriptor per
# connection, more than the usual soft limit of 1,024.
want_fds=8192
hard_fds=$(ulimit -Hn)
if [ "$hard_fds" != unlimited ] && [ "$hard_fds" -lt "$want_fds" ]; then want_fds=$hard_fds; fi
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$want_fds" ]; then
  ulimit -n "$want_fds" || echo "  cannot raise the open-file limit to $want_fds: the slow-client test may fail"
fi

passed=0 failed=0
failures=()
logdir=$(mktemp -d /tmp/helsami-test.XXXXXX)
pgdir=""
cleanup() {
  [ -n "$pgdir" ] && scripts/pg.sh stop "$pgdir" >/dev/null 2>&1
  rm -rf "$logdir"
}
trap cleanup EXIT

suite_start=$SECONDS
record() { # name passed failed
  passed=$((passed + $2)); failed=$((failed + $3))
  ((${3} > 0)) && failures+=("$1 ($3)")
  printf '  %-36s %4d passed %4d failed %5ds\n' "$1" "$2" "$3" $((SECONDS - suite_start))
  suite_start=$SECONDS
}

# cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)"
run_cmocka() { # name binary [env...]
  local name=$1 bin=$2 log="$logdir/$(echo "$1" | tr '/ []' '____').log"
  shift 2
  timeout 900 env "$@" "$bin" >"$log" 2>&1
  local rc=$?
  local p f
  p=$(grep -o '\[  PASSED  \] [0-9]*' "$log" | awk '{s+=$4} END {print s+0}')
  f=$(grep -o '\[  FAILED  \] [0-9]*' "$log" | awk '{s+=$4} END {print s+0}')
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  record "$name" "$p" "$f"
  if [ "$f" -ne 0 ]; then sed 's/^/    | /' "$log" | grep -v '\[ \(RUN\|     OK\) ' | tail -40; fi
}

# node's test runner prints "# pass N" and "# fail N"
run_node() { # name files... (env set by caller)
  local name=$1 log="$logdir/$(echo "$1" | tr '/ []' '____').log"
  shift
  # A hung test fails after 3 minutes, a hung suite after 20, rather than
  # eating CI's time.
  timeout 1200 node --test --test-concurrency=1 --test-timeout=180000 "$@" >"$log" 2>&1
  local rc=$?
  local p f
  p=$(grep -E '^# pass [0-9]+' "$log" | awk '{print $3}' | tail -1)
  f=$(grep -E '^# fail [0-9]+' "$log" | awk '{print $3}' | tail -1)
  p=${p:-0}; f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  record "$name" "$p" "$f"
  if [ "$f" -ne 0 ]; then grep -B2 -A25 'not ok' "$log" | head -120 | sed 's/^/    | /'; fi
}

start_pg() {
  [ -n "$pgdir" ] && return 0
  pgdir=$(mktemp -d /tmp/helsami-pg.XXXXXX)
  if ! PG_URL=$(scripts/pg.sh start "$pgdir"); then
    echo "  could not start PostgreSQL"; record "postgresql start" 0 1; pgdir=""; return 1
  fi
  export HELSAMI_TEST_PG_URL=$PG_URL
}

has() { [[ " $SUITES " == *" $1 "* ]]; }

echo "helsami tests (build dir $B)"
if has unit; then
  for t in "$B"/tests/test_*; do [ -x "$t" ] && run_cmocka "unit/$(basename "$t")" "$t"; done
fi
if has asan; then
  for t in "$B"/asan/tests/test_*; do [ -x "$t" ] && run_cmocka "asan/$(basename "$t")" "$t"; done
fi
if has store; then
  start_pg && run_cmocka "store conformance (sqlite+pg)" "$B/tests/store_conformance"
  run_cmocka "store conformance (asan, sqlite+pg)" "$B/asan/tests/store_conformance"
fi
if has http; then
  start_pg
  HELSAMI_BIN=$B/helsami HELSAMI_STATIC_DIR=$B/static run_node "http" tests/http/*.test.mjs
fi
if has http-asan; then
  HELSAMI_BIN=$B/asan/helsami HELSAMI_STATIC_DIR=$B/static HELSAMI_TEST_PG_URL= run_node "http (asan, sqlite)" tests/http/*.test.mjs
fi
if has cli; then
  start_pg
  HELSAMI_BIN=$B/helsami run_node "cli" tests/cli/*.test.mjs
fi
if has e2e; then
  HELSAMI_BIN=$B/helsami HELSAMI_STATIC_DIR=$B/static run_node "browser" tests/e2e/*.test.mjs
fi
if has fuzz; then
  for f in "$B"/fuzz/fuzz_*; do
    [ -x "$f" ] || continue
    n=$(basename "$f"); corpus="$logdir/corpus-$n"; mkdir -p "$corpus" "$B/fuzz/artifacts"
    dict=(); [ -f "fuzz/$n.dict" ] && dict=(-dict="fuzz/$n.dict")
    if "$f" -max_total_time="$FUZZ_SECONDS" -print_final_stats=0 -artifact_prefix="$B/fuzz/artifacts/" "${dict[@]}" \
      "$corpus" "fuzz/corpus/$n" >"$logdir/$n.log" 2>&1; then
      record "fuzz/$n (${FUZZ_SECONDS}s)" 1 0
    else
      record "fuzz/$n (${FUZZ_SECONDS}s)" 0 1; tail -40 "$logdir/$n.log" | sed 's/^/    | /'
    fi
  done
fi

if ((${#failures[@]})); then echo "failed suites: ${failures[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
