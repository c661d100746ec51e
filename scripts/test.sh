#!/usr/bin/env bash
# Runs every test suite and ends with one line "N passed, N failed".
# Suites: unit (plain and ASan/UBSan), store conformance on SQLite and
# PostgreSQL, HTTP against the real server (plain and ASan/UBSan), the
# browser, CLI scenarios, and a short run of every fuzz target.
# Suites that share nothing run side by side in three lanes (the fast ones,
# HTTP on PostgreSQL, then CLI; HTTP under ASan on SQLite, then a few browser
# files; the other browser files, then the authorization matrix on
# PostgreSQL); the connection tests, which time a server
# under a hostile load, and the fuzzers run after them, alone. The store
# conformance tests run in the ASan build only: the plain build ran the same
# tests again for a fifth of the suite's CPU time.
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

# Everything a run writes (test databases, the PostgreSQL cluster, logs,
# browser profiles) lives in one directory, in memory (tmpfs) when the
# machine has one with room: a test's database need not survive a crash, and
# there SQLite's commits and PostgreSQL's files wait for no disk.
tmproot=/tmp
if [ -w /dev/shm ] && [ "$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 {print $4}')" -ge $((4 * 1024 * 1024)) ] 2>/dev/null; then
  tmproot=/dev/shm
fi
TMPDIR=$(mktemp -d "$tmproot/helsami-test.XXXXXX")
chmod 755 "$TMPDIR" # the PostgreSQL server runs as its own user
export TMPDIR
logdir=$TMPDIR/logs
mkdir -p "$logdir/results"
pgdir=""
cleanup() {
  [ -n "$pgdir" ] && scripts/pg.sh stop "$pgdir" >/dev/null 2>&1
  rm -rf "$TMPDIR"
}
trap cleanup EXIT

slug() { echo "$1" | tr '/ []()+,' '________'; }

# Suites run in lanes side by side, so each writes its result to a file
# (passed, failed, seconds, and the lines that explain a failure); they are
# printed in the order the suites started once every lane is done.
record() { # name passed failed seconds excerpt-file
  local r="$logdir/results/$(slug "$1")"
  printf '%s\n%s %s %s\n' "$1" "$2" "$3" "$4" >"$r.result"
  if [ "$3" -ne 0 ] && [ -n "${5:-}" ]; then cp "$5" "$r.excerpt"; fi
}
started() { echo "$(slug "$1")" >>"$logdir/order"; }

# cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)"
run_cmocka() { # name binary [env...]
  local name=$1 bin=$2 log="$logdir/$(slug "$1").log" t0=$SECONDS
  shift 2
  started "$name"
  timeout 900 env "$@" "$bin" >"$log" 2>&1
  local rc=$?
  local p f
  p=$(grep -o '\[  PASSED  \] [0-9]*' "$log" | awk '{s+=$4} END {print s+0}')
  f=$(grep -o '\[  FAILED  \] [0-9]*' "$log" | awk '{s+=$4} END {print s+0}')
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  sed 's/^/    | /' "$log" | grep -v '\[ \(RUN\|     OK\) ' | tail -40 >"$log.excerpt"
  record "$name" "$p" "$f" $((SECONDS - t0)) "$log.excerpt"
}

# node's test runner prints "# pass N" and "# fail N"
run_node() { # name files... (env set by caller)
  local name=$1 log="$logdir/$(slug "$1").log" t0=$SECONDS
  shift
  started "$name"
  # A hung test fails after 3 minutes (TEST_TIMEOUT_MS; ASan's lane, which
  # runs slower beside the others, sets 5), a hung suite after 20, rather
  # than eating CI's time.
  timeout 1200 node --test --test-concurrency=1 --test-timeout="${TEST_TIMEOUT_MS:-180000}" "$@" >"$log" 2>&1
  local rc=$?
  local p f
  p=$(grep -E '^# pass [0-9]+' "$log" | awk '{print $3}' | tail -1)
  f=$(grep -E '^# fail [0-9]+' "$log" | awk '{print $3}' | tail -1)
  p=${p:-0}; f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  grep -B2 -A25 "not ok" "$log" | cut -c1-400 | head -120 | sed "s/^/    | /" >"$log.excerpt"
  timed_out_context "$log" >>"$log.excerpt"
  record "$name" "$p" "$f" $((SECONDS - t0)) "$log.excerpt"
}

# For a test file that hit its time limit, the last results reported before
# it (node prints a file's finished subtests ahead of the file's own line),
# so the log says which test was running when it hung.
timed_out_context() { # log
  awk '/^(not )?ok [0-9]+ - / { last[n++ % 8] = $0 }
    /failureType: .testTimeoutFailure./ {
      print "    | timed out; the results reported before it:"
      for (i = (n > 8 ? n - 8 : 0); i < n; i++) print "    |   " last[i % 8]
    }' "$1"
}

run_fuzz() { # target binary
  local f=$1 n t0=$SECONDS
  n=$(basename "$f")
  local corpus="$logdir/corpus-$n" log="$logdir/$n.log"
  mkdir -p "$corpus" "$B/fuzz/artifacts"
  started "fuzz/$n (${FUZZ_SECONDS}s)"
  local dict=(); [ -f "fuzz/$n.dict" ] && dict=(-dict="fuzz/$n.dict")
  if "$f" -max_total_time="$FUZZ_SECONDS" -print_final_stats=0 -artifact_prefix="$B/fuzz/artifacts/" "${dict[@]}" \
    "$corpus" "fuzz/corpus/$n" >"$log" 2>&1; then
    record "fuzz/$n (${FUZZ_SECONDS}s)" 1 0 $((SECONDS - t0))
  else
    tail -40 "$log" | sed 's/^/    | /' >"$log.excerpt"
    record "fuzz/$n (${FUZZ_SECONDS}s)" 0 1 $((SECONDS - t0)) "$log.excerpt"
  fi
}

start_pg() {
  [ -n "$pgdir" ] && return 0
  pgdir=$(mktemp -d "$TMPDIR/pg.XXXXXX")
  # A test's databases need not survive a crash: PG_DURABLE=0 (scripts/pg.sh).
  if ! PG_URL=$(PG_DURABLE=0 scripts/pg.sh start "$pgdir"); then
    echo "  could not start PostgreSQL"; started "postgresql start"; record "postgresql start" 0 1 0; pgdir=""; return 1
  fi
  export HELSAMI_TEST_PG_URL=$PG_URL
}

has() { [[ " $SUITES " == *" $1 "* ]]; }

echo "helsami tests (build dir $B)"
start=$SECONDS
# What needs PostgreSQL starts it once, before the lanes.
if has store || has http || has cli; then start_pg; fi

# The HTTP suites without the connection tests, which measure time under a
# hostile load and run alone at the end.
http_files=$(ls tests/http/*.test.mjs | grep -v '/connection\.test\.mjs$')

lane_fast_then_http_then_cli() {
  if has unit; then for t in "$B"/tests/test_*; do [ -x "$t" ] && run_cmocka "unit/$(basename "$t")" "$t"; done; fi
  if has asan; then for t in "$B"/asan/tests/test_*; do [ -x "$t" ] && run_cmocka "asan/$(basename "$t")" "$t"; done; fi
  if has store; then run_cmocka "store conformance (asan, sqlite+pg)" "$B/asan/tests/store_conformance"; fi
  if has http; then
    # shellcheck disable=SC2086
    HELSAMI_BIN=$B/helsami HELSAMI_STATIC_DIR=$B/static run_node "http" $(echo "$http_files" | grep -v '/matrix')
  fi
  if has cli; then HELSAMI_BIN=$B/helsami HELSAMI_STATIC_DIR=$B/static run_node "cli" tests/cli/*.test.mjs; fi
}

# The browser lane, then the authorization matrix on PostgreSQL (the other
# HTTP files on PostgreSQL are in the first lane, which is longer).
lane_browser_then_matrix() {
  # shellcheck disable=SC2086
  run_browser "browser" $browser_early
  if has http; then
    # shellcheck disable=SC2086
    # Each matrix file starts a dozen servers and asks 2,500 cells: five
    # minutes, as under ASan (about 40 s alone, 160 s on a loaded machine).
    HELSAMI_BIN=$B/helsami HELSAMI_STATIC_DIR=$B/static TEST_TIMEOUT_MS=300000 \
      run_node "http (matrix)" $(echo "$http_files" | grep '/matrix')
  fi
  # The shortest lane (by about three minutes in a full run) takes the
  # fuzz targets, which ran alone after the lanes before.
  if has fuzz; then
    for f in "$B"/fuzz/fuzz_*; do [ -x "$f" ] && run_fuzz "$f"; done
  fi
}

lane_asan_http_then_browser() {
  if has http-asan; then
    # shellcheck disable=SC2086
    HELSAMI_BIN=$B/asan/helsami HELSAMI_STATIC_DIR=$B/static HELSAMI_TEST_PG_URL= TEST_TIMEOUT_MS=300000 \
      run_node "http (asan, sqlite)" $http_files
  fi
  # shellcheck disable=SC2086
  run_browser "browser (lane 2)" $browser_late
}

# The browser files that failed, from a browser run's log: a failed test
# names its file in its location, a file that failed as a whole in its line.
failed_browser_files() { # log
  grep -A8 '^not ok' "$1" | grep -oE "tests/e2e/[a-z_]+\.test\.mjs" | sort -u
}

# The browser files split between two lanes so that the lanes end together:
# these few after HTTP under ASan, the rest in a lane of their own.
browser_late=$(printf 'tests/e2e/%s.test.mjs ' messages record_access schedules services questionnaires_repeat settings)
browser_early=$(for f in tests/e2e/*.test.mjs; do [[ " $browser_late " == *" $f "* ]] || echo "$f"; done)

run_browser() { # name files...
  has e2e || return 0
  local name=$1
  shift
  # A file of several journeys, each page checked by axe, can take three
  # minutes while three lanes share two cores: five, as under ASan.
  HELSAMI_BIN=$B/helsami HELSAMI_STATIC_DIR=$B/static TEST_TIMEOUT_MS=300000 run_node "$name" "$@"
  local r files
  r="$logdir/results/$(slug "$name")"
  files=$(failed_browser_files "$logdir/$(slug "$name").log")
  [ -n "$files" ] || return 0
  # A file that fails in the full run gets one second try, alone; the first
  # failure stays in the summary by name, and a file that fails twice fails
  # the run. (The "browser has been closed" failures under load this guarded
  # against were a context closing as the browser closed: tests/lib/browser.mjs.)
  # shellcheck disable=SC2086
  HELSAMI_BIN=$B/helsami HELSAMI_STATIC_DIR=$B/static run_node "$name, second try" $files
  if [ "$(awk 'NR==2 {print $2}' "$logdir/results/$(slug "$name, second try").result")" -eq 0 ]; then
    local p
    p=$(awk 'NR==2 {print $1}' "$r.result")
    local secs
    secs=$(awk 'NR==2 {print $3}' "$r.result")
    printf '%s\n%s %s %s\n' "$name (failed at first, passed alone: $(echo $files | tr ' ' ','))" "$p" 0 "$secs" >"$r.result"
    echo "  $name: $(echo $files) failed in the full run and passed alone; the first failure was:"
    cat "$r.excerpt"
  fi
}

# Suites that share nothing run side by side: each has its own databases,
# servers and ports.
lane_fast_then_http_then_cli &
lane_asan_http_then_browser &
lane_browser_then_matrix &
wait

if has http; then
  HELSAMI_BIN=$B/helsami HELSAMI_STATIC_DIR=$B/static HELSAMI_TEST_PG_URL= run_node "http connections (alone)" tests/http/connection.test.mjs
fi
# The tests that failed in a suite's log, a line each: the summary's last
# lines are what a CI page shows, so they name what failed.
failed_tests() { # log
  grep -E '^ *not ok [0-9]+ - |^\[  FAILED  \] [A-Za-z_]' "$1" 2>/dev/null |
    sed -E 's/^ *not ok [0-9]+ - //; s/^\[  FAILED  \] //' | awk '!seen[$0]++' | head -8 | cut -c1-160 | sed 's/^/    /'
}

passed=0 failed=0
failures=() failed_logs=()
while read -r key; do
  r="$logdir/results/$key"
  [ -f "$r.result" ] || continue
  { read -r name; read -r p f secs; } <"$r.result"
  passed=$((passed + p)); failed=$((failed + f))
  printf '  %-36s %4d passed %4d failed %5ds\n' "$name" "$p" "$f" "$secs"
  if [ "$f" -ne 0 ]; then
    failures+=("$name ($f)")
    failed_logs+=("$logdir/$key.log")
    [ -f "$r.excerpt" ] && cat "$r.excerpt"
  fi
done <"$logdir/order"
echo "  (all suites: $((SECONDS - start))s)"
if ((${#failures[@]})); then
  echo "failed suites: ${failures[*]}"
  for i in "${!failures[@]}"; do
    echo "  ${failures[$i]}:"
    failed_tests "${failed_logs[$i]}"
  done
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
