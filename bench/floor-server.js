// Why: the GraphQL-overhead target compares our server with the bare SQL. This is the floor under
// any HTTP API in node on the same machine: a plain node:http server (no framework, no GraphQL, no
// query building, plain JavaScript so no loader) that runs the statement it is sent through `pg`,
// on a pool with the server's settings, and answers its rows as JSON. Its ratio to the bare SQL is
// what HTTP, JSON and a second process cost on this machine before any product code runs
// (docs/performance.md).
//
//   node bench/floor-server.js DATABASE_URL PORT      (prints "ready" once it listens)
'use strict';
const { Buffer } = require('node:buffer');
const http = require('node:http');
const { Pool } = require('pg');

const [url, port] = process.argv.slice(2);
const pool = new Pool({ connectionString: url, max: 10, application_name: 'stuurinfo-bench-floor', options: '-c jit=off' });
// An idle connection that breaks (PostgreSQL restarted) must not end the process; the next query reconnects.
pool.on('error', () => undefined);

const server = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    let statement;
    try {
      statement = JSON.parse(body);
    } catch {
      res.writeHead(400).end();
      return;
    }
    pool.query({ text: statement.text, values: statement.values }).then((r) => {
      const out = JSON.stringify({ data: { rows: r.rows } });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    }, (e) => {
      const out = JSON.stringify({ errors: [{ message: e.message }] });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(port), '127.0.0.1', () => console.log('ready in 0 s'));
process.on('SIGTERM', () => {
  server.close();
  pool.end().then(() => process.exit(0));
});
