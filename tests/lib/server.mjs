// server.mjs — starts the real helsami binary for a test on an ephemeral
// port with a fresh database, and stops it with SIGTERM; stop() fails unless
// the server exits cleanly (status 0, no signal).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = process.env.HELSAMI_BIN || 'build/helsami';
export const STATIC_DIR = process.env.HELSAMI_STATIC_DIR || 'build/static';

// A fresh database: a new SQLite file, or, when the runner gives a
// PostgreSQL server (HELSAMI_TEST_PG_URL) and `sqlite` is not asked for, a
// new database on it, dropped by cleanup(). Either has `dir`, a temporary
// directory of its own. Tests never share state through the database.
// `from`, a template ({ key, make(url) }): the database starts as a copy of
// one that make filled once (the templates below), not empty.
export function freshDb({ sqlite = false, from } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'helsami-db-'));
  const pg = sqlite ? undefined : process.env.HELSAMI_TEST_PG_URL;
  if (!pg) {
    const file = join(dir, 'test.db');
    if (from) copyFileSync(sqliteTemplate(from), file);
    return { url: `sqlite:${file}`, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `helsami_t${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const made = pgSql(pg, `CREATE DATABASE ${name}${from ? ` TEMPLATE ${pgTemplate(pg, from)}` : ''}`);
  if (made.status !== 0) throw new Error(`cannot create a test database: ${made.stderr}`);
  return {
    url: pgDatabaseUrl(pg, name), dir,
    cleanup: () => { pgSql(pg, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); rmSync(dir, { recursive: true, force: true }); },
  };
}

// Templates: a world a test file needs again and again (the demo world,
// seeded for a day) is made once a binary and copied, which on PostgreSQL
// saves the migrations and the seed's statements (seconds) per database.
// Each is named by the binary's hash and the template's key, so a rebuilt
// binary (a new migration, a changed demo world) never copies a stale one,
// and made under a name of its own, then renamed: two test processes making
// the same template at once both succeed, and one of theirs is kept.
let binaryHash;
const templateName = (from) =>
  `${(binaryHash ??= createHash('sha1').update(readFileSync(BIN)).digest('hex').slice(0, 12))}_${from.key}`;
const partName = () => `p${process.pid}_${Math.floor(Math.random() * 1e6)}`;

function sqliteTemplate(from) {
  const file = join(tmpdir(), 'helsami-templates', `${templateName(from)}.db`);
  if (!existsSync(file)) {
    mkdirSync(join(tmpdir(), 'helsami-templates'), { recursive: true });
    const part = `${file}.${partName()}`;
    from.make(`sqlite:${part}`);
    renameSync(part, file);
  }
  return file;
}

const pgTemplatesSeen = new Set();
function pgTemplate(pg, from) {
  const name = `helsami_tpl_${templateName(from)}`;
  if (pgTemplatesSeen.has(name) || pgSql(pg, `SELECT 1 FROM pg_database WHERE datname = '${name}'`).stdout.trim() === '1') {
    pgTemplatesSeen.add(name);
    return name;
  }
  const part = `${name}_${partName()}`;
  if (pgSql(pg, `CREATE DATABASE ${part}`).status !== 0) throw new Error(`cannot create a template database ${part}`);
  from.make(pgDatabaseUrl(pg, part));
  // The maker's connection may still be closing: renaming waits for it.
  for (let tries = 0; ; tries++) {
    if (pgSql(pg, `ALTER DATABASE ${part} RENAME TO ${name}`).status === 0) break;
    if (pgSql(pg, `SELECT 1 FROM pg_database WHERE datname = '${name}'`).stdout.trim() === '1' || tries === 50) {
      pgSql(pg, `DROP DATABASE IF EXISTS ${part} WITH (FORCE)`); // another process made it first
      break;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  pgTemplatesSeen.add(name);
  return name;
}

const pgSql = (pg, sql) => spawnSync('psql', [pg, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8' });
const pgDatabaseUrl = (pg, name) => pg.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);

// The backends a test runs on, each as [name, a function making a fresh
// database]: SQLite always, PostgreSQL when the runner gives a server.
export function backends() {
  const all = [['sqlite', () => freshDb({ sqlite: true })]];
  if (process.env.HELSAMI_TEST_PG_URL) all.push(['postgres', () => freshDb()]);
  return all;
}

export function runCli(args, env = {}) {
  return spawnSync(BIN, args, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120000 });
}

// The same without blocking the test's process: for a command that talks
// to a sink or server in it, or two at once. Resolves to { code, out, err }.
export function runCliAsync(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { env: { ...process.env, ...env } });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

export async function startServer({ dev = true, args = [], env = {}, db } = {}) {
  const database = db || freshDb();
  const argv = ['serve', '--listen', '127.0.0.1:0', '--db', database.url, '--static-dir', STATIC_DIR, ...args];
  if (dev) argv.push('--dev');
  // Tests move the clock per request (x-helsami-now); the server's appointment
  // jobs run on the system clock, so they are off unless a test turns them on.
  if (!args.includes('--jobs-seconds')) argv.push('--jobs-seconds', '0');
  const child = spawn(BIN, argv, { env: { ...process.env, HELSAMI_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 15000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on port (\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url, port, child, exited, db: database,
    stderr: () => stderr,
    // Stops the server with SIGTERM and resolves to { code, signal } on a
    // clean exit (code 0). Anything else rejects with the end of the
    // server's stderr: a non-zero exit is how LeakSanitizer (ASan build),
    // UBSan and a failed shutdown report, and a signal is a crash or a
    // server that had to be killed, so no test can stop a server and miss it.
    async stop() {
      child.kill('SIGTERM');
      // A server that does not stop is a failure to see, not a hung suite.
      const killer = setTimeout(() => child.kill('SIGKILL'), 20000);
      const r = await exited;
      clearTimeout(killer);
      if (!db) database.cleanup();
      if (r.code !== 0 || r.signal) {
        const how = r.signal ? `was killed by ${r.signal}` : `exited with status ${r.code}`;
        throw new Error(`the server ${how} when stopped; the end of its stderr:\n${stderr.slice(-6000)}`);
      }
      return r;
    },
  };
}

// fetch that never follows redirects and sends our Origin on POSTs.
export function client(base) {
  return (path, opts = {}) => {
    const headers = { ...(opts.headers || {}) };
    if ((opts.method || 'GET') === 'POST' && !('origin' in headers) && !('Origin' in headers)) headers.origin = base;
    return fetch(base + path, { redirect: 'manual', ...opts, headers });
  };
}
