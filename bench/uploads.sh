#!/usr/bin/env bash
# bench/uploads.sh — the server's memory under many anonymous uploads (issue 9,
# item 7): CLIENTS concurrent clients each POST a SIZE_MB multipart body to
# /access/capacity (the upload route, citizens only) without a session, and
# the server's resident memory is sampled from /proc/PID/status while they
# do: VmRSS before, its peak during, and VmHWM (the kernel's high-water mark)
# after. Two rounds: clients that send the body right after the head, as
# browsers do (the server reads and drops it), and clients that wait for
# the server's word first (Expect: 100-continue, as curl does), which are
# answered before they send it. Every client must get 401.
# Environment: CLIENTS (200), SIZE_MB (5), HELSAMI_BIN (build/helsami).
set -euo pipefail
cd "$(dirname "$0")/.."
CLIENTS=${CLIENTS:-200} SIZE_MB=${SIZE_MB:-5}
B=${B:-build}
BIN=${HELSAMI_BIN:-$B/helsami}
[ -x "$BIN" ] || { echo "bench: build first (make)"; exit 1; }
command -v node >/dev/null || { echo "bench: needs node"; exit 1; }

dir=$(mktemp -d /tmp/helsami-bench-uploads.XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT

"$BIN" migrate --db "sqlite:$dir/bench.db" >/dev/null 2>&1
mkdir -p "$dir/static"
HELSAMI_LOG_LEVEL=warn "$BIN" serve --listen 127.0.0.1:0 --db "sqlite:$dir/bench.db" --static-dir "$dir/static" \
  > "$dir/out" 2> "$dir/err" &
pid=$!
for _ in $(seq 100); do grep -q 'listening on port' "$dir/out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$dir/out")
[ -n "$port" ] || { echo "bench: the server did not start"; cat "$dir/err"; exit 1; }

mem() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$pid/status"; }
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

# One round: CLIENTS uploads at once; prints the answers' statuses.
cat > "$dir/upload.mjs" <<'JS'
import net from 'node:net';
const [port, clients, sizeMb, expect] = process.argv.slice(2).map(Number);
const boundary = 'bench';
const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="a.pdf"\r\n`
  + 'Content-Type: application/pdf\r\n\r\n%PDF-1.4\n');
const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
const body = Buffer.concat([head, Buffer.alloc(sizeMb * 1024 * 1024 - head.length - tail.length, 0x20), tail]);
const request = Buffer.from(`POST /access/capacity HTTP/1.1\r\nHost: bench\r\nOrigin: http://127.0.0.1:${port}\r\n`
  + `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length}\r\n`
  + (expect ? 'Expect: 100-continue\r\n' : '') + 'Connection: close\r\n\r\n');
const one = () => new Promise((resolve) => {
  const s = net.connect(port, '127.0.0.1');
  let got = '';
  s.on('connect', () => {
    s.write(request);
    if (!expect) s.write(body);
  });
  s.on('data', (d) => {
    got += d.toString('latin1');
    if (expect && got.startsWith('HTTP/1.1 100')) { got = ''; s.write(body); }
  });
  s.on('error', () => {});
  s.on('close', () => resolve((got.match(/^HTTP\/1\.1 (\d+)/) || [0, 'none'])[1]));
});
const statuses = await Promise.all(Array.from({ length: clients }, one));
const count = {};
for (const st of statuses) count[st] = (count[st] || 0) + 1;
console.log(Object.entries(count).map(([k, v]) => `${v}x ${k}`).join(', '));
JS

round() { # name expect
  local before peak=0 now out
  before=$(mem VmRSS)
  node "$dir/upload.mjs" "$port" "$CLIENTS" "$SIZE_MB" "$2" > "$dir/answers" &
  local client=$!
  while kill -0 "$client" 2>/dev/null; do
    now=$(mem VmRSS); ((now > peak)) && peak=$now
    sleep 0.05
  done
  wait "$client"
  out=$(cat "$dir/answers")
  printf '%-28s VmRSS before %7s MB, peak %7s MB, after %7s MB; VmHWM %7s MB; answers: %s\n' \
    "$1" "$(mb "$before")" "$(mb "$peak")" "$(mb "$(mem VmRSS)")" "$(mb "$(mem VmHWM)")" "$out"
}

echo "bench: $CLIENTS concurrent anonymous ${SIZE_MB} MB uploads to /access/capacity ($BIN)"
curl -fso /dev/null "http://127.0.0.1:$port/status" || true
printf '%-28s VmRSS %s MB, VmHWM %s MB\n' "idle" "$(mb "$(mem VmRSS)")" "$(mb "$(mem VmHWM)")"
round "body sent at once" 0
round "Expect: 100-continue" 1
