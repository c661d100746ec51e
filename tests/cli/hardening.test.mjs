// hardening.test.mjs — security 10 (issue 9): the binary is built with the
// hardening the Makefile names: stack protector and _FORTIFY_SOURCE (their
// runtime checks are linked in), PIE, and full RELRO (read-only relocations
// bound at start).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN } from '../lib/server.mjs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};

test('security 10: the binary carries the stack protector and fortified string functions', () => {
  const symbols = run('nm', ['-D', BIN]);
  assert.match(symbols, /\b__stack_chk_fail\b/, '-fstack-protector-strong');
  assert.match(symbols, /\b__(memcpy|memmove|memset|snprintf|vsnprintf|printf|fprintf|strcpy)_chk\b/, '-D_FORTIFY_SOURCE=2');
});

test('security 10: the binary is position independent with full RELRO', () => {
  assert.match(run('readelf', ['-h', BIN]), /Type:\s+DYN/);
  assert.match(run('readelf', ['-lW', BIN]), /GNU_RELRO/);
  assert.match(run('readelf', ['-d', BIN]), /BIND_NOW|FLAGS_1.*\bNOW\b/);
});
