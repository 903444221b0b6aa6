#!/usr/bin/env node
// A small round-robin load balancer for `start.sh --replicas N`: listens on
// --port and hands each request (and WebSocket upgrade) to the next backend
// in --targets (comma-separated ports on 127.0.0.1), skipping one that
// refuses the connection, so the portal keeps answering while one restarts.
//   node scripts/replicas-proxy.js --port 7007 --targets 7008,7009
const http = require('node:http');
const net = require('node:net');

const arg = name => process.argv[process.argv.indexOf(`--${name}`) + 1];
const port = Number(arg('port'));
const targets = String(arg('targets')).split(',').map(Number);
if (!port || targets.some(target => !target)) {
  console.error('usage: replicas-proxy.js --port 7007 --targets 7008,7009');
  process.exit(2);
}
let next = 0;

/**
 * Sends to the next target; on a refused connection to the one after, if
 * `retry` (a request with a body cannot be sent twice).
 */
function pass(send, fail, retry = true, tried = 0) {
  const target = targets[next++ % targets.length];
  send(target, error => {
    const again = retry && tried + 1 < targets.length;
    if (error.code === 'ECONNREFUSED' && again) {
      pass(send, fail, retry, tried + 1);
    } else fail(error);
  });
}

const server = http.createServer((req, res) =>
  pass(
    (target, onError) => {
      const options = { port: target, path: req.url, method: req.method };
      const upstream = http.request(
        { ...options, host: '127.0.0.1', headers: req.headers },
        answer => {
          res.writeHead(answer.statusCode, answer.rawHeaders);
          answer.pipe(res);
        },
      );
      upstream.on('error', onError);
      req.pipe(upstream);
    },
    error => {
      if (!res.headersSent)
        res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`No backend replica answered: ${error.message}\n`);
    },
    ['GET', 'HEAD', 'OPTIONS'].includes(req.method),
  ),
);
server.on('upgrade', (req, socket, head) =>
  pass(
    (target, onError) => {
      const upstream = net.connect(target, '127.0.0.1', () => {
        const lines = [`${req.method} ${req.url} HTTP/1.1`];
        for (let i = 0; i < req.rawHeaders.length; i += 2) {
          lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
        }
        upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
        upstream.write(head);
        socket.pipe(upstream).pipe(socket);
      });
      upstream.on('error', onError);
    },
    () => socket.destroy(),
  ),
);
server.listen(port, () =>
  console.log(
    `Load balancer on :${port}, round-robin over ${targets.join(', ')}`,
  ),
);
