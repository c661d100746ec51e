// bench/signaling.mjs — many calls' signaling on one server (driven by
// bench/signaling.sh, which seeds the database, makes the calls and starts
// the server). Each call has two members, a clinician and a patient, each
// with its own long poll open (GET /video/calls/:id/messages?after=N, parked
// on the server until a message comes). The patient sends an "offer" that
// carries its send time; the clinician's poll receives it and answers at
// once; the patient's poll receives the answer and sends the next: a
// ping-pong per call for DURATION seconds. Prints messages relayed per
// second, latency p50/p99 (send to receipt through the server), and the
// server's memory per open signaling connection (RSS with every member's
// poll parked, less RSS with none, over the number of polls).
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { Browser } from '../tests/lib/session.mjs';

const base = process.env.BASE;
const pid = Number(process.env.SERVER_PID);
const calls = JSON.parse(process.env.CALLS); // [[call, hostMember, patientMember], ...]
const duration = Number(process.env.DURATION || 10) * 1000;
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

function rss() {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return Number(m[1]);
}

function request(method, path, cookie, body, via = agent) {
  return new Promise((resolve, reject) => {
    const u = new URL(base + path);
    const headers = { cookie, accept: 'application/json' };
    if (body) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(body);
      headers.origin = base;
    }
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, agent: via }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { data += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: data }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

async function session(nin, staff) {
  const b = new Browser(base);
  await b.get('/login/testid');
  await b.post(staff ? '/staff/login/testid' : '/login/testid', { nin });
  await b.get(staff ? '/staff/video' : '/appointments'); // a form token for the session
  return { cookie: b.cookieHeader(), csrf: b.csrf };
}

const clinician = await session('14827549852', true);
const patient = await session('12848649994', false);
const send = (who, call, to, kind, body) =>
  request('POST', `/video/calls/${call}/messages`, who.cookie, new URLSearchParams({ csrf: who.csrf, to: String(to), kind, body }).toString());

// Everyone joins (the patient was let in when the calls were made).
for (const [call] of calls) {
  for (const who of [clinician, patient]) {
    const r = await request('POST', `/video/calls/${call}/join`, who.cookie, new URLSearchParams({ csrf: who.csrf }).toString());
    if (r.status !== 200) throw new Error(`join ${call}: ${r.status} ${r.body}`);
  }
}

const latencies = [];
let relayed = 0;
let running = true;
let errors = 0;

// A member's poll loop: hands each message to onMessage, keeps one poll open.
async function pollLoop(who, call, after, onMessage, via = agent) {
  while (running) {
    let r;
    try { r = await request('GET', `/video/calls/${call}/messages?after=${after}`, who.cookie, null, via); } catch { if (via === agent) errors++; continue; }
    if (r.status !== 200) { errors++; continue; }
    const news = JSON.parse(r.body);
    after = news.next;
    for (const m of news.messages) if (m.kind === 'offer' || m.kind === 'answer') onMessage(m);
  }
}

// Memory before any poll is open, then with every member's poll parked.
await new Promise((r) => setTimeout(r, 500));
const idleRss = rss();
const pollsOpen = calls.length * 2;
const start = Date.now();
const memAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
for (const [call] of calls) {
  pollLoop(clinician, call, 1e15, () => {}, memAgent); // parked, never answered: for the memory figure
  pollLoop(patient, call, 1e15, () => {}, memAgent);
}
await new Promise((r) => setTimeout(r, 1500));
const parkedRss = rss();
running = false;
memAgent.destroy(); // the server finds them closed at their next recheck (a second)
await new Promise((r) => setTimeout(r, 2500));

// The ping-pong.
running = true;
const t0 = Date.now();
for (const [call, host, pat] of calls) {
  const next = () => running && send(patient, call, host, 'offer', String(performance.now())).catch(() => errors++);
  pollLoop(clinician, call, 0, (m) => {
    latencies.push(performance.now() - Number(m.body)); relayed++;
    send(clinician, call, pat, 'answer', String(performance.now())).catch(() => errors++);
  });
  pollLoop(patient, call, 0, (m) => { latencies.push(performance.now() - Number(m.body)); relayed++; next(); });
  next();
}
await new Promise((r) => setTimeout(r, duration));
running = false;
const secs = (Date.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
console.log(`calls ${calls.length}, members ${pollsOpen}, ${secs.toFixed(1)} s`);
console.log(`relayed ${relayed} messages: ${(relayed / secs).toFixed(0)} messages/s`);
console.log(`latency (send to receipt) p50 ${q(0.5).toFixed(2)} ms, p99 ${q(0.99).toFixed(2)} ms, max ${latencies.at(-1)?.toFixed(2)} ms`);
console.log(`server RSS: ${idleRss} kB idle, ${parkedRss} kB with ${pollsOpen} polls parked: ${((parkedRss - idleRss) / pollsOpen).toFixed(1)} kB per open signaling connection`);
console.log(`errors ${errors}; wall ${((Date.now() - start) / 1000).toFixed(1)} s`);
setTimeout(() => process.exit(0), 1500);
