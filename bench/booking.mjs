// booking.mjs — the driver of bench/booking.sh: CLIENTS logged-in citizens
// book free slots over HTTP for DURATION_S seconds. Each client takes the
// next slot of a shared list; one request in CONTEND also aims at a slot
// another client is taking at the same time, so the server must refuse one
// of the two (409). Prints bookings per second, the latency of a booking
// (p50, p99) and how many requests were answered what.
// Arguments: base URL, unit id, visit type id, a file of slot ids (one per
// line), the citizens' identity numbers (comma-separated).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { Browser } from '../tests/lib/session.mjs';

const [base, unit, type, slotFile, nins] = process.argv.slice(2);
const CLIENTS = Number(process.env.CLIENTS || 64);
const DURATION_S = Number(process.env.DURATION_S || 10);
const CONTEND = Number(process.env.CONTEND || 10);
const slots = readFileSync(slotFile, 'utf8').split('\n').filter(Boolean);

async function login(nin) {
  const b = new Browser(base);
  await b.get('/login/testid');
  const r = await b.post('/login/testid', { nin });
  if (r.status !== 303) throw new Error(`login ${nin}: ${r.status}`);
  await b.get(`/appointments/book?unit=${unit}&type=${type}`); // the form token
  return b;
}

// Those who may log in themselves (children under 16 may not).
const people = [];
for (const nin of nins.split(',')) if (await login(nin).then(() => true, () => false)) people.push(nin);
const clients = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => login(people[i % people.length])));
// The bookings go through node:http on one kept-alive socket a client:
// fetch costs several times the CPU a request, and the driver shares the
// machine's cores with the server it measures.
function poster(b) {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const headers = { cookie: b.cookieHeader(), origin: base, 'content-type': 'application/x-www-form-urlencoded' };
  return (fields) => new Promise((resolve, reject) => {
    const body = new URLSearchParams({ csrf: b.csrf, ...fields }).toString();
    const rq = http.request({ host: url.hostname, port: url.port, path: '/appointments/book', method: 'POST', agent,
      headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    rq.on('error', reject);
    rq.end(body);
  });
}
let next = 0;
const answers = new Map();
const latencies = [];
const end = Date.now() + DURATION_S * 1000;

async function run(b) {
  const post = poster(b);
  for (let n = 0; Date.now() < end && next < slots.length; n++) {
    // Every CONTEND-th request takes the slot the previous request took.
    const k = n % CONTEND === CONTEND - 1 && next > 0 ? next - 1 : next++;
    const t0 = performance.now();
    const code = await post({ unit, type, slot: slots[k] });
    latencies.push(performance.now() - t0);
    answers.set(code, (answers.get(code) || 0) + 1);
  }
}

const t0 = performance.now();
await Promise.all(clients.map(run));
const secs = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1);
const booked = answers.get(303) || 0;
console.log(`${people.length} citizens; ${booked} bookings in ${secs.toFixed(2)} s = ${(booked / secs).toFixed(0)} bookings/s with ${CLIENTS} clients;` +
  ` latency p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms; answers ${JSON.stringify(Object.fromEntries(answers))}`);
