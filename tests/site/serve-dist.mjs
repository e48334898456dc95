// A tiny static server for dist/ under a sub-path, for the browser checks (loopback only).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { brotli, COMPRESSIBLE } from '../../scripts/precompress.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

// Compressed once per file, as a static host does: gzip at level 6 (nginx's and most CDNs'
// choice for compressing on the fly), or brotli at quality 11 (what scripts/precompress.mjs
// writes beside each file for hosts that serve precompressed files).
const compressed = new Map();
const ENCODERS = { gzip: (body) => zlib.gzipSync(body, { level: 6 }), br: brotli };
const compress = (file, body, encoding) => {
  const key = `${file}:${body.length}:${encoding}`;
  if (!compressed.has(key)) compressed.set(key, ENCODERS[encoding](body));
  return compressed.get(key);
};

/** Serves `dir` at `prefix` (e.g. "/sandbox/") on 127.0.0.1 and a free port, compressed with
 *  `encoding` ("gzip", "br" or "identity") when the browser accepts it. */
export function serveDist(dir, prefix, { delayMs = 0, encoding = 'gzip' } = {}) {
  const root = path.resolve(dir);
  // Brotli at quality 11 takes ~2 s for the .wasm: compress up front, not in the first request.
  if (encoding === 'br') {
    for (const name of fs.readdirSync(root)) {
      const file = path.join(root, name);
      if (COMPRESSIBLE.test(name) && fs.statSync(file).isFile()) compress(file, fs.readFileSync(file), 'br');
    }
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404); res.end('outside the sub-path'); return; }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    const file = path.resolve(root, rel);
    if (!file.startsWith(root)) { res.writeHead(403); res.end(); return; }
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      const headers = { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' };
      const accepted = (req.headers['accept-encoding'] || '').split(',').map((e) => e.trim().split(';')[0]);
      if (ENCODERS[encoding] && COMPRESSIBLE.test(file) && accepted.includes(encoding)) {
        body = compress(file, body, encoding);
        headers['content-encoding'] = encoding;
      }
      const send = () => { res.writeHead(200, headers); res.end(body); };
      delayMs ? setTimeout(send, delayMs) : send();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}${prefix}` })));
}
