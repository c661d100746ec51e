// notify_sinks.mjs — where notifications go in tests, both on loopback: a
// real SMTP server (Debian's python3-aiosmtpd, tests/lib/smtp_sink.py) that
// writes each message to a directory, and an HTTP sink for the SMS gateway
// that records each JSON POST.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PYTHON = process.env.HELSAMI_PYTHON || '/usr/bin/python3'; // Debian's, which has aiosmtpd

// Starts the SMTP sink on `port` (0: any free port). Messages survive a
// restart on the same directory: start({ dir, port }) again after stop().
export async function startSmtp({ dir = mkdtempSync(join(tmpdir(), 'helsami-mail-')), port = 0 } = {}) {
  const child = spawn(PYTHON, ['tests/lib/smtp_sink.py', dir, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const got = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the SMTP sink did not start: ${err}`)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/smtp listening on (\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    exited.then((code) => { clearTimeout(timer); reject(new Error(`the SMTP sink exited ${code}: ${err}`)); });
  });
  return {
    dir, port: got, url: `smtp://127.0.0.1:${got}`,
    // Every message received so far: { to, headers (lowercased names), raw, body }.
    messages() {
      return readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().map((f) => {
        const raw = readFileSync(join(dir, f), 'utf8');
        const [head, ...rest] = raw.split(/\r?\n\r?\n/);
        const headers = {};
        for (const line of head.split(/\r?\n/)) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
        }
        return { to: headers['x-envelope-to'], headers, raw, body: rest.join('\n\n') };
      });
    },
    async stop() { child.kill('SIGTERM'); await exited; },
    cleanup() { rmSync(dir, { recursive: true, force: true }); },
  };
}

// Starts an HTTP sink on loopback that records each request (method, url,
// headers, body, and the body as JSON when it parses) and answers
// `sink.status` to it, which a test may change between requests. port 0:
// any free port; a sink closed and started again on its port is a service
// down, then back. answer: the body answered, from the request's JSON.
export async function startHttpSink({ status = 201, port = 0, path = '/', answer = () => '{"status":"queued"}' } = {}) {
  const received = [];
  const sink = { received, status };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      let json = null;
      try { json = JSON.parse(body); } catch { /* recorded as text */ }
      received.push({ method: req.method, url: req.url, headers: req.headers, authorization: req.headers.authorization, body, json, status: sink.status });
      res.writeHead(sink.status, { 'content-type': 'application/json' });
      res.end(answer(json));
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  sink.port = server.address().port;
  sink.url = `http://127.0.0.1:${sink.port}${path}`;
  sink.close = () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); });
  return sink;
}

// Starts the SMS gateway sink: answers `status` (201) to every POST.
export function startSms({ status = 201 } = {}) {
  return startHttpSink({ status, path: '/sms' });
}
