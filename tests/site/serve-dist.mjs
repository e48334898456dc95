// A tiny static server for dist/ under a sub-path, for the browser checks (loopback only).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json',
};

// Compressed once per file, as a static host does (gzip level 6, nginx's and most CDNs' choice).
const gzipped = new Map();
const COMPRESSIBLE = new Set(['.html', '.js', '.wasm', '.css', '.svg', '.json']);

/** Serves `dir` at `prefix` (e.g. "/sandbox/") on 127.0.0.1 and a free port; gzip when the
 *  browser asks for it (`gzip: false` turns that off). */
export function serveDist(dir, prefix, { delayMs = 0, gzip = true } = {}) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404); res.end('outside the sub-path'); return; }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    const file = path.resolve(root, rel);
    if (!file.startsWith(root)) { res.writeHead(403); res.end(); return; }
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      const headers = { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' };
      if (gzip && COMPRESSIBLE.has(path.extname(file)) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        const key = `${file}:${body.length}`;
        if (!gzipped.has(key)) gzipped.set(key, zlib.gzipSync(body, { level: 6 }));
        body = gzipped.get(key);
        headers['content-encoding'] = 'gzip';
      }
      const send = () => { res.writeHead(200, headers); res.end(body); };
      delayMs ? setTimeout(send, delayMs) : send();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}${prefix}` })));
}
