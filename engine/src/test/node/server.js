// Interop server for wsnova tests: node's `ws` on 127.0.0.1, port chosen at run time.
// Prints {"port":N} on stdout once listening. Paths:
//   /echo                         echo every message with its type
//   /silent                       accept, then stop reading and answering (no data, no pongs)
//   /fragmented?size=N&count=K    send one text message of N bytes in K fragments, then echo
//   /big?size=N                   send one binary message of N bytes (bytes i % 251), then echo
//   /close?code=C                 close immediately with code C
// Usage: node server.js [--tls CERT_PEM KEY_PEM] [--deflate | --deflate-no-context]
//   --deflate             accept permessage-deflate (compress every message, threshold 0), context takeover kept
//   --deflate-no-context  the same with server_no_context_takeover and client_no_context_takeover
'use strict';
const http = require('http');
const https = require('https');
const fs = require('fs');
const { WebSocketServer } = require('ws');

const args = process.argv.slice(2);
let server;
if (args[0] === '--tls') {
  server = https.createServer({ cert: fs.readFileSync(args[1]), key: fs.readFileSync(args[2]) });
} else {
  server = http.createServer();
}
let perMessageDeflate = false;
if (args.includes('--deflate')) {
  perMessageDeflate = { threshold: 0 };
} else if (args.includes('--deflate-no-context')) {
  perMessageDeflate = { threshold: 0, serverNoContextTakeover: true, clientNoContextTakeover: true };
}
const wss = new WebSocketServer({ server, maxPayload: 64 * 1024 * 1024, perMessageDeflate });
wss.on('headers', (headers) => {
  if (process.env.WSNOVA_NODE_LOG_HEADERS) process.stderr.write(headers.join(' | ') + '\n');
});

wss.on('connection', (ws, req) => {
  const url = new URL(req.url, 'http://localhost');
  const echo = () => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  switch (url.pathname) {
    case '/silent':
      ws._socket.pause();
      ws.ping = () => {};
      break;
    case '/fragmented': {
      const size = parseInt(url.searchParams.get('size') || '1000', 10);
      const count = parseInt(url.searchParams.get('count') || '10', 10);
      const text = 'abcdefghij'.repeat(Math.ceil(size / 10)).substring(0, size);
      const step = Math.ceil(size / count);
      for (let i = 0; i < count; i++) {
        ws.send(text.substring(i * step, Math.min(size, (i + 1) * step)), { fin: i === count - 1, binary: false });
      }
      echo();
      break;
    }
    case '/big': {
      const size = parseInt(url.searchParams.get('size') || '16777216', 10);
      const data = Buffer.alloc(size);
      for (let i = 0; i < size; i++) data[i] = i % 251;
      ws.send(data, { binary: true });
      echo();
      break;
    }
    case '/close':
      ws.close(parseInt(url.searchParams.get('code') || '1000', 10), 'bye');
      break;
    default:
      echo();
  }
  ws.on('error', () => {});
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
