// db.mjs — SQL against a test database, the same on both backends: sqlite3
// for sqlite: URLs, psql for PostgreSQL ones. A failing statement throws, so
// a check can never pass by asking a database that did not answer. SQLite
// waits up to 10 s for a server's write (the notification worker writes on
// its own timer) rather than failing at once.
import { spawnSync } from 'node:child_process';

// Rows of the query's result, each an array of column texts ('' for NULL).
export function sql(db, query) {
  const url = typeof db === 'string' ? db : db.url;
  const r = url.startsWith('sqlite:')
    ? spawnSync('sqlite3', ['-bail', '-cmd', '.timeout 10000', '-separator', '|', url.slice('sqlite:'.length)], { input: query, encoding: 'utf8' })
    : spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAt', '-F', '|', '-f', '-'], { input: query, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`SQL failed (${url.split(':')[0]}): ${r.stderr}\n${query}`);
  return r.stdout.trim().split('\n').filter((l) => l !== '').map((l) => l.split('|'));
}

// The first column of the first row, or undefined when there are no rows.
export function sqlValue(db, query) {
  const rows = sql(db, query);
  return rows.length ? rows[0][0] : undefined;
}

// A person's row id by identity number (every demo person has one).
export function personId(db, nin) {
  const id = sqlValue(db, `SELECT id FROM person WHERE nin = '${nin.replace(/\D/g, '')}'`);
  if (id === undefined) throw new Error(`no person ${nin}`);
  return Number(id);
}

// What an intruder with write access does first: remove the triggers that
// keep the access log append-only.
export function dropAppendOnly(db) {
  sql(db, db.url.startsWith('sqlite:')
    ? 'DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update;'
    : 'DROP TRIGGER audit_log_no_change ON audit_log;');
}
